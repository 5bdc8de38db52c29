"""Shared fixtures: every test runs with its own data, config and cache folders.

A developer's own sessions, history and keymap never leak into a test, and a
test never writes into them (harlequin's conftest does the same).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = root / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    yield root


class FakeClock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def timer_tui_command() -> list[str]:
    """The installed entry point of the venv running the tests."""
    script = VENV_BIN / "timer-tui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "timer_tui"]


@pytest.fixture
def subprocess_env(isolated_dirs: Path) -> dict[str, str]:
    """The environment for a real `timer-tui` process, with the isolated folders."""
    return dict(os.environ)
