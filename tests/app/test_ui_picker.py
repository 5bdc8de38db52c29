"""The picker and the timeline preview, driven by the Pilot."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable, Input, Tree

from tests.app.conftest import MakeApp, countdown, picker_lines, text_of
from timer_tui.library.sessions import SessionEntry
from timer_tui.log.views import Progress
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.screens.picker import PickerScreen, PreviewScreen
from timer_tui.ui.screens.summary import SummaryScreen

SIZE = (100, 30)


async def test_sessions_are_grouped_by_program_with_time_and_steps(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = picker_lines(app)
        assert lines[0].startswith("Test program") and "2 sessions" in lines[0]
        assert "Intervals" in lines[1] and "7:00 · 6 steps" in lines[1]
        assert "Strength" in lines[2] and "1:15 + 4 rep · 6 steps" in lines[2]
        assert any(line.startswith("Your sessions") for line in lines)


async def test_enter_previews_the_timeline_and_enter_again_starts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert text_of(app, "#preview-total") == "Total 7:00 · 6 steps"
        assert app.screen.query_one(DataTable).row_count == 6
        await pilot.press("enter")
        await pilot.pause()
        screen = countdown(app)
        assert screen.entry.id == "test-program/intervals"
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # back where the run started


async def test_escape_leaves_the_preview(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.entry.id == "test-program/strength"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_typing_filters_and_escape_clears(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "u", "n", "c", "h")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "lunch"
        lines = picker_lines(app)
        assert len(lines) == 2 and "My lunch run" in lines[1]
        await pilot.press("enter")  # the one match opens
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.entry.id == "my-run"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == ""
        assert len(picker_lines(app)) > 2


async def test_slash_focuses_the_filter_for_any_letter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "q")  # q would quit; in the filter it is a letter
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "q"
        assert app.is_running


async def test_a_broken_file_is_listed_with_its_error_and_cannot_start(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"broken")
        await pilot.pause()
        lines = picker_lines(app)
        assert len(lines) == 2 and lines[0].startswith("Your sessions")
        assert "does not load" in lines[1] and "durration" in lines[1]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert "did you mean `duration`" in text_of(app, "#preview-errors")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)


async def test_progress_marks_done_sessions_and_puts_the_cursor_on_the_next(
    make_app: MakeApp,
) -> None:
    def progress(entries: Sequence[SessionEntry]) -> Progress:
        return Progress(
            done=frozenset({"test-program/intervals"}), next=frozenset({"test-program/strength"})
        )

    app = make_app(progress=progress)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = picker_lines(app)
        assert "1 done" in lines[0]
        assert lines[1].startswith("✓ ")
        assert lines[2].startswith("▶ ") and lines[2].endswith("← next")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        entry = picker.highlighted_entry
        assert entry is not None and entry.id == "test-program/strength"


async def test_reload_keeps_the_cursor_on_the_same_session(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.reload()
        await pilot.pause()
        entry = picker.highlighted_entry
        assert entry is not None and entry.id == "test-program/strength"


async def test_q_quits_from_the_picker(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    assert not isinstance(app.screen_stack[-1] if app.screen_stack else None, CountdownScreen)


async def test_the_first_heading_is_in_view_with_the_bundled_library(make_app: MakeApp) -> None:
    from timer_tui.library.sessions import discover

    app = make_app(load_entries=discover)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.scroll_offset.y == 0  # "Couch to 5K" stays above its first session
        first = tree.get_node_at_line(0)
        assert first is not None and str(first.label).startswith("Couch to 5K")


async def test_a_filter_counts_the_sessions_it_shows(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"strength")
        await pilot.pause()
        lines = picker_lines(app)
        assert lines[0] == "Test program   1 of 2 sessions"
        assert not any(line.startswith("Your sessions") for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert picker_lines(app)[0] == "Test program   2 sessions"


async def test_a_narrow_window_shows_the_whole_title_and_the_filter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        name = app.screen.query_one("#app-name")
        assert name.region.width >= len("timer-tui")
        assert str(name.render()) == "timer-tui"
        filter_box = app.screen.query_one("#filter", Input)
        assert filter_box.region.width >= len("type or / to filter")
        assert filter_box.region.right <= 40


async def test_the_log_is_read_once_as_the_picker_opens_and_again_back_from_a_run(
    make_app: MakeApp,
) -> None:
    """A long log costs the first frame: read once, not again by the first resume."""
    done: set[str] = set()
    reads: list[int] = []

    def progress(entries: Sequence[SessionEntry]) -> Progress:
        reads.append(len(done))
        return Progress(done=frozenset(done))

    app = make_app(progress=progress)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert reads == [0]
        await pilot.press("enter", "enter")
        await pilot.pause()
        done.add(countdown(app).entry.id)
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert reads == [0, 1]
        assert picker_lines(app)[1].startswith("✓ ")
