"""The log is the journal: a step's row is committed before its `step_ended` line is out.

A reader that kills the process the instant it sees the line (a supervisor, a
script that stops after the first set) must still find the step in the log.
Twenty real processes, each killed with SIGKILL the moment the line arrives.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import start_timer_tui
from tests.e2e.conftest import records

pytestmark = pytest.mark.e2e

TRIALS = 20
AT_ONCE = 5
SESSION = """name = "Journal"
[cues]
countdown = 0
halfway = false
[[steps]]
kind = "run"
duration = 1
[[steps]]
kind = "walk"
duration = 5
"""


def _kill_at_first_step_ended(proc: subprocess.Popen[str]) -> bool:
    """Read lines until `step_ended`, then SIGKILL at once; False if it never came."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if json.loads(line)["event"] == "step_ended":
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
            return True
    return False


def test_a_step_ended_line_means_the_step_is_in_the_log(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    session = tmp_path / "journal.toml"
    session.write_text(SESSION)
    lost = 0
    for batch in range(TRIALS // AT_ONCE):
        envs = []
        procs = []
        for i in range(AT_ONCE):
            data = tmp_path / f"data-{batch}-{i}"
            data.mkdir()
            env = {**subprocess_env, "XDG_DATA_HOME": str(data)}
            envs.append(env)
            procs.append(
                start_timer_tui("run", str(session), "--plain", "--json", "--mute", env=env)
            )
        try:
            for proc in procs:
                assert _kill_at_first_step_ended(proc), proc.stderr.read() if proc.stderr else ""
        finally:
            for proc in procs:
                proc.kill()
                proc.wait(timeout=5)
        for env in envs:
            [record] = records(env)
            if [s.index for s in record.steps] != [0]:
                lost += 1
    assert lost == 0, f"{lost} of {TRIALS} killed runs lost the step whose line was printed"
