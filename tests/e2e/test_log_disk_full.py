"""A disk that fills up mid-session, for real: a small tmpfs holds the log.

Writes that fail for lack of space are kept and retried in order; when space
comes back every step is in the log and the finished session is complete, not
"interrupted". Needs `mount` (root, as in CI); tests/unit/test_log_full.py covers
the same rules with a simulated full disk everywhere.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import start_timer_tui
from tests.e2e.conftest import records
from timer_tui.log.records import Outcome

pytestmark = pytest.mark.e2e

STEPS = 5
SESSION = """name = "Full disk"
[cues]
countdown = 0
halfway = false
""" + "".join('[[steps]]\nkind = "run"\nduration = 1\n' for _ in range(STEPS))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; the file to delete to free it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0")
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_mid_session_loses_nothing_once_space_returns(
    tmp_path: Path, subprocess_env: dict[str, str], small_disk: Path
) -> None:
    session = tmp_path / "full.toml"
    session.write_text(SESSION)
    env = {**subprocess_env, "XDG_DATA_HOME": str(small_disk)}
    proc = start_timer_tui("run", str(session), "--plain", "--json", "--mute", env=env)
    assert proc.stdout is not None
    events: list[str] = []
    filler: Path | None = None
    for line in proc.stdout:
        event = json.loads(line)
        events.append(event["event"])
        if event["event"] == "step_started" and event["index"] == 0:
            filler = fill(small_disk)
        if event["event"] == "step_started" and event["index"] == 3:
            assert filler is not None
            filler.unlink()  # space comes back after two steps were refused
    code = proc.wait(timeout=15)
    err = proc.stderr.read() if proc.stderr else ""
    assert code == 0, err
    assert "full" in err and "nothing was lost" in err, err
    [record] = records(env)
    assert record.outcome is Outcome.COMPLETED
    assert [s.index for s in record.steps] == list(range(STEPS))
