"""The built wheel and sdist: the licence, the metadata, and schema-checked sessions.

Both are built once, offline, by hatchling itself (a dev dependency), as a
release would build them. The wheel is unpacked as an installer lays it out, and
Taplo and tombi lint its sessions with no config file: the ``#:schema`` lines
must find the schema inside the package.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from trove_classifiers import classifiers as known_classifiers

import timer_tui
from tests.conftest import REPO

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("timer_tui-*.whl")
    (sdist,) = out.glob("timer_tui-*.tar.gz")
    return wheel, sdist


def check_metadata(meta: Message) -> None:
    assert meta["Name"] == "timer-tui"
    assert meta["Version"] == timer_tui.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.10"
    keywords = meta["Keywords"].split(",")
    assert {"timer", "interval-timer", "tui"} <= set(keywords)
    classifiers = meta.get_all("Classifier") or []
    assert "Environment :: Console" in classifiers
    assert "Programming Language :: Python :: 3.10" in classifiers
    unknown = [c for c in classifiers if c not in known_classifiers]
    assert not unknown, f"not trove classifiers: {unknown}"


def test_the_wheel_carries_the_licence_and_the_metadata(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        info = f"timer_tui-{timer_tui.__version__}.dist-info"
        licence = zf.read(f"{info}/licenses/LICENSE").decode()
        meta = Parser().parsestr(zf.read(f"{info}/METADATA").decode())
    assert licence == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    check_metadata(meta)
    assert "timer_tui/sessions/session.schema.json" in names
    assert "timer_tui/py.typed" in names


def test_the_sdist_carries_the_licence_and_the_metadata(built: tuple[Path, Path]) -> None:
    _, sdist = built
    top = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as tf:
        names = tf.getnames()
        member = tf.extractfile(f"{top}/PKG-INFO")
        assert member is not None
        meta = Parser().parsestr(member.read().decode())
    assert f"{top}/LICENSE" in names and f"{top}/pyproject.toml" in names
    assert f"{top}/.taplo.toml" in names and f"{top}/sessions/session.schema.json" in names
    check_metadata(meta)


def test_the_installed_sessions_validate_in_an_editor(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    """Taplo and tombi on the unpacked wheel, no config: only the files' own lines."""
    from tests.unit.test_schema_editors import lint_sessions, tool

    wheel, _ = built
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    sessions = site / "timer_tui" / "sessions"
    count = len(list(sessions.rglob("*.toml")))
    assert count == len(list((REPO / "sessions").rglob("*.toml")))
    lint_sessions(sessions, ["--no-auto-config", "**/*.toml"], ".", count)
    # A mistake is caught there too: the schema was loaded, not skipped.
    bad = sessions / "c25k" / "week-1-run-1.toml"
    bad.write_text(bad.read_text(encoding="utf-8").replace('kind = "walk"', 'kind = "stroll"', 1))
    again = subprocess.run(
        [tool("taplo"), "lint", "--no-auto-config", "--colors", "never", str(bad)],
        capture_output=True,
        text=True,
        cwd=sessions,
        timeout=60,
    )
    assert again.returncode != 0 and "stroll" in again.stderr, again.stderr[-2000:]
