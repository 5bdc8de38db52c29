"""Every key of every screen can be remapped from ``[keys]`` in the config file.

The binding ids come from one registry (``ui/bindings.py``): a screen imported
only when first shown (the editor, the history screen) is known from the start,
so a config naming its keys is not refused as "unknown binding id".
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import TextArea

import timer_tui.ui
from tests.app.conftest import MakeApp, WriteConfig, notices
from tests.conftest import REPO
from timer_tui.library.config import load_config
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry
from timer_tui.log.records import Outcome, SessionRecord
from timer_tui.ui import bindings
from timer_tui.ui.app import TimerApp, known_binding_ids
from timer_tui.ui.dialogs.resume import ResumeScreen
from timer_tui.ui.screens.editor import EditorScreen, edit_target
from timer_tui.ui.screens.picker import PickerScreen

SIZE = (100, 30)


def test_a_remap_of_every_binding_id_is_accepted(write_config: WriteConfig) -> None:
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


async def test_editor_save_remapped_in_the_config_saves(
    make_app: MakeApp, write_config: WriteConfig
) -> None:
    write_config('[keys]\n"editor.save" = "ctrl+w"\n')
    session = user_sessions_dir() / "mine.toml"
    session.parent.mkdir(parents=True, exist_ok=True)
    session.write_text('name = "Mine"\n[[steps]]\nkind = "run"\nduration = 60\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert notices(app) == []  # no config error
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


async def test_a_history_screen_key_remapped_in_the_config_works(
    make_app: MakeApp, write_config: WriteConfig
) -> None:
    write_config('[keys]\n"history.back" = "b"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert notices(app) == []
        await pilot.press("ctrl+l")
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


# -- every id, remapped, works on its screen ---------------------------------------------
def a_user_session() -> Path:
    path = user_sessions_dir() / "mine.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('name = "Mine"\n[[steps]]\nkind = "run"\nduration = 60\n')
    return path


def an_interrupted_record() -> SessionRecord:
    when = dt.datetime(2026, 3, 12, 19, 0, tzinfo=dt.UTC)
    return SessionRecord(
        row=1,
        session_id="test-program/intervals",
        name="Intervals",
        path=None,
        sha256=None,
        program_id=None,
        program_week=None,
        program_day=None,
        program_order=None,
        started_at=when,
        ended_at=None,
        last_seen_at=when,
        planned_seconds=420,
        step_count=6,
        active_seconds=60.0,
        paused_seconds=0.0,
        outcome=Outcome.INTERRUPTED,
        current_step=1,
        stopped_step=1,
        resumes=0,
    )


async def open_screen(pilot: Pilot[int], prefix: str) -> None:
    """Bring the app (started on the picker or a session) to the screen of ``prefix``."""
    app = pilot.app
    if prefix == "preview":
        await pilot.press("enter")
    elif prefix == "history":
        await pilot.press("ctrl+l")
    elif prefix == "help":
        await pilot.press("f1")
    elif prefix in ("quit", "summary"):
        await pilot.press("q", *(["y"] if prefix == "summary" else []))
    elif prefix == "reps":
        await pilot.press("r")
    elif prefix in ("editor", "discard"):
        await app.push_screen(EditorScreen(edit_target(a_user_session())))
        await pilot.pause()
        if prefix == "discard":
            app.screen.query_one(TextArea).insert("x")
            await pilot.press("escape")
    elif prefix == "resume":
        await app.push_screen(ResumeScreen(an_interrupted_record(), dt.datetime.now(dt.UTC)))
    await pilot.pause()


STARTS_IN_A_SESSION = {"countdown", "quit", "summary", "reps"}


@pytest.mark.parametrize("binding_id", sorted(bindings.ALL_BINDING_IDS))
async def test_every_binding_id_remapped_runs_its_action_on_its_screen(
    make_app: MakeApp,
    strength: SessionEntry,
    write_config: WriteConfig,
    binding_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = binding_id.split(".")[0]
    actions = {
        b.action for b in bindings.ALL[prefix] if isinstance(b, Binding) and b.id == binding_id
    }
    write_config(f'[keys]\n"{binding_id}" = "f9"\n')
    app = make_app(start=strength if prefix in STARTS_IN_A_SESSION else None)
    run: list[str] = []
    run_action = app.run_action

    async def recording(action: Any, *args: Any, **kwargs: Any) -> bool:
        run.append(str(action))
        return await run_action(action, *args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_screen(pilot, prefix)
        monkeypatch.setattr(app, "run_action", recording)
        await pilot.press("f9")
        await pilot.pause()
    assert actions & set(run), f"f9 on the {prefix} screen ran {run}, not {actions}"
