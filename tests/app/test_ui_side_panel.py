"""The panel beside the clock (issue 12, item 8): at 100x30 a 32-column Done panel made
the digits 10 rows high where 80x24 had 15. The panel now shows what comes next and
appears only where the digits keep their size beside it."""

from __future__ import annotations

import pytest

from tests.app.conftest import MakeApp, countdown, text_of
from tests.conftest import FakeClock
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.layout import countdown_layout
from timer_tui.ui.widgets.bigclock import BigClock
from timer_tui.ui.widgets.font import fit_clock


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 30), (140, 40), (200, 50)])
async def test_the_digits_are_never_smaller_because_of_the_side_panel(
    make_app: MakeApp, intervals: SessionEntry, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(start=intervals)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        clock.advance(66)
        countdown(app).tick()
        await pilot.pause()
        digits = countdown(app).query_one(BigClock)
        alone = fit_clock(digits.text, size[0] - 2, digits.content_size.height)
        assert digits.clock_size == alone, (size, digits.clock_size, alone)


async def test_a_wide_window_shows_what_comes_next_beside_the_clock(
    make_app: MakeApp, strength: SessionEntry
) -> None:
    app = make_app(start=strength)
    async with app.run_test(size=(100, 30)) as pilot:  # reps are short: room beside them
        await pilot.pause()
        screen = countdown(app)
        assert screen.has_class("-wide")
        assert text_of(app, "#side-title") == "Coming up"
        upcoming = text_of(app, "#coming")
        lines = upcoming.splitlines()
        assert lines[:3] == ["Bent-knee calf raise 15 reps", "  Set 1/2, right", "Rest 0:45"]
        assert all(len(line) <= 32 for line in lines)


def test_the_layout_keeps_the_panel_only_where_the_digits_keep_their_size() -> None:
    assert "-wide" not in countdown_layout(100, 30, "1:24")
    assert "-wide" in countdown_layout(100, 30, "15")
    assert "-wide" in countdown_layout(200, 60, "12:34")
    assert "-wide" not in countdown_layout(80, 24, "15")  # too narrow for a panel at all


async def test_a_long_note_is_cut_at_a_word_with_an_ellipsis(
    make_app: MakeApp, intervals: SessionEntry
) -> None:
    """ "…this week is about ti…": the note was cut mid-word by CSS's ellipsis."""
    note = "Easy effort: the focus this week is about time on feet, not pace at all"
    app = make_app(start=intervals)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = countdown(app)
        screen.note.show(note)
        await pilot.pause()
        shown = str(screen.note.render())
        assert shown.endswith("…") and len(shown) <= screen.note.content_size.width
        head = shown[:-1]
        assert note.startswith(head) and note[len(head)] in " ,:", shown
