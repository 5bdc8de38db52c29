"""The big clock's line-by-line drawing is the same as its rich rendering, and cheap."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.visual import Visual, visualize

from timer_tui.ui.widgets.bigclock import BigClock, _changed_columns


class ClockApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BigClock()


def cells(segments: list[Segment]) -> list[tuple[object, ...]]:
    """Each cell's character and look (the rich path also tags cells with mouse offsets)."""
    return [
        (ch, s.color, s.bgcolor, s.bold, s.dim, s.italic, s.reverse) if s else (ch,)
        for seg in segments
        for s in [seg.style]
        for ch in seg.text
    ]


@pytest.mark.parametrize("flash", [False, True])
@pytest.mark.parametrize("size", [(100, 30), (60, 14), (40, 6)])
async def test_running_clock_lines_match_the_rich_rendering(
    flash: bool, size: tuple[int, int]
) -> None:
    app = ClockApp()
    async with app.run_test(size=size) as pilot:
        clock = app.query_one(BigClock)
        clock.styles.color = "#e69f00"
        clock.show("12:34", flash=flash)
        await pilot.pause()
        width, height = clock.content_size
        rich = Visual.to_strips(
            clock, visualize(clock, clock.render()), width, height, clock.visual_style
        )
        fast = [clock.render_line(y) for y in range(height)]
        assert [cells(list(s)) for s in fast] == [cells(list(s)) for s in rich]


async def test_a_new_second_repaints_only_the_changed_digits() -> None:
    app = ClockApp()
    async with app.run_test(size=(100, 30)) as pilot:
        clock = app.query_one(BigClock)
        clock.show("0:46")
        await pilot.pause()
        clock.show("0:45")
        (dirty,) = clock._repaint_regions
        assert 0 < dirty.width < clock.content_size.width // 3


def test_changed_columns() -> None:
    assert _changed_columns(["ab", "cd"], ["ab", "cd"]) is None
    assert _changed_columns(["abc", "def"], ["abX", "dYf"]) == (1, 2)


@pytest.mark.parametrize("width", [80, 30, 6])
async def test_progress_line_matches_the_rich_rendering(width: int) -> None:
    from timer_tui.ui.widgets.progress import ProgressLine

    class BarApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ProgressLine()

    app = BarApp()
    async with app.run_test(size=(width, 4)) as pilot:
        line = app.query_one(ProgressLine)
        line.styles.color = "#56b4e9"  # the countdown gives it the kind colour by CSS
        line.set(0.4, "1:00 run · 0:36 to go")
        await pilot.pause()
        w = line.content_size.width
        rich = Visual.to_strips(line, visualize(line, line.render()), w, 1, line.visual_style)
        assert cells(list(line.render_line(0))) == cells(list(rich[0].adjust_cell_length(w)))


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20), (40, 12), (30, 8)])
async def test_paused_the_digits_stay_whole_and_paused_is_said_apart(
    size: tuple[int, int],
) -> None:
    """Issue 12 item 5: PAUSED in blocks over the digits hid the time for the whole pause."""
    from timer_tui.ui.widgets.font import render_pixels

    app = ClockApp()
    async with app.run_test(size=size) as pilot:
        clock = app.query_one(BigClock)
        clock.show("1:24")
        await pilot.pause()
        running = str(clock.render()).splitlines()
        pixel = clock.clock_size.pixel
        clock.show("1:24", paused=True)
        await pilot.pause()
        lines = str(clock.render()).splitlines()
        spare = pixel is None or clock.content_size.height > 5 * pixel[1]
        assert any("PAUSED" in line for line in lines) == spare, lines
        if pixel is not None:
            rows = [row.strip() for row in render_pixels("1:24", pixel)]
            shown = [line.strip() for line in lines]
            assert rows == [s for s in shown if s and "PAUSED" not in s], "\n".join(lines)
            assert len(lines) <= clock.content_size.height
        else:
            assert "1:24" in "".join(lines) or any("1:24" in r for r in running)
