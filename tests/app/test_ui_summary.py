"""The summary screen: actual times, rep wording, and what a small window keeps."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable

from tests.app.conftest import MakeApp, countdown, text_of
from tests.conftest import FakeClock
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.screens.summary import SummaryScreen


def table_rows(app: App[Any]) -> list[list[str]]:
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    table: DataTable[str] = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_actual_times_round_down_in_the_table(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.advance(0.05)
        await pilot.press("n")  # the warm-up skipped after 0.05 s
        clock.advance(59.95)
        await pilot.press("n", "q", "y")
        await pilot.pause()
        rows = table_rows(app)
        assert rows[0][2:4] == ["1:00", "0:00"]  # planned 1:00, actual 0:00 (not 0:01)
        assert rows[1][2:4] == ["1:30", "0:59"]


async def test_rep_steps_say_rep_or_reps(
    make_app: MakeApp, strength: SessionEntry, clock: FakeClock
) -> None:
    app = make_app(start=strength)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = countdown(app)
        step = screen.engine.step
        assert step.reps == 15
        screen._handle(screen.engine.done(reps=1))
        await pilot.press("q", "y")
        await pilot.pause()
        rows = table_rows(app)
        assert rows[0][2] == "15 reps"
        assert rows[0][3].endswith(" · 1 rep")


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (100, 30)])
async def test_a_small_window_keeps_the_title_the_figures_and_some_steps(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        clock.advance(20)
        await pilot.press("n", "n", "q", "y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        title = screen.query_one("#summary-title")
        figures = screen.query_one("#figures")
        table = screen.query_one(DataTable)
        assert text_of(app, "#summary-title") == "Session ended early: Test program - Intervals"
        assert title.region.height >= 1 and title.region.bottom <= size[1]
        assert figures.region.height == 6  # every figure, whole
        assert figures.region.bottom <= size[1] - 1  # above the footer
        assert table.region.height >= 2  # the header and at least one step
        assert table.region.bottom <= size[1] - 1
        whole = screen.region
        for widget in (title, figures, table):
            assert whole.contains_region(widget.region)
