"""The cycle collector held while the app starts (ui/collector.py) and always let go."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from timer_tui.cli import launch
from timer_tui.library.sessions import SessionEntry, discover
from timer_tui.ui import collector


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the test process's collector ends as it began: on, unfrozen."""
    yield
    collector.release()
    gc.unfreeze()
    gc.enable()


def test_hold_turns_it_off_and_release_turns_it_back_on_with_the_start_frozen() -> None:
    collector.hold()
    assert not gc.isenabled()
    collector.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_release_without_hold_changes_nothing() -> None:
    """An app made by tests or embedded elsewhere: its first frame leaves the collector be."""
    collector.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_turned_off_by_someone_else_stays_off() -> None:
    gc.disable()
    collector.hold()
    collector.release()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_release_twice_freezes_once() -> None:
    collector.hold()
    collector.release()
    gc.unfreeze()
    collector.release()
    assert gc.get_freeze_count() == 0


class _Exploded(Exception):
    pass


def some_session() -> SessionEntry:
    return next(entry for entry in discover() if entry.ok)


@pytest.mark.parametrize("ends", ["returns", "raises"])
def test_run_holds_it_while_the_app_starts_and_lets_go_however_it_ends(
    monkeypatch: pytest.MonkeyPatch, ends: str
) -> None:
    seen: list[bool] = []

    def open_app(**options: Any) -> int:
        seen.append(gc.isenabled())
        if ends == "raises":
            raise _Exploded
        return 0

    monkeypatch.setattr(launch, "dumb_terminal", lambda: None)
    monkeypatch.setattr(launch, "open_app", open_app)
    if ends == "raises":
        with pytest.raises(_Exploded):
            launch.launch(some_session(), launch.RunOptions())
    else:
        assert launch.launch(some_session(), launch.RunOptions()) == 0
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("ends", ["returns", "raises"])
def test_the_picker_holds_it_while_the_app_starts_and_lets_go_however_it_ends(
    monkeypatch: pytest.MonkeyPatch, ends: str
) -> None:
    """Before its first frame the picker reads a bounded number of files (the bundled
    ones, up to 64 unknown user files: sessions.Discovery); the rest after the frame."""
    seen: list[bool] = []

    def open_app(**options: Any) -> int:
        seen.append(gc.isenabled())
        if ends == "raises":
            raise _Exploded
        return 0

    monkeypatch.setattr(launch, "open_app", open_app)
    if ends == "raises":
        with pytest.raises(_Exploded):
            launch.open_picker()
    else:
        assert launch.open_picker() == 0
    assert seen == [False]
    assert gc.isenabled()
