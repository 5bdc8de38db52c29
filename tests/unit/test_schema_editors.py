"""The JSON Schema as editors use it: Taplo (Even Better TOML's engine) and tombi, run for real.

Eleven common mistakes, one file each in schema_mistakes/, must each be reported at
their own line (the line marked ``# <- mistake``; ``# <- mistake: this table``
allows the lines of that table, for a key that is missing or a table that should
not be there), and nowhere else. Before the schema told steps from blocks with
if/then/else, Taplo marked the whole ``[[steps]]`` table for seven of them:
schema_mistakes/README.md has the lines before and after.

Both tools are dev dependencies (pip wheels with the binary inside); the python
jsonschema package is asked too, since check-jsonschema and CI scripts use it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import jsonschema
import pytest

from timer_tui.core.schema import session_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
MISTAKES = sorted((Path(__file__).parent / "schema_mistakes").glob("*.toml"))
MARKER = "# <- mistake"
TABLE_MARKER = "# <- mistake: this table"


def tool(name: str) -> str:
    """The venv's own copy (``pip install -e '.[dev]'``), else one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[dev]' installs it"
    return found


def lint_sessions(cwd: Path, taplo_args: list[str], tombi_target: str, count: int) -> None:
    """Taplo and tombi lint ``count`` session files from ``cwd``: both pass and saw them all
    (tombi's warnings count too), so a schema that failed to load is never a quiet pass."""
    taplo = subprocess.run(
        [tool("taplo"), "lint", "--colors", "never", *taplo_args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    assert taplo.returncode == 0, taplo.stderr[-3000:]
    assert f"found files total={count} " in taplo.stderr
    assert "failed to" not in taplo.stderr, taplo.stderr[-3000:]
    tombi = subprocess.run(
        [tool("tombi"), "lint", "--offline", "--error-on-warnings", tombi_target],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    assert tombi.returncode == 0, tombi.stderr[-3000:]
    assert f"{count} files linted successfully" in tombi.stdout + tombi.stderr


def taplo_lines(path: Path, cwd: Path) -> dict[int, str]:
    """Line -> message of every diagnostic ``taplo lint`` prints (it has no JSON output)."""
    done = subprocess.run(
        [tool("taplo"), "lint", "--colors", "never", str(path)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )
    text = done.stdout + done.stderr
    assert "failed to load schema" not in text and "failed to fetch" not in text, text
    found: dict[int, str] = {}
    message = ""
    for line in text.splitlines():
        if line.startswith("error: "):
            message = line.removeprefix("error: ")
        located = re.search(r"┌─ .*:(\d+):\d+$", line)
        if located:
            found.setdefault(int(located.group(1)), message)
    assert (done.returncode == 0) == (not found), text
    return found


def tombi_lines(path: Path, cwd: Path) -> dict[int, str]:
    """Line -> message of every diagnostic ``tombi lint`` reports (warnings too)."""
    done = subprocess.run(
        [
            tool("tombi"),
            "lint",
            "--offline",
            "--diagnostics-format",
            "json",
            "--diagnostics-file",
            "/dev/stdout",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )
    diagnostics = json.loads(done.stdout or "[]")
    assert not any("schema file not found" in d["message"] for d in diagnostics), diagnostics
    return {d["range"]["start"]["line"]: d["message"] for d in diagnostics}


def allowed_lines(path: Path) -> tuple[int, set[int]]:
    """The marked line, and every line a report of this mistake may fall on."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, 1) if MARKER in line]
    assert len(marked) == 1, f"{path.name}: mark exactly one line with {MARKER!r}"
    first = marked[0]
    if TABLE_MARKER not in lines[first - 1]:
        return first, {first}
    last = first
    while last < len(lines) and lines[last].strip():
        last += 1
    return first, set(range(first, last + 1))


def test_there_are_eleven_mistakes() -> None:
    assert len(MISTAKES) == 11


@pytest.mark.parametrize("path", MISTAKES, ids=lambda p: p.stem)
def test_taplo_points_at_the_mistake(path: Path) -> None:
    first, allowed = allowed_lines(path)
    found = taplo_lines(path, path.parent)
    assert first in found, f"Taplo says nothing at line {first}: {found}"
    assert set(found) <= allowed, f"Taplo reports other lines too: {found}"


@pytest.mark.parametrize("path", MISTAKES, ids=lambda p: p.stem)
def test_tombi_points_at_the_mistake(path: Path) -> None:
    first, allowed = allowed_lines(path)
    found = tombi_lines(path, path.parent)
    assert first in found, f"tombi says nothing at line {first}: {found}"
    assert set(found) <= allowed, f"tombi reports other lines too: {found}"


@pytest.mark.parametrize("path", MISTAKES, ids=lambda p: p.stem)
def test_every_mistake_is_refused_by_python_jsonschema_and_the_loader(path: Path) -> None:
    from timer_tui.core.loader import parse_session

    text = path.read_text(encoding="utf-8")
    assert not jsonschema.Draft7Validator(session_schema()).is_valid(tomllib.loads(text))
    assert not parse_session(text).ok


def test_the_mistakes_point_at_the_committed_schema() -> None:
    for path in MISTAKES:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first_line.removeprefix("#:schema ").strip()).resolve()
        assert target == REPO / "docs" / "session.schema.json", path.name
