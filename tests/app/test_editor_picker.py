"""The picker's `e` (your $EDITOR, the app stepping aside) and `E` (the built-in
editor), with EDITOR set to a script."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, Tree

from tests.app.conftest import BUNDLED, MakeApp, notices
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry, Source, discover
from timer_tui.ui.dialogs.confirm import DiscardChangesScreen
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.screens.editor import EditorScreen
from timer_tui.ui.screens.picker import PickerScreen

GOOD = 'name = "My intervals"\n[[steps]]\nkind = "run"\nduration = 60\n'


def entries() -> list[SessionEntry]:
    return discover(bundled_dir=BUNDLED)


def user_file(name: str = "mine.toml", text: str = GOOD) -> Path:
    folder = user_sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def fake_editor(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


async def highlight(pilot: Pilot[int], entry_id: str) -> PickerScreen:
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    tree: Tree[SessionEntry | None] = picker.query_one(Tree)
    for group in tree.root.children:
        for leaf in group.children:
            if leaf.data is not None and leaf.data.id == entry_id:
                group.expand()
                await pilot.pause()
                tree.move_cursor(leaf)
                await pilot.pause()
                assert picker.highlighted_entry is not None
                assert picker.highlighted_entry.id == entry_id
                return picker
    raise AssertionError(f"{entry_id} is not in the picker")


async def test_capital_e_opens_the_built_in_editor_and_escape_comes_back(
    make_app: MakeApp,
) -> None:
    path = user_file()
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "mine")
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert screen.target.path == path
        assert screen.source.text == GOOD
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_ctrl_r_in_the_editor_starts_the_countdown(make_app: MakeApp) -> None:
    user_file()
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "mine")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, CountdownScreen)
        assert app.screen.entry.id == "mine"


async def test_e_runs_the_editor_then_reloads_and_checks(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = user_file()
    editor = fake_editor(tmp_path, "sed -i 's/My intervals/Edited intervals/' \"$1\"")
    monkeypatch.setenv("EDITOR", str(editor))
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        picker = await highlight(pilot, "mine")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert "Edited intervals" in path.read_text(encoding="utf-8")
        assert any("mine.toml: valid" in n for n in notices(pilot.app))
        entry = next(e for e in picker.entries if e.id == "mine")
        assert entry.name == "Edited intervals"
        assert picker.highlighted_entry is not None and picker.highlighted_entry.id == "mine"


async def test_e_on_a_bundled_session_edits_a_copy_that_replaces_it(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake_editor(tmp_path, 'sed -i \'s/^name = .*/name = "My copy"/\' "$1"')
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("timer_tui.library.editing.bundled_sessions_dir", lambda: BUNDLED)
    bundled = next(e for e in entries() if e.source is Source.BUNDLED)
    before = bundled.path.read_bytes()
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        picker = await highlight(pilot, bundled.id)
        await pilot.press("ctrl+e")
        await pilot.pause()
        copy = user_sessions_dir() / f"{bundled.id}.toml"
        assert copy.exists()
        assert bundled.path.read_bytes() == before
        entry = next(e for e in picker.entries if e.id == bundled.id)
        assert entry.source is Source.USER
        assert entry.name == "My copy"


async def test_e_that_leaves_the_file_broken_says_where(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_file()
    editor = fake_editor(tmp_path, "sed -i 's/duration/durration/' \"$1\"")
    monkeypatch.setenv("VISUAL", str(editor))
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        picker = await highlight(pilot, "mine")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any("1 problem; line 4: unknown key `durration`" in n for n in notices(pilot.app))
        entry = next(e for e in picker.entries if e.id == "mine")
        assert not entry.ok


async def test_e_without_an_editor_says_how_to_set_one(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_file()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "mine")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any("export EDITOR=" in n for n in notices(pilot.app))


async def test_e_with_a_missing_editor_names_it(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_file()
    monkeypatch.setenv("EDITOR", "no-such-editor")
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "mine")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any('$EDITOR is "no-such-editor"' in n for n in notices(pilot.app))


async def test_ctrl_q_with_unsaved_changes_asks_before_quitting(make_app: MakeApp) -> None:
    path = user_file()
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "mine")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("end", "!")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChangesScreen)
        assert "Quit without saving?" in str(app.screen.query_one("#question", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert path.read_text(encoding="utf-8") == GOOD


async def test_ctrl_q_without_changes_quits_at_once(make_app: MakeApp) -> None:
    user_file()
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await highlight(pilot, "mine")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_e_on_a_bundled_session_without_a_change_leaves_no_copy(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake_editor(tmp_path, "exit 0")  # quits without saving
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("timer_tui.library.editing.bundled_sessions_dir", lambda: BUNDLED)
    bundled = next(e for e in entries() if e.source is Source.BUNDLED)
    app = make_app(load_entries=entries)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        picker = await highlight(pilot, bundled.id)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert not (user_sessions_dir() / f"{bundled.id}.toml").exists()
        entry = next(e for e in picker.entries if e.id == bundled.id)
        assert entry.source is Source.BUNDLED
        assert any("No change" in n for n in notices(pilot.app))
