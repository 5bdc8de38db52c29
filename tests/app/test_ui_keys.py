"""Every key of every screen can be remapped from ``[keys]`` in the config file.

The binding ids come from one registry (``ui/bindings.py``): a screen imported
only when first shown (the editor, the history screen) is known from the start,
so a config naming its keys is not refused as "unknown binding id".
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import TextArea

import timer_tui.ui
from tests.app.conftest import MakeApp
from tests.conftest import REPO
from timer_tui.library.config import load_config
from timer_tui.library.paths import config_path, user_sessions_dir
from timer_tui.ui import bindings
from timer_tui.ui.app import TimerApp, known_binding_ids
from timer_tui.ui.screens.editor import EditorScreen, edit_target
from timer_tui.ui.screens.picker import PickerScreen

SIZE = (100, 30)


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_remap_of_every_binding_id_is_accepted() -> None:
    ids = sorted(known_binding_ids())
    path = write_config("[keys]\n" + "".join(f'"{i}" = "f9"\n' for i in ids))
    config = load_config(path, known_binding_ids())
    assert config.errors == ()
    assert config.keys == dict.fromkeys(ids, "f9")


def test_the_lazily_loaded_screens_keys_are_known() -> None:
    assert {"editor.save", "editor.run", "history.back", "history.focus"} <= known_binding_ids()


def test_the_ids_are_known_before_any_screen_is_imported() -> None:
    """As in the real app: the editor and history screens are imported on first use."""
    code = (
        "from timer_tui.ui.app import known_binding_ids\n"
        "print(sorted({'editor.save', 'history.back', 'resume.yes'} - known_binding_ids()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip() == "[]"


async def test_editor_save_remapped_in_the_config_saves(make_app: MakeApp) -> None:
    write_config('[keys]\n"editor.save" = "ctrl+w"\n')
    session = user_sessions_dir() / "mine.toml"
    session.parent.mkdir(parents=True, exist_ok=True)
    session.write_text('name = "Mine"\n[[steps]]\nkind = "run"\nduration = 60\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == []  # no config error
        await app.push_screen(EditorScreen(edit_target(session)))
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one(TextArea).insert("# edited\n", (0, 0))
        await pilot.press("ctrl+s")  # the default key no longer saves
        await app.workers.wait_for_complete()
        assert not session.read_text().startswith("# edited")
        await pilot.press("ctrl+w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert session.read_text().startswith("# edited")
        assert not editor.modified


async def test_a_history_screen_key_remapped_in_the_config_works(make_app: MakeApp) -> None:
    write_config('[keys]\n"history.back" = "b"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == []
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("escape")  # no longer a key of history.back
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


def all_screen_classes() -> list[type[Screen[Any]]]:
    """Every screen and dialog class of the package, each module imported first."""
    for module in pkgutil.walk_packages(timer_tui.ui.__path__, "timer_tui.ui."):
        importlib.import_module(module.name)
    found: list[type[Screen[Any]]] = []
    pending: list[type[Screen[Any]]] = list(Screen.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("timer_tui.") and "BINDINGS" in vars(cls):
            found.append(cls)
    return found


def test_every_screens_binding_ids_are_in_the_registry() -> None:
    classes: list[type[DOMNode]] = [*all_screen_classes(), TimerApp]
    assert len(classes) >= 10
    for cls in classes:
        ids = bindings.binding_ids(cls.BINDINGS)
        assert ids, f"{cls.__name__} has no binding ids"
        assert ids <= bindings.ALL_BINDING_IDS, f"{cls.__name__}: {ids - bindings.ALL_BINDING_IDS}"
    used = set().union(*(bindings.binding_ids(c.BINDINGS) for c in classes))
    assert used == bindings.ALL_BINDING_IDS  # and the registry has no list nobody uses
