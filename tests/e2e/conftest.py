"""The real program in tmux, and the log it leaves behind.

Each test has a tmux server of its own: keys in, screen out.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import logged_sessions, timer_tui_command
from timer_tui.log.records import SessionRecord


class Tmux:
    """One tmux server of our own (``-L``), so a developer's sessions are never touched."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    @classmethod
    def fresh(cls, name: str) -> Tmux:
        return cls(f"{name}-{uuid.uuid4().hex[:8]}")

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def start(self, command: str) -> None:
        """The pane ``app``, 100 x 30, running ``command`` (a shell line)."""
        self.run("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "app")

    def title(self) -> str:
        return self.run("display-message", "-p", "-t", "app", "#{pane_title}").strip()

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "app", *keys)

    def wait_for(self, check: Callable[[str], bool], timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out; the screen was:\n{screen}")


def app_command(*args: str, then: str = "sleep 30") -> str:
    """A shell line running ``timer-tui ARGS`` with the test's own folders, then ``then``.

    The pane outlives the app (``sleep``) so a test can still read its last screen.
    """
    env = {k: os.environ[k] for k in os.environ if k.startswith("XDG_")}
    env["TERM"] = "xterm-256color"
    return " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            *map(shlex.quote, timer_tui_command()),
            *map(shlex.quote, args),
            f"; {then}",
        ]
    )


def db_path(env: dict[str, str]) -> Path:
    """The log of a real process started with ``env``."""
    return Path(env["XDG_DATA_HOME"]) / "timer-tui" / "history.sqlite3"


def records(env: dict[str, str]) -> list[SessionRecord]:
    return logged_sessions(db_path(env), with_steps=True)


def integrity(env: dict[str, str]) -> str:
    conn = sqlite3.connect(db_path(env))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def tmux(isolated_dirs: Path) -> Iterator[Tmux]:
    """A tmux server for this test, killed at its end; the test starts the pane."""
    t = Tmux.fresh("timer-tui-test")
    try:
        yield t
    finally:
        t.run("kill-server")
