"""The countdown, summary and history with treadmill speeds: readable from the belt.

Snapshots of the countdown at 100x30 (the speed and incline three rows tall under
the clock) and 60x20 (one bold line, so the clock keeps its size), each looked at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.app.conftest import MakeApp, WriteConfig, countdown, text_of
from tests.app.test_history_screen import NOW, Host, loaded
from tests.conftest import FakeClock, RunIntoLog
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.ui.screens.history import HistoryScreen
from timer_tui.ui.screens.picker import PreviewScreen
from timer_tui.ui.screens.summary import SummaryScreen
from timer_tui.ui.widgets.treadmill import TreadmillReadout, big_rows, readout_rows

HERE = Path(__file__).resolve().parent
SnapCompare = Callable[..., bool]


@pytest.fixture
def hills() -> SessionEntry:
    return resolve(str(HERE / "treadmill" / "hills.toml"))


@pytest.fixture
def plain_c25k() -> SessionEntry:
    """A session without a speed of its own: the config's [treadmill] gives them."""
    return resolve(str(HERE / "sessions" / "test-program" / "intervals.toml"))


def advance(clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        clock.advance(seconds)
        countdown(pilot.app).tick()
        await pilot.pause()

    return run_before


def readout(app: Any) -> TreadmillReadout:
    return countdown(app).query_one(TreadmillReadout)


async def test_the_countdown_shows_speed_and_incline_and_the_next_speed(
    make_app: MakeApp, hills: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=hills)
    async with app.run_test(size=(60, 20)) as pilot:
        await advance(clock, 66)(pilot)
        assert readout(app).display
        assert str(readout(app).render()) == "9.5 km/h · incline 2%"
        assert "Next  Walk 1:00 @ 5.5 km/h" in text_of(app, "#next")
        clock.advance(90)  # into the walk: its own incline wins over the block's
        countdown(app).tick()
        await pilot.pause()
        assert str(readout(app).render()) == "5.5 km/h · incline 1%"


async def test_big_figures_where_the_clock_keeps_its_size(
    make_app: MakeApp, hills: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=hills)
    async with app.run_test(size=(100, 30)) as pilot:
        await advance(clock, 66)(pilot)
        assert readout(app).has_class("-big")
        drawn = str(readout(app).render()).splitlines()
        assert len(drawn) == 3 and drawn[2].rstrip().endswith("% incline")
        assert "km/h" in drawn[2]
        assert big_rows("9.5")[2].endswith("▪" + big_rows("5")[2])


def test_the_readout_takes_three_rows_only_at_no_cost_to_the_clock() -> None:
    assert readout_rows("1:24", 98, 20) == 3  # 100x30: block digits at scale 3 either way
    assert readout_rows("1:24", 58, 10) == 1  # 60x20: three rows would halve the digits
    assert readout_rows("1:24", 43, 31) == 3  # a phone held upright: rows to spare


async def test_a_session_without_speeds_has_no_readout(
    make_app: MakeApp, plain_c25k: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=plain_c25k)
    async with app.run_test(size=(100, 30)) as pilot:
        await advance(clock, 66)(pilot)
        assert not countdown(app).query(TreadmillReadout)  # not even mounted
        assert not countdown(app).treadmill.display
        assert "@" not in text_of(app, "#next")


async def test_the_config_gives_speeds_to_a_session_without_any(
    make_app: MakeApp, plain_c25k: SessionEntry, clock: FakeClock, write_config: WriteConfig
) -> None:
    write_config('[treadmill]\nunits = "mph"\nrun = { speed = "9.5 km/h", incline = 1 }\n')
    app = make_app(start=plain_c25k)
    async with app.run_test(size=(60, 20)) as pilot:
        await advance(clock, 66)(pilot)
        assert str(readout(app).render()) == "5.9 mph · incline 1%"
        assert countdown(app).timeline[1].speed_kmh == 9.5


async def test_the_summary_says_the_distance(
    make_app: MakeApp, hills: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=hills)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for seconds in (60, 90, 60, 90, 60, 60):
            clock.advance(seconds)
            countdown(app).tick()
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        # 1 min at 5.5 km/h, 2 x (1:30 at 9.5 + 1 min at 5.5), 1 min at 4.5: 825 m
        assert "Distance    about 0.82 km" in text_of(app, "#figures")
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(1)[3]) == "1:30 · 0.24 km"  # 90 s at 9.5 km/h


def test_the_history_adds_up_each_weeks_distance(
    snap_compare: SnapCompare, run_into_log: RunIntoLog, tmp_path: Path, hills: SessionEntry
) -> None:
    path = tmp_path / "history.sqlite3"
    run_into_log(hills, path=path, start=NOW - dt.timedelta(days=7))
    run_into_log(hills, path=path, start=NOW - dt.timedelta(days=1))
    run_into_log(hills, path=path, start=NOW - dt.timedelta(hours=2))
    app = Host(HistoryScreen(path=path, now=lambda: NOW))
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


@pytest.mark.parametrize(
    "size", [pytest.param((100, 30), id="100x30"), pytest.param((60, 20), id="60x20")]
)
def test_countdown_with_speed_and_incline(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    hills: SessionEntry,
    clock: FakeClock,
    size: tuple[int, int],
) -> None:
    # 1:24 into the first run: 9.5 km/h at the block's 2%, a walk at 5.5 km/h next.
    app = make_app(start=hills)
    assert snap_compare(app, terminal_size=size, run_before=advance(clock, 66))


async def test_the_preview_lists_the_runners_speeds(
    make_app: MakeApp, write_config: WriteConfig
) -> None:
    write_config('[treadmill]\nrun = { speed = "9.5 km/h", incline = 1 }\nwalk = "5.5 km/h"\n')
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the test program's intervals: no speeds in the file
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()][-1] == "Treadmill"
        assert [str(table.get_row_at(i)[-1]) for i in range(3)] == [
            "",
            "9.5 km/h · 1%",
            "5.5 km/h",
        ]
