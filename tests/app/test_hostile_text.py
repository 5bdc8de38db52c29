"""Names, notes and errors from files never reach the terminal as control bytes (Pilot).

Textual writes a label's text as it is: ``ESC ]0;…BEL`` in a session name set the
window title, OSC 52 in a step name wrote the clipboard. Each line every widget
draws is checked here, segment by segment, and the window title too.
"""

from __future__ import annotations

import os
import unicodedata
from types import SimpleNamespace
from typing import Any, cast

from textual.app import App
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Tree
from textual.widgets._toast import Toast

from tests.app.conftest import MakeApp, countdown, text_of
from timer_tui.core.loader import load_session
from timer_tui.library.paths import user_sessions_dir
from timer_tui.library.sessions import SessionEntry, discover
from timer_tui.ui.screens.picker import PreviewScreen
from timer_tui.ui.title import TerminalTitle

TITLE = "\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
HOSTILE = (
    'name = "Evil\\u001b]0;pwned\\u0007 session"\n'
    'description = "line one\\u009b31m\\u007f"\n'
    "[[steps]]\n"
    'name = "Plank\\u001b]52;c;cm0gLXJmIH4=\\u0007"\n'
    "duration = 30\n"
    'note = "keep\\u009b2J straight\\nfake line\\u001b[2J"\n'
    "[[steps]]\n"
    'name = "Squat\\u007f [/b] [link=\\"https://e.vil\\"]x[/link]"\n'
    "reps = 5\n"
)


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def drawn_controls(app: App[Any]) -> list[str]:
    """Every control character in the text of every segment the screen draws."""
    found: list[str] = []
    for widget in app.screen.walk_children(Widget, with_self=True):
        if not widget.display or not widget.region:
            continue
        region = Region(0, 0, widget.region.width, widget.region.height)
        for strip in widget.render_lines(region):
            for segment in strip:
                if segment.control is None:
                    found.extend(repr(c) for c in segment.text if is_control(c))
    return found


def write_hostile(tmp: Any = None) -> SessionEntry:
    folder = user_sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evil.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    result = load_session(path)
    assert result.ok, [e.format() for e in result.errors]
    return next(e for e in discover() if e.id == "evil")


async def test_the_countdown_shows_names_and_notes_escaped(make_app: MakeApp) -> None:
    entry = write_hostile()
    app = make_app(start=entry)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = countdown(app)
        assert screen.engine.index == 0
        assert drawn_controls(app) == []
        assert "\\x1b]0;pwned\\x07" in text_of(app, "#session-name")
        assert not any(is_control(c) for c in str(app.title) + str(app.sub_title))
        assert "\\x1b]52" in str(app.title)


async def test_the_picker_and_preview_show_names_escaped(make_app: MakeApp) -> None:
    write_hostile()
    broken = user_sessions_dir() / "broken.toml"
    broken.write_text('name = "x"\n[[steps]]\nduration = ' + "9" * 5000 + "\n")
    fifo_sound = user_sessions_dir() / "fifo.toml"
    fifo_sound.write_text('name = "y"\n[[steps]]\nduration = 5\nsound = "cue.wav"\n')
    os.mkfifo(user_sessions_dir() / "cue.wav")
    app = make_app(load_entries=discover)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        tree: Tree[SessionEntry | None] = app.screen.query_one(Tree)
        lines = [str(leaf.label) for group in tree.root.children for leaf in group.children]
        evil = [line for line in lines if "Evil" in line]
        assert evil and "\\x1b" in evil[0], lines
        assert any("broken" in line and "does not load" in line for line in lines), lines
        assert any("fifo" in line and "FIFO" in line for line in lines), lines
        assert drawn_controls(app) == []


async def test_toasts_show_control_characters_escaped(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.notify(f"Saved {TITLE}x.toml{CLIPBOARD}")
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        assert toasts, "the toast is on screen"
        assert "\\x1b]0;pwned" in str(toasts[0].render())
        assert drawn_controls(app) == []


class RecordingDriver:
    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)


def test_the_window_title_is_written_without_control_characters() -> None:
    driver = RecordingDriver()
    fake_app = SimpleNamespace(_driver=driver, is_headless=False)
    title = TerminalTitle(cast("App[Any]", fake_app))
    title.set(f"0:30 Plank{CLIPBOARD}\x9b2J")
    osc = driver.written[-1]
    assert osc.startswith("\x1b]2;") and osc.endswith("\x07")
    inner = osc[len("\x1b]2;") : -1]
    assert not any(is_control(c) for c in inner), repr(inner)
    assert "\\x1b]52" in inner, "shown escaped, not silently dropped"


async def test_the_preview_shows_markup_and_controls_as_text(make_app: MakeApp) -> None:
    """A str cell of a DataTable is markup: "[/b]" in a step name raised, a [link] linked."""
    entry = write_hostile()
    app = make_app(load_entries=discover)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(PreviewScreen(entry))
        await pilot.pause()
        table: DataTable[Any] = app.screen.query_one(DataTable)
        cells = [str(table.get_cell_at(Coordinate(row, 2))) for row in range(table.row_count)]
        assert any("[/b]" in cell and "[link=" in cell for cell in cells), cells
        assert "\\x1b]0;pwned" in text_of(app, "#preview-name")
        assert drawn_controls(app) == []
