"""The crash log says where it really went, even when the data folder cannot hold it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from timer_tui.cli import main as cli_main
from timer_tui.core.engine import Engine, Event, Status
from timer_tui.core.loader import parse_session
from timer_tui.core.timeline import expand
from timer_tui.library.paths import data_dir


def _crash() -> Path | str:
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        return cli_main._write_crash_log()


def test_the_crash_log_goes_to_the_data_folder() -> None:
    where = _crash()
    assert isinstance(where, Path) and where.parent == data_dir()
    assert "RuntimeError: a bug" in where.read_text()


def test_a_data_folder_that_is_a_file_sends_it_elsewhere_and_says_where() -> None:
    data_dir().parent.mkdir(parents=True, exist_ok=True)
    data_dir().write_text("not a folder")
    where = _crash()
    assert isinstance(where, Path), where
    assert "RuntimeError: a bug" in where.read_text()
    assert where.stat().st_mode & 0o077 == 0  # a traceback may hold paths: private


def test_a_failing_subscriber_goes_to_the_crash_log_and_the_timer_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The engine logs a subscriber's failure and keeps time. Python's last resort
    printed the whole traceback on plain mode's terminal (QA: a reps count that
    overflowed SQLite's integer in the recorder)."""

    def broken(event: Event) -> None:
        raise ZeroDivisionError("a bug in a subscriber")

    logger = logging.getLogger("timer_tui")
    cli_main.log_bugs_to_crash_log()
    try:
        clock = FakeClock()
        session = parse_session('name = "S"\n[[steps]]\nduration = 5\n').session
        assert session is not None
        engine = Engine(expand(session), clock=clock)
        engine.subscribe(broken)
        events = engine.start()
        clock.advance(6)
        events += engine.poll()
    finally:
        for handler in logger.handlers[:]:
            logger.removeHandler(handler)
        logger.propagate = True
    assert engine.status is Status.FINISHED
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("internal error; details written to") == 1  # once, not at every event
    log = (data_dir() / "crash.log").read_text()
    assert log.count("ZeroDivisionError: a bug in a subscriber") == len(events)  # each one
