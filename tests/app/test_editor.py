"""The in-app editor through the Pilot: errors at their line as you type, the live
preview, atomic saves, run, and never losing unsaved changes silently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, OptionList

from tests.app.conftest import notices
from timer_tui.library.paths import bundled_sessions_dir, user_sessions_dir
from timer_tui.ui.dialogs.confirm import DiscardChangesScreen
from timer_tui.ui.screens.editor import CHECK_DELAY, EditorScreen, edit_target
from timer_tui.ui.widgets.session_source import SessionSource, toml_language

GOOD = """name = "Editor test"

[[steps]]
kind = "run"
duration = "2m"

[[steps]]
kind = "walk"
duration = 30
"""


class Host(App[None]):
    """Just enough app to hold the editor, recording what it asks the app to do."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.runs: list[str] = []
        self.saves: list[Path] = []

    def on_mount(self) -> None:
        self.push_screen(EditorScreen(edit_target(self.path)))

    def on_editor_screen_run(self, message: EditorScreen.Run) -> None:
        self.runs.append(message.entry.id)

    def on_editor_screen_saved(self, message: EditorScreen.Saved) -> None:
        self.saves.append(message.path)


def session_file(text: str = GOOD) -> Path:
    path = user_sessions_dir() / "mine.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def editor(app: App[None]) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def total_text(screen: EditorScreen) -> str:
    return str(screen.query_one("#editor-total", Label).render())


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause(CHECK_DELAY + 0.2)


def test_toml_highlighting_is_available() -> None:
    """tree-sitter and its TOML grammar are installed (pyproject: textual's syntax deps)."""
    assert toml_language() == "toml"


async def test_opens_with_the_preview_and_total() -> None:
    app = Host(session_file())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        assert screen.source.text == GOOD
        assert screen.source.language == "toml"
        assert total_text(screen) == "Total 2:30 · 2 steps"
        table = screen.query_one("#editor-timeline", DataTable)
        assert table.row_count == 2
        assert not screen.query_one("#editor-errors", OptionList).display
        assert str(screen.query_one("#editor-state", Label).render()) == "saved"


async def test_a_broken_line_shows_its_error_at_that_line_then_fixing_it_clears_it() -> None:
    app = Host(session_file())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        source = screen.source
        # Go to line 5 (`duration = "2m"`) and break the key by typing into it.
        source.move_cursor((4, 0))
        await pilot.press("x")
        await settle(pilot)
        assert source.text.splitlines()[4] == 'xduration = "2m"'
        assert 4 in source.line_errors, source.line_errors
        assert "unknown key `xduration`" in source.line_errors[4]
        errors = screen.query_one("#editor-errors", OptionList)
        assert errors.display and errors.option_count >= 1
        assert str(errors.get_option_at_index(0).prompt).startswith("line 5")
        assert "problem" in total_text(screen) and "last valid: 2:30" in total_text(screen)
        assert screen.query_one("#editor-timeline").has_class("-stale")
        # The message is drawn in the text area, on that line.
        rendered = "".join(seg.text for seg in source.render_line(4))
        assert "xduration" in rendered and "◀ " in rendered
        assert str(screen.query_one("#editor-state", Label).render()) == "● modified"

        # Fix it: the error goes and the preview follows the new text.
        await pilot.press("backspace")
        source.move_cursor((4, len('duration = "')))
        await pilot.press("delete", "3")  # "2m" -> "3m"
        await settle(pilot)
        assert source.line_errors == {}
        assert not errors.display
        assert total_text(screen) == "Total 3:30 · 2 steps"
        assert not screen.query_one("#editor-timeline").has_class("-stale")


async def test_typing_a_new_block_updates_the_preview() -> None:
    app = Host(session_file())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        source = screen.source
        source.move_cursor((source.document.line_count, 0))
        source.insert('\n[[steps]]\nrepeat = 3\nsteps = [ { kind = "work", duration = 20 } ]\n')
        await settle(pilot)
        assert screen.result.ok
        assert total_text(screen) == "Total 3:30 · 5 steps"
        assert screen.query_one("#editor-timeline", DataTable).row_count == 5


async def test_ctrl_s_saves_the_whole_file_atomically() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        screen.source.move_cursor((0, len('name = "Editor test')))
        await pilot.press("space", "2")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == GOOD.replace("Editor test", "Editor test 2")
        assert [p.name for p in path.parent.iterdir()] == ["mine.toml"], "no temp file left"
        assert app.saves == [path]
        assert str(screen.query_one("#editor-state", Label).render()) == "saved"
        assert not screen.modified


async def test_a_broken_file_can_be_saved_and_says_so() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        screen.source.move_cursor((3, 0))
        await pilot.press("x")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.read_text(encoding="utf-8").splitlines()[3] == 'xkind = "run"'
        assert any("with 1 problem" in m for m in notices(app))


async def test_escape_with_unsaved_changes_asks_first() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("end", "!")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChangesScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen), "keep editing"
        assert app.screen.source.text.startswith('name = "Editor test"!')
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (EditorScreen, DiscardChangesScreen))
        assert path.read_text(encoding="utf-8") == GOOD, "discarded, file untouched"


async def test_escape_without_changes_closes_at_once() -> None:
    app = Host(session_file())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (EditorScreen, DiscardChangesScreen))


async def test_ctrl_r_saves_then_runs_a_valid_session() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        editor(app).source.move_cursor((4, len('duration = "')))
        await pilot.press("delete", "4")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.runs == ["mine"]
        assert 'duration = "4m"' in path.read_text(encoding="utf-8")


async def test_ctrl_r_refuses_a_broken_session_and_goes_to_the_error() -> None:
    path = session_file()
    app = Host(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        screen.source.move_cursor((8, 0))
        await pilot.press("x")
        screen.source.move_cursor((0, 0))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.runs == []
        assert screen.source.cursor_location[0] == 8
        assert path.read_text(encoding="utf-8") == GOOD


async def test_f8_walks_the_errors() -> None:
    text = GOOD.replace('kind = "run"', 'kind = "jog"').replace("duration = 30", "duration = 0")
    app = Host(session_file(text))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        assert sorted(screen.source.line_errors) == [3, 8]
        screen.source.move_cursor((0, 0))
        await pilot.press("f8")
        assert screen.source.cursor_location[0] == 3
        await pilot.press("f8")
        assert screen.source.cursor_location[0] == 8
        await pilot.press("f8")
        assert screen.source.cursor_location[0] == 3


async def test_choosing_an_error_in_the_list_moves_the_cursor_there() -> None:
    text = GOOD.replace("duration = 30", "duration = 0")
    app = Host(session_file(text))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        errors = screen.query_one("#editor-errors", OptionList)
        errors.focus()
        errors.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert screen.source.cursor_location == (8, 0)
        assert screen.source.has_focus


async def test_a_bundled_session_is_saved_as_the_users_copy() -> None:
    bundled = bundled_sessions_dir() / "presets" / "tabata.toml"
    before = bundled.read_bytes()
    app = Host(bundled)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        copy = user_sessions_dir() / "presets" / "tabata.toml"
        assert screen.target.path == copy
        assert screen.target.session_id == "presets/tabata"
        assert not copy.exists(), "nothing is written until you save"
        assert str(screen.query_one("#editor-state", Label).render()) == "not saved yet"
        assert screen.source.text.startswith("#:schema ../../session.schema.json\n")
        await pilot.press("escape")  # no edits: closes without asking or writing
        await pilot.pause()
        assert not copy.exists()
    app = Host(bundled)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert copy.exists()
        assert bundled.read_bytes() == before
        assert (user_sessions_dir().parent / "session.schema.json").exists()
    # Next time the copy is what opens.
    assert edit_target(bundled).path == copy
    assert edit_target(bundled).bundled is None


def test_a_file_that_is_not_utf8_is_refused_with_a_reason() -> None:
    path = session_file()
    path.write_bytes(b'name = "\xff"\n')
    try:
        edit_target(path)
    except Exception as exc:
        assert "not UTF-8" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected CannotEdit")


async def test_error_marks_survive_scrolling_wide_lines() -> None:
    """The message after a line is drawn even when it is wider than every line."""
    app = Host(session_file('name = "x"\n[[steps]]\nkind = "r"\nduration = 5\n'))
    async with app.run_test(size=(160, 20)) as pilot:
        await pilot.pause()
        source = app.screen.query_one(SessionSource)
        rendered = "".join(seg.text for seg in source.render_line(2))
        assert 'unknown kind "r"' in rendered


async def test_a_narrow_window_stacks_the_preview_under_the_text() -> None:
    app = Host(session_file())
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = editor(app)
        source = screen.query_one("#editor-source")
        side = screen.query_one("#editor-side")
        assert source.region.width >= 36  # the whole width, not ~6 columns beside the preview
        assert side.region.y >= source.region.bottom  # the preview is under it
        assert side.region.height >= 2 and side.region.bottom <= 11
        assert "Total 2:30" in total_text(screen)
        await pilot.press("x")  # typing and checking still work at this size
        await settle(pilot)
        assert screen.modified


async def test_a_wide_window_keeps_the_preview_beside_the_text() -> None:
    app = Host(session_file())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = editor(app)
        source = screen.query_one("#editor-source")
        side = screen.query_one("#editor-side")
        assert side.region.x >= source.region.right
        assert side.region.y == source.region.y
