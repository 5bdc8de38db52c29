"""How the screens look, as SVG snapshots at three common sizes, on a frozen fake clock.

Regenerate after an intended change with ``pytest tests/app --snapshot-update``
and look at the new SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app import conftest as app_conftest
from tests.app.conftest import MakeApp, countdown
from tests.app.test_history_screen import NOW, Host, loaded
from tests.app.test_ui_keys import an_interrupted_record
from tests.conftest import FakeClock, RunIntoLog
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.dialogs.resume import ResumeScreen
from timer_tui.ui.screens.history import HistoryScreen

SIZES = [
    pytest.param((100, 30), id="100x30"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((60, 20), id="60x20"),
]
SnapCompare = Callable[..., bool]


def advance(
    clock: FakeClock, seconds: float, *keys: str
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Before the snapshot: press ``keys``, let ``seconds`` pass, draw."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        clock.advance(seconds)
        countdown(pilot.app).tick()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_run_step(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    intervals: SessionEntry,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    # 1:24 into the session's first run (warm-up 1:00 + 6 s of the run).
    app = make_app(start=intervals)
    assert snap_compare(app, terminal_size=size, run_before=advance(clock, 66))


@pytest.mark.parametrize("size", SIZES)
def test_walk_step(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    intervals: SessionEntry,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    app = make_app(start=intervals)
    assert snap_compare(app, terminal_size=size, run_before=advance(clock, 60 + 90 + 30.5))


@pytest.mark.parametrize("size", SIZES)
def test_rep_step(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    strength: SessionEntry,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    app = make_app(start=strength)
    assert snap_compare(app, terminal_size=size, run_before=advance(clock, 42.3))


@pytest.mark.parametrize("size", SIZES)
def test_paused(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    intervals: SessionEntry,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(66)
        await pilot.press("space")
        clock.advance(30)  # frozen: still 1:24
        countdown(pilot.app).tick()
        await pilot.pause()

    app = make_app(start=intervals)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summary(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    intervals: SessionEntry,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(20)
        await pilot.press("space")
        clock.advance(15)
        await pilot.press("space", "n")  # the warm-up skipped after 20 s
        clock.advance(90 + 60 + 90 + 10)
        await pilot.press("plus")  # 10 s more walking
        clock.advance(60 + 60)
        countdown(pilot.app).tick()
        await pilot.pause()

    app = make_app(start=intervals)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_history(
    snap_compare: SnapCompare, run_into_log: RunIntoLog, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Two weeks of runs and a strength session quit at its third step, on a fixed day."""
    path = tmp_path / "history.sqlite3"
    intervals = app_conftest.entry("test-program/intervals")
    strength = app_conftest.entry("test-program/strength")
    run_into_log(intervals, path=path, start=NOW - dt.timedelta(days=14))
    run_into_log(intervals, path=path, start=NOW - dt.timedelta(days=7))
    run_into_log(strength, path=path, start=NOW - dt.timedelta(days=1), quit_at=2)
    app = Host(HistoryScreen(path=path, now=lambda: NOW))
    assert snap_compare(app, terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES)
def test_resume_offer(snap_compare: SnapCompare, make_app: MakeApp, size: tuple[int, int]) -> None:
    """The resume offer over the picker: two done steps and one skipped, 5 minutes ago."""
    record = dataclasses.replace(an_interrupted_record(), steps_completed=2, steps_skipped=1)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        now = record.last_seen_at + dt.timedelta(minutes=5)
        await pilot.app.push_screen(ResumeScreen(record, now))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
