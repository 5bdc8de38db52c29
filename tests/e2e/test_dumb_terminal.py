"""With TERM=dumb (or no TERM) the full-screen app is not drawn: plain mode runs, and says so.

A real process on a real pseudo-terminal: the app would otherwise write true-colour
and cursor codes that a dumb terminal prints as garbage.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import timer_tui_command

pytestmark = pytest.mark.e2e

SESSION = (
    'name = "Dumb"\n[cues]\ncountdown = 0\nhalfway = false\n[[steps]]\nname = "Squat"\nreps = 3\n'
)


def run_on_a_pty(args: list[str], env: dict[str, str], keys: bytes) -> tuple[int, str]:
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [*timer_tui_command(), *args], stdin=child, stdout=child, stderr=child, env=env
    )
    os.close(child)
    out = b""
    sent = False
    deadline = time.monotonic() + 15
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(main, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            if not sent and b"Enter when done" in out:
                os.write(main, keys)
                sent = True
            if proc.poll() is not None and not ready:
                break
        code = proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    return code, out.decode(errors="replace")


@pytest.mark.parametrize("term", ["dumb", ""])
def test_a_dumb_terminal_gets_plain_mode(
    term: str, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    path = tmp_path / "dumb.toml"
    path.write_text(SESSION, encoding="utf-8")
    env = {**subprocess_env, "TERM": term}
    code, out = run_on_a_pty(["run", str(path), "--mute"], env, b"\n")
    assert code == 0, out
    assert "plain mode" in out and "session complete" in out
    assert "\x1b[" not in out  # no colour, no cursor moves
