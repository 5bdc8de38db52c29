"""No text from a file reaches the terminal as control bytes (real processes).

A session's name once set the window title through `list`, `show` and `log`
(``ESC ]0;…BEL``); a step name wrote the clipboard through `run --plain` (OSC 52);
`show --cues` and `log --csv` printed raw control bytes; `check` echoed a newline,
so a value could forge an error line. Each command below runs the installed
program on such a session, and its whole output is searched for control bytes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import run_timer_tui

pytestmark = pytest.mark.e2e

TITLE = "\\u001b]0;pwned\\u0007"
CLIPBOARD = "\\u001b]52;c;cm0gLXJmIH4=\\u0007"
CSI = "\\u001b[2J"
C1 = "\\u009b31m"
DEL = "\\u007f"

HOSTILE = f"""\
name = "Evil{TITLE}{C1}"
description = "first{CSI}\\nsecond{DEL}"
tags = ["t{CSI}"]
[program]
id = "evil"
name = "Evil program{TITLE}"
order = 1
[cues]
countdown = 0
halfway = false
voice = false
[[steps]]
name = "Plank{CLIPBOARD}"
duration = 1
note = "keep{C1}2J straight{DEL}\\nfake line{CSI}"
say = "hi{TITLE}"
[[steps]]
repeat = 1
name = "Block{TITLE}"
steps = [{{ name = "Jog{CSI}", duration = 1 }}]
"""

FORGED = 'name = "x"\n[[steps]]\nduration = 5\nsets = "a\\nfake.toml:1:1: injected line"\n'


def controls(text: str) -> list[str]:
    """Control characters other than the newline that ends each line."""
    return [repr(c) for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


@pytest.fixture
def evil(subprocess_env: dict[str, str]) -> Path:
    folder = Path(subprocess_env["XDG_DATA_HOME"]) / "timer-tui" / "sessions"
    folder.mkdir(parents=True)
    path = folder / "evil.toml"
    path.write_text(HOSTILE)
    return path


def clean_run(env: dict[str, str], *args: str, code: int = 0) -> str:
    done = run_timer_tui(*args, env=env, timeout=60)
    assert done.returncode == code, done.stderr
    assert controls(done.stdout) == [], f"stdout of {args}"
    assert controls(done.stderr) == [], f"stderr of {args}"
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("show", "evil"),
        ("show", "evil", "--cues"),
    ],
)
def test_listing_and_showing_print_no_control_bytes(
    evil: Path, subprocess_env: dict[str, str], args: tuple[str, ...]
) -> None:
    out = clean_run(subprocess_env, *args)
    assert "\\x1b" in out or "\\x9b" in out, "shown escaped, not dropped"


def test_next_prints_no_control_bytes(evil: Path, subprocess_env: dict[str, str]) -> None:
    out = clean_run(subprocess_env, "next", "evil", "--plain", "--mute")
    assert "Evil\\x1b]0;pwned" in out


def test_a_plain_run_and_the_log_print_no_control_bytes(
    evil: Path, subprocess_env: dict[str, str]
) -> None:
    out = clean_run(subprocess_env, "run", "evil", "--plain", "--mute")
    assert "Plank\\x1b]52;c;cm0gLXJmIH4=\\x07" in out
    clean_run(subprocess_env, "log")
    csv_text = clean_run(subprocess_env, "log", "--csv")
    assert "Evil\\x1b]0;pwned\\x07\\x9b31m" in csv_text


def test_json_keeps_the_exact_text(evil: Path, subprocess_env: dict[str, str]) -> None:
    """Scripts get the real name; json.dumps escapes every control character itself."""
    done = run_timer_tui("list", "--json", env=subprocess_env, timeout=60)
    assert controls(done.stdout.replace("\x7f", "")) == []
    records = {r["id"]: r for r in json.loads(done.stdout)}
    assert records["evil"]["name"] == "Evil\x1b]0;pwned\x07\x9b31m"


def test_check_cannot_be_made_to_print_a_forged_line(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    path = tmp_path / "forge.toml"
    path.write_text(FORGED)
    out = clean_run(subprocess_env, "check", str(path), code=1)
    lines = out.splitlines()
    assert not any(line.startswith("fake.toml") for line in lines), lines
    assert '"a\\nfake.toml:1:1: injected line"' in lines[0]


def test_a_program_id_with_control_bytes_is_refused_and_shown_escaped(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    """An id is no longer free text (it names a folder, and is typed after ``next``)."""
    path = tmp_path / "id.toml"
    path.write_text(HOSTILE.replace('id = "evil"', f'id = "evil{C1}"'))
    out = clean_run(subprocess_env, "check", str(path), code=1)
    assert 'program.id: found "evil\\x9b31m"' in out


def test_check_escapes_control_bytes_in_values_and_keys(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(f'name = "x"\n"k{TITLE}" = 1\n[[steps]]\nduration = 5\nkind = "{CSI}"\n')
    clean_run(subprocess_env, "check", str(path), code=1)
