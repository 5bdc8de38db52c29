"""One bad file in the user's sessions folder never takes down anything else (real processes).

Each file below once crashed the loader, and with it `list`, `list --json`, `show`,
`run ID` and `next` of every other session (exit 70), or hung them (a FIFO).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_timer_tui

pytestmark = pytest.mark.e2e

BROKEN = {
    "broken/huge-number": 'name = "x"\n[[steps]]\nduration = ' + "9" * 5000 + "\n",
    "broken/huge-duration-text": 'name = "x"\n[[steps]]\nduration = "' + "9" * 5000 + 's"\n',
    "broken/huge-repeat": (
        'name = "x"\n[[steps]]\nrepeat = ' + "9" * 5000 + "\nsteps = [{duration = 5}]\n"
    ),
    "broken/nul-sound": 'name = "x"\n[[steps]]\nduration = 5\nsound = "a\\u0000b.wav"\n',
    "broken/tilde-user": 'name = "x"\n[[steps]]\nduration = 5\nsound = "~nosuchuser/a.wav"\n',
    "broken/fifo-sound": 'name = "x"\n[[steps]]\nduration = 5\nsound = "fifo.wav"\n',
    # Shadows the bundled session of the same id, so `next c25k` must step over it.
    "c25k/week-1-run-1": 'name = "x"\n[[steps]]\nduration = ' + "9" * 5000 + "\n",
}

GOOD = """\
name = "Quick one"
[cues]
countdown = 0
halfway = false
voice = false
[[steps]]
kind = "run"
duration = 1
"""


@pytest.fixture
def user_dir(subprocess_env: dict[str, str]) -> Path:
    folder = Path(subprocess_env["XDG_DATA_HOME"]) / "timer-tui" / "sessions"
    for session_id, text in BROKEN.items():
        path = folder / f"{session_id}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    os.mkfifo(folder / "broken" / "fifo.wav")
    (folder / "quick.toml").write_text(GOOD)
    return folder


def cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    done = run_timer_tui(*args, env=env, timeout=30)
    assert "Traceback" not in done.stdout + done.stderr
    assert "internal error" not in done.stderr
    return done.returncode, done.stdout, done.stderr


def test_list_marks_each_broken_file_and_lists_the_rest(
    user_dir: Path, subprocess_env: dict[str, str]
) -> None:
    code, out, _ = cli(subprocess_env, "list")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    for session_id in BROKEN:
        assert "INVALID" in lines[session_id], lines[session_id]
    assert "too many digits" in lines["broken/huge-number"]
    assert "NUL" in lines["broken/nul-sound"]
    assert "no user" in lines["broken/tilde-user"]
    assert "FIFO" in lines["broken/fifo-sound"]
    assert "INVALID" not in lines["quick"]
    assert "INVALID" not in lines["c25k/week-1-run-2"]


def test_list_json_has_every_session_and_the_first_error(
    user_dir: Path, subprocess_env: dict[str, str]
) -> None:
    code, out, _ = cli(subprocess_env, "list", "--json")
    assert code == 0
    records = {r["id"]: r for r in json.loads(out)}
    for session_id in BROKEN:
        assert records[session_id]["valid"] is False
        assert records[session_id]["errors"]
    assert records["quick"]["valid"] is True
    assert len(records) > 60  # the bundled library is all there


def test_show_and_run_of_another_session_still_work(
    user_dir: Path, subprocess_env: dict[str, str]
) -> None:
    code, out, _ = cli(subprocess_env, "show", "quick")
    assert code == 0 and "Quick one" in out
    code, out, _ = cli(subprocess_env, "show", "c25k/week-1-run-2", "--cues")
    assert code == 0
    code, out, _ = cli(subprocess_env, "run", "quick", "--plain", "--json", "--mute")
    assert code == 0
    assert json.loads(out.splitlines()[-1])["event"] == "session_finished"


def test_show_of_a_broken_file_is_a_clear_error(
    user_dir: Path, subprocess_env: dict[str, str]
) -> None:
    code, _, err = cli(subprocess_env, "show", "broken/fifo-sound")
    assert code == 2
    assert "FIFO" in err


def test_next_skips_a_broken_session_with_a_notice(
    user_dir: Path, subprocess_env: dict[str, str]
) -> None:
    code, out, err = cli(subprocess_env, "next", "c25k", "--dry-run")
    assert code == 0
    assert out.strip() == "c25k/week-1-run-2"
    assert "c25k/week-1-run-1" in err and "does not load" in err


def test_check_of_the_folder_reports_each_file_without_blocking(
    user_dir: Path, subprocess_env: dict[str, str]
) -> None:
    code, out, err = cli(subprocess_env, "check", str(user_dir))
    assert code == 1
    assert len([line for line in out.splitlines() if line]) == len(BROKEN)
    assert "8 files checked: 1 valid" in err
