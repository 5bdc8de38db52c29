"""Shared fixtures: every test runs with its own data, config and cache folders.

A developer's own sessions, history and keymap never leak into a test, and a
test never writes into them (harlequin's conftest does the same). The helpers
that more than one folder needs live here too: a fake clock, and a session run
on it into a real log.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest

from timer_tui.core.engine import Engine
from timer_tui.library.sessions import SessionEntry
from timer_tui.log.owner import OwnerCheck, owner_alive
from timer_tui.log.recorder import Recorder, open_recorder
from timer_tui.log.records import SessionRecord, local_now
from timer_tui.log.store import History

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = root / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    # pytest-xdist's workers set COLUMNS=80; `list` and `show` fit their lines to it.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    yield root


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class WallClock:
    """Wall time that follows a fake monotonic clock from ``start``, so logged times are exact."""

    def __init__(self, clock: FakeClock, start: dt.datetime) -> None:
        self.clock = clock
        self.start = start
        self.origin = clock.now

    def __call__(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.clock.now - self.origin)


def open_run(
    entry: SessionEntry,
    clock: FakeClock,
    *,
    start: dt.datetime | None = None,
    path: Path | None = None,
    notify: Callable[[str], None] = print,
    start_index: int = 0,
    resume_row: int | None = None,
) -> tuple[Engine, Recorder]:
    """An engine on ``clock`` whose events a real recorder writes to the log at ``path``.

    Not started: the test drives it. ``path=None`` is the isolated data folder's log;
    ``start`` pins the wall time to the fake clock (else it is the real one).
    """
    timeline = entry.timeline()
    recorder = open_recorder(
        entry,
        timeline,
        path=path,
        notify=notify,
        now=local_now if start is None else WallClock(clock, start),
        resume_row=resume_row,
    )
    engine = Engine(timeline, clock=clock, start_index=start_index)
    engine.subscribe(recorder)
    return engine, recorder


class RunIntoLog(Protocol):
    def __call__(
        self,
        entry: SessionEntry,
        *,
        path: Path | None = None,
        start: dt.datetime | None = None,
        quit_at: int | None = None,
    ) -> None: ...


def _run_into_log(
    entry: SessionEntry,
    *,
    path: Path | None = None,
    start: dt.datetime | None = None,
    quit_at: int | None = None,
) -> None:
    """Run ``entry`` on its own fake clock, every step done in full, quitting at step ``quit_at``."""
    clock = FakeClock()
    engine, _ = open_run(entry, clock, start=start or local_now(), path=path)
    engine.start()
    while not engine.status.is_over:
        if quit_at is not None and engine.index == quit_at:
            engine.quit()
            break
        seconds = engine.step.seconds
        if seconds is None:
            engine.done()
        else:
            clock.advance(seconds)
            engine.poll()


def open_log(
    path: Path | None = None, *, readonly: bool = False, is_alive: OwnerCheck = owner_alive
) -> History:
    """The log at ``path`` (the data folder's by default), which the test expects to open."""
    opened = History.open(path, readonly=readonly, is_alive=is_alive)
    assert opened.history is not None, opened.message
    return opened.history


def logged_sessions(
    path: Path | None = None, *, with_steps: bool = False, is_alive: OwnerCheck = owner_alive
) -> list[SessionRecord]:
    """What the log holds now, newest first, read as `timer-tui log` reads it."""
    with open_log(path, readonly=True, is_alive=is_alive) as log:
        return log.sessions(with_steps=with_steps)


def hand_to_a_dead_process(db: Path) -> None:
    """As if the process running the logged session died: its row now names a pid that exited."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE sessions SET owner_pid = ?, owner_token = NULL", (gone.pid,))
    conn.commit()
    conn.close()


@pytest.fixture
def run_into_log(isolated_dirs: Path) -> RunIntoLog:
    """Past runs in a log: the default log is the test's own data folder's."""
    return _run_into_log


def write_user_config(text: str) -> Path:
    """The user's config.toml (in the test's own config folder) holding ``text``."""
    from timer_tui.library.paths import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def timer_tui_command() -> list[str]:
    """The installed entry point of the venv running the tests."""
    script = VENV_BIN / "timer-tui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "timer_tui"]


def start_timer_tui(
    *args: str, env: dict[str, str], stdin: int = subprocess.DEVNULL, own_job: bool = False
) -> subprocess.Popen[str]:
    """The real program, running: its output piped as text for the test to read as it comes.

    ``own_job``: in a process group of its own, as a shell with job control starts
    a job. The kernel discards a ``SIGTSTP`` sent to an orphaned process group
    (one no job control can continue), which a test runner's worker may be in.
    """
    return subprocess.Popen(
        [*timer_tui_command(), *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=os.setpgrp if own_job else None,  # process_group=0 from Python 3.11
    )


def run_timer_tui(
    *args: str, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """The real program run to its end with nothing on stdin; its output as text."""
    return subprocess.run(
        [*timer_tui_command(), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def subprocess_env(isolated_dirs: Path) -> dict[str, str]:
    """The environment for a real `timer-tui` process, with the isolated folders."""
    return dict(os.environ)
