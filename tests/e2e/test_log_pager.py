"""`timer-tui log` on a terminal: a table taller than the screen goes through the pager.

The real program in a pseudo-terminal (100x30), over a log written by the real
recorder. The pager is a small script that keeps what it was given, so the test
sees exactly the bytes a pager gets; ``--no-pager`` prints them to the terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import VENV_BIN, FakeClock, open_run
from timer_tui.cli.pager import pager_command
from timer_tui.library.sessions import resolve


def in_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What the program writes to a 100x30 terminal, line ends as the program wrote them."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [str(VENV_BIN / "timer-tui"), *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=60) == 0
    os.close(master)
    return out.replace(b"\r\n", b"\n")


def plain(shown: bytes) -> bytes:
    return re.sub(rb"\x1b\[[0-9;]*m", b"", shown)


def logged(runs: int) -> None:
    entry = resolve("presets/rest-timer")
    for _ in range(runs):
        clock = FakeClock()
        engine, recorder = open_run(entry, clock)
        engine.start()
        clock.advance(4000.0)
        engine.poll()
        recorder.close()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    keeper = f"import sys; open({str(tmp_path / 'paged')!r}, 'w').write(sys.stdin.read())"
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "TIMER_TUI_PAGER": f"{sys.executable} -c {keeper!r}",
    }


def test_a_long_log_goes_through_the_pager(env: dict[str, str], tmp_path: Path) -> None:
    logged(30)  # 30 rows, and the title, header and last line: taller than 30 lines
    shown = in_terminal(["log"], env)
    paged = (tmp_path / "paged").read_bytes()
    assert shown == b""
    assert paged == in_terminal(["log", "--no-pager"], env)
    assert b"\x1b[" in paged and b"30 sessions" in plain(paged)  # styled, as a terminal gets it


def test_a_log_that_fits_is_printed(env: dict[str, str], tmp_path: Path) -> None:
    logged(3)
    shown = in_terminal(["log"], env)
    assert b"3 sessions" in plain(shown)
    assert not (tmp_path / "paged").exists()


def test_a_pipe_is_never_paged(env: dict[str, str], tmp_path: Path) -> None:
    logged(20)
    done = subprocess.run(
        [str(VENV_BIN / "timer-tui"), "log"], env=env, capture_output=True, check=True
    )
    assert b"20 sessions" in done.stdout and b"\x1b" not in done.stdout
    assert not (tmp_path / "paged").exists()


def test_a_pager_that_cannot_start_leaves_the_table_printed(env: dict[str, str]) -> None:
    logged(30)
    shown = in_terminal(["log"], {**env, "TIMER_TUI_PAGER": "/nonexistent/pager"})
    assert shown == in_terminal(["log", "--no-pager"], env)


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({}, ["less"]),
        ({"PAGER": "most -s"}, ["most", "-s"]),
        ({"PAGER": "more", "TIMER_TUI_PAGER": "less -S"}, ["less", "-S"]),
        ({"TIMER_TUI_PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "'unclosed"}, None),
    ],
)
def test_the_pager_is_chosen_as_git_chooses(
    environ: dict[str, str], command: list[str] | None
) -> None:
    assert pager_command(environ) == command
