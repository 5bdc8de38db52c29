"""The app as textual-serve runs it: a process with pipes, no terminal, Textual's web driver.

textual-serve starts the command with stdin and stdout as pipes and
``TEXTUAL_DRIVER`` naming the web driver; the app must draw into that pipe (the
browser waits for ``__GANGLION__`` and then the first bytes), not refuse to start
for want of a terminal.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import timer_tui_command

pytestmark = pytest.mark.e2e

INTERVALS = Path(__file__).resolve().parent.parent / "app" / "sessions" / "test-program"
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def meta(payload: dict[str, object]) -> bytes:
    """A meta packet as textual-serve writes it to the app's stdin."""
    data = json.dumps(payload).encode()
    return b"M" + len(data).to_bytes(4, "big") + data


def read_for(process: subprocess.Popen[bytes], seconds: float) -> bytes:
    """What the process writes to stdout within ``seconds`` (or until it closes it)."""
    assert process.stdout is not None
    out = b""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([process.stdout], [], [], left)
        if not ready:
            break
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        if b"__GANGLION__" in out and len(out) > 2000:
            break
    return out


def start_under(driver: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``run`` of the intervals session as textual-serve starts it: pipes, ``driver``, 45x50."""
    return subprocess.Popen(
        [*timer_tui_command(), "run", str(INTERVALS / "intervals.toml"), "--mute"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**env, "TEXTUAL_DRIVER": driver, "COLUMNS": "45", "ROWS": "50"},
    )


@pytest.mark.parametrize("driver", [WEB_DRIVER, "timer_tui.ui.served:ServedDriver"])
def test_the_app_starts_under_the_web_driver(driver: str, subprocess_env: dict[str, str]) -> None:
    process = start_under(driver, subprocess_env)
    try:
        out = read_for(process, 15)
        assert out.startswith(b"__GANGLION__\n"), (out[:300], process.poll())
        assert b"Brisk walk" in out  # the countdown is drawn into the pipe
        assert process.stdin is not None
        process.stdin.write(meta({"type": "quit"}))
        process.stdin.flush()
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    assert b"needs a terminal" not in process.stderr.read()


def test_the_footer_is_drawn_before_the_browser_has_the_focus(
    subprocess_env: dict[str, str],
) -> None:
    """Textual's web driver starts the app blurred, and its footer builds its keys only
    when the app has the focus: a phone's page never gives it (no keyboard), so the
    footer stayed an empty bar. Served, the app starts focused."""
    process = start_under("timer_tui.ui.served:ServedDriver", subprocess_env)
    try:
        out = b""
        deadline = time.monotonic() + 15
        while b"space" not in out and time.monotonic() < deadline:
            out += read_for(process, 0.5)
        assert b"space" in out and b"Pause" in out  # the footer's first key
    finally:
        process.kill()
        process.wait()
