"""A closed pipe stops every command at once, quietly, with the status pipelines expect.

Real pipes into the real ``head``: the program must notice that its reader has gone
(even while a 5-minute step is running and nothing is being written), stop without a
traceback or "Exception ignored", exit 141 (128 + SIGPIPE, what ``yes | head`` gives),
and a session stopped that way is in the log as quit, not interrupted.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time

import pytest

from tests.conftest import logged_sessions, timer_tui_command
from timer_tui.log.records import Outcome

pytestmark = pytest.mark.e2e


def piped(command: str, env: dict[str, str], timeout: float = 15.0) -> tuple[str, str, int, float]:
    """``timer-tui COMMAND | head -1``: its output, its stderr, timer-tui's status, the time."""
    program = shlex.join(timer_tui_command())
    script = f'{program} {command} 2>err.txt | head -2; echo "status=${{PIPESTATUS[0]}}"'
    began = time.monotonic()
    proc = subprocess.Popen(
        ["bash", "-c", f"cd {shlex.quote(env['XDG_CACHE_HOME'])} && {script} && cat err.txt"],
        stdin=subprocess.PIPE,  # open, as a terminal would be: the run never sees end-of-input
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # so that a run that does not stop can be ended with its shell
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate()
        raise
    took = time.monotonic() - began
    out, _, rest = stdout.partition("status=")
    status, _, err = rest.partition("\n")
    return out, err + stderr, int(status), took


def test_a_plain_run_into_head_stops_at_once_and_is_logged_as_quit(
    subprocess_env: dict[str, str],
) -> None:
    out, err, status, took = piped("run c25k/week-1-run-1 --plain --mute", subprocess_env)
    assert len(out.splitlines()) == 2
    assert took < 8, f"the 30-minute run went on after head left ({took:.1f} s)"
    assert status == 141
    assert "Traceback" not in err and "Exception ignored" not in err and "Broken" not in err
    (record,) = logged_sessions()
    assert record.outcome is Outcome.QUIT


def test_plain_json_into_head_stops_too(subprocess_env: dict[str, str]) -> None:
    out, err, status, took = piped("run c25k/week-1-run-1 --plain --json --mute", subprocess_env)
    assert took < 8 and status == 141 and err.strip() == ""
    assert out.splitlines()[0].startswith("{")


@pytest.mark.parametrize(
    "command", ["log --json", "log", "log --csv", "doctor", "list", "list --json", "--help"]
)
def test_every_command_into_head_exits_quietly(
    command: str, subprocess_env: dict[str, str]
) -> None:
    # A log with enough rows that its output is more than head reads.
    for _ in range(3):
        piped("run c25k/week-1-run-1 --plain --mute", subprocess_env)
    out, err, status, _ = piped(command, subprocess_env)
    assert out.strip()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert status in (0, 141), status  # 0 when all of it fitted in the pipe before head left
