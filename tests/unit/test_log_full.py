"""A full disk (simulated: SQLite's "database or disk is full") never drops a step.

The writes are kept and retried in order until they go in; the user hears once
that the disk is full and once that nothing was lost; what is still unwritten at
exit is said. tests/e2e/test_log_full.py does the same with a real full tmpfs.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock, logged_sessions, open_run
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log import writer
from timer_tui.log.records import Outcome
from timer_tui.log.store import History


class Disk:
    full = False


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    """History.write fails as SQLite does on a full disk while ``disk.full``."""
    state = Disk()
    real = History.write

    @contextlib.contextmanager
    def write(self: History) -> Iterator[sqlite3.Connection]:
        if state.full:
            raise sqlite3.OperationalError("database or disk is full")
        with real(self) as c:
            yield c

    monkeypatch.setattr(History, "write", write)
    monkeypatch.setattr(writer, "FULL_RETRY_SECONDS", 0.05)
    return state


def until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.fixture
def entry() -> SessionEntry:
    return resolve("presets/rest-timer")


def test_writes_refused_for_lack_of_space_are_retried_in_order(
    entry: SessionEntry, tmp_path: Path, clock: FakeClock, disk: Disk
) -> None:
    db = tmp_path / "log.sqlite3"
    messages: list[str] = []
    engine, recorder = open_run(entry, clock, path=db, notify=messages.append)
    engine.start()
    disk.full = True
    while not engine.status.is_over:
        clock.advance(engine.step.seconds or 1)
        if engine.step.seconds is None:
            engine.done()
        else:
            engine.poll()
    assert recorder.pending  # kept, not dropped
    assert until(lambda: any("full" in m for m in messages))
    assert sum("full" in m for m in messages) == 1
    disk.full = False
    assert recorder.wait(5)
    assert messages[-1] == "the log is writable again; nothing was lost"
    [record] = logged_sessions(db, with_steps=True)
    assert record.outcome is Outcome.COMPLETED
    assert [s.index for s in record.steps] == list(range(len(entry.timeline())))


def test_what_a_full_disk_kept_out_is_said_at_exit(
    entry: SessionEntry, tmp_path: Path, clock: FakeClock, disk: Disk
) -> None:
    db = tmp_path / "log.sqlite3"
    messages: list[str] = []
    engine, _recorder = open_run(entry, clock, path=db, notify=messages.append)
    engine.start()
    disk.full = True
    engine.quit()
    assert not writer.wait_all(0.3)
    assert "the disk stayed full" in messages[-1] and "could not be saved" in messages[-1]
    disk.full = False
    assert writer.wait_all(5)
