"""A non-editable install finds its bundled sessions and sounds, not the checkout's."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e


def test_wheel_install_lists_bundled_sessions(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("timer_tui-*.whl")
    venv = tmp_path / "venv"
    # The test venv's packages (textual, platformdirs) are reused; timer-tui itself is not.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    site = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    venv_site = next((venv / "lib").glob("python*/site-packages"))
    (venv_site / "deps.pth").write_text(site + "\n")
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**subprocess_env, "PYTHONPATH": ""}
    listing = subprocess.run(
        [str(venv / "bin" / "timer-tui"), "list", "--json"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
    )
    assert listing.returncode == 0, listing.stderr
    records = json.loads(listing.stdout)
    paths = [Path(r["path"]) for r in records]
    assert any(r["id"] == "examples/run-walk-intervals" for r in records)
    assert all(str(p).startswith(str(venv)) for p in paths), paths[:3]
    sounds = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from timer_tui.library.paths import bundled_sounds_dir as d; print(d())",
        ],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
    )
    assert sounds.stdout.strip().startswith(str(venv)), sounds.stdout
    # export and import (issue 15) from the wheel: its metadata names their libraries as
    # runtime dependencies, and both commands work outside the checkout.
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [
            line
            for line in archive.read(name).decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
    for dependency in ("garmin-fit-sdk", "defusedxml"):
        assert any(dependency in line and "extra ==" not in line for line in requires), requires

    def timer_tui(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(venv / "bin" / "timer-tui"), *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=outside, env=env)

    fit = timer_tui("export", "c25k/week-1-run-1", "-o", "w1.fit")
    assert fit.returncode == 0, fit.stderr
    assert (outside / "w1.fit").read_bytes()[8:12] == b".FIT"
    zwo = timer_tui("export", "presets/tabata", "-o", "tabata.zwo")
    assert zwo.returncode == 0, zwo.stderr
    imported = timer_tui("import", "tabata.zwo", "--name", "Wheel tabata")
    assert imported.returncode == 0, imported.stderr
    assert "run it with: timer-tui run wheel-tabata" in imported.stdout
    # plan and log export/import (issue 15) from the wheel: icalendar is a runtime dependency.
    assert any("icalendar" in line and "extra ==" not in line for line in requires), requires
    days = ("--start", "2026-12-01", "--days", "mon,wed,fri", "--time", "07:00")
    planned = timer_tui("plan", "c25k", *days, "-o", "c25k.ics")
    assert planned.returncode == 0, planned.stderr
    assert (outside / "c25k.ics").read_bytes().count(b"BEGIN:VEVENT") == 27
    assert timer_tui("plan").stdout.startswith("c25k: ")
    (outside / "other.json").write_text(json.dumps(_one_session_export()))
    for added in ("added 1 session", "added 0 sessions"):  # the second import adds nothing
        merged = timer_tui("log", "import", "other.json")
        assert merged.returncode == 0 and added in merged.stdout, merged.stderr
    exported = timer_tui("log", "export", "-o", "log.json")
    assert exported.returncode == 0 and "exported 1 session" in exported.stderr, exported.stderr
    [session] = json.loads((outside / "log.json").read_text())["sessions"]
    assert session["uid"] == "0123456789abcdef0123456789abcdef" and session["steps"][0]["load"]


def _one_session_export() -> dict[str, object]:
    """What `timer-tui log export` writes for one session on another machine."""
    at = "2026-11-02T07:00:00+01:00"
    step = {
        "step_index": 0, "name": "Squat", "kind": "exercise", "planned_seconds": None,
        "actual_seconds": 40.0, "paused_seconds": 5.0, "adjusted_seconds": 0,
        "outcome": "completed", "reps_planned": 10, "reps_done": 8, "load": "20 kg",
        "ended_at": at,
    }  # fmt: skip
    session = {
        "uid": "0123456789abcdef0123456789abcdef", "session_id": "mine/squats",
        "name": "Squats", "started_at": at, "ended_at": at, "last_seen_at": at,
        "planned_seconds": 0, "step_count": 1, "active_seconds": 40.0,
        "paused_seconds": 5.0, "outcome": "completed", "resumes": 0, "steps": [step],
    }  # fmt: skip
    return {"format": "timer-tui-log", "version": 1, "sessions": [session]}
