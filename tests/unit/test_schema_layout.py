"""Editors find the schema for the bundled sessions, from a checkout and from a wheel.

Every bundled session starts with a ``#:schema`` line naming sessions/session.schema.json
by a relative path. The wheel installs sessions/ as timer_tui/sessions/, so the
same path works there (tests/e2e/test_package_contents.py lints the unpacked
wheel). The checkout's .taplo.toml maps the same files to docs/session.schema.json,
for editors and the taplo CLI run at the top of the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.test_schema_editors import lint_sessions, taplo_lines, tool
from timer_tui.core.schema import schema_json

REPO = Path(__file__).resolve().parents[2]
SESSIONS = REPO / "sessions"
BUNDLED = sorted(SESSIONS.rglob("*.toml"))


def test_the_copy_beside_the_sessions_is_the_schema() -> None:
    docs = (REPO / "docs" / "session.schema.json").read_text(encoding="utf-8")
    copy = (SESSIONS / "session.schema.json").read_text(encoding="utf-8")
    assert copy == docs == schema_json(), "run: make schema (it writes both)"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.relative_to(SESSIONS).as_posix())
def test_every_bundled_session_names_the_copy(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = Path(os.path.relpath(SESSIONS / "session.schema.json", path.parent)).as_posix()
    assert first == f"#:schema {expected}"


def test_taplo_and_tombi_accept_every_bundled_session() -> None:
    """With the checkout's .taplo.toml and the files' own lines; tombi's warnings count."""
    lint_sessions(REPO, ["sessions/**/*.toml"], "sessions", len(BUNDLED))


def test_taplo_config_maps_sessions_without_a_schema_line(tmp_path: Path) -> None:
    """A session file of the checkout without the ``#:schema`` line is still checked."""
    shutil.copy(REPO / ".taplo.toml", tmp_path / ".taplo.toml")
    (tmp_path / "docs").mkdir()
    shutil.copy(REPO / "docs" / "session.schema.json", tmp_path / "docs")
    bad = tmp_path / "sessions" / "mine" / "bad.toml"
    bad.parent.mkdir(parents=True)
    bad.write_text('name = "No line"\n\n[[steps]]\nkind = "jog"\nduration = 60\n')
    assert taplo_lines(bad, tmp_path) == {4: taplo_lines(bad, tmp_path)[4]}
    assert "jog" in taplo_lines(bad, tmp_path)[4]


def test_taplo_config_leaves_other_toml_alone(tmp_path: Path) -> None:
    shutil.copy(REPO / ".taplo.toml", tmp_path / ".taplo.toml")
    (tmp_path / "docs").mkdir()
    shutil.copy(REPO / "docs" / "session.schema.json", tmp_path / "docs")
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "x"\n')
    assert taplo_lines(other, tmp_path) == {}  # not held to the session schema


def test_the_lint_commands_in_editors_md_work(tmp_path: Path) -> None:
    """docs/editors.md's shell lines, run as written (quoted globs and all), in bash."""
    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = [line for line in text.splitlines() if line.startswith(("taplo lint", "tombi lint"))]
    assert len(commands) == 3, commands
    sessions = tmp_path / ".local" / "share" / "timer-tui" / "sessions"
    (sessions / "deep" / "er").mkdir(parents=True)
    shutil.copy(REPO / "docs" / "session.schema.json", sessions.parent)
    good = 'name = "Mine"\n[[steps]]\nkind = "run"\nduration = 60\n'
    (sessions / "mine.toml").write_text(good)
    (sessions / "deep" / "er" / "bad.toml").write_text(good.replace("run", "jog"))
    bin_dir = Path(tool("taplo")).parent
    # No network here: tombi would fetch the SchemaStore catalog (for other TOML files).
    env = {"HOME": str(tmp_path), "PATH": f"{bin_dir}:/usr/bin:/bin", "TOMBI_OFFLINE": "true"}
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
        )
        if "$HOME" in command:  # the nested bad file is reached: the glob was taplo's
            assert done.returncode != 0 and "jog" in done.stderr, done.stderr[-2000:]
            assert "found files total=2 " in done.stderr
        else:
            assert done.returncode == 0, (command, done.stderr[-2000:])
