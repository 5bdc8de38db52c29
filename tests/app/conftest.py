"""Fixtures for the app's tests: fixed sessions, a fake clock, apps built without audio.

The sessions live beside these tests (not the bundled library), so a change to
the bundled programs never changes a snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.notifications import Notification
from textual.widgets import Tree

from tests.conftest import FakeClock
from timer_tui.core.engine import Event
from timer_tui.library.paths import config_path
from timer_tui.library.sessions import SessionEntry, discover
from timer_tui.log.records import local_now
from timer_tui.ui.app import TimerApp
from timer_tui.ui.log_hooks import LogHooks
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.screens.picker import PickerScreen
from timer_tui.ui.widgets.keybar import KeyBar, item_text

HERE = Path(__file__).resolve().parent
BUNDLED = HERE / "sessions"
USER = HERE / "sessions-user"


def test_entries() -> list[SessionEntry]:
    return discover(user_dir=USER, bundled_dir=BUNDLED)


def entry(entry_id: str) -> SessionEntry:
    return next(e for e in test_entries() if e.id == entry_id)


@pytest.fixture
def intervals() -> SessionEntry:
    return entry("test-program/intervals")


@pytest.fixture
def strength() -> SessionEntry:
    return entry("test-program/strength")


class FakeAudio:
    """Stands in for ``timer_tui.audio``'s cue subscriber: records what the screen does."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.events: list[Event] = []
        self.prepared = False
        self.muted = bool(kwargs.get("mute"))
        self.closed = False

    def prepare(self) -> None:
        self.prepared = True
        self.kwargs["notify"]("No speech engine found, so cues are tones only.")

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        return self.muted

    def close(self) -> None:
        self.closed = True


class AudioRecorder:
    def __init__(self) -> None:
        self.made: list[FakeAudio] = []

    def __call__(self, session: object, timeline: object, **kwargs: Any) -> FakeAudio:
        audio = FakeAudio(session=session, timeline=timeline, **kwargs)
        self.made.append(audio)
        return audio


MakeApp = Callable[..., TimerApp]


@pytest.fixture
def make_app(clock: FakeClock) -> MakeApp:
    def make(**kwargs: Any) -> TimerApp:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("audio", None)
        kwargs.setdefault("load_entries", test_entries)
        kwargs.setdefault("terminal_title", False)
        return TimerApp(**kwargs)

    return make


def column_of(keybar: KeyBar, description: str) -> int:
    """The middle column of the key with ``description``, as drawn."""
    start = 0
    for key in keybar.keys:
        width = len(item_text(key))
        if key.description == description:
            return start + width // 2
        start += width
    raise AssertionError(f"{description!r} is not in the bar: {keybar.keys}")


def countdown(app: App[Any]) -> CountdownScreen:
    screen = app.screen
    assert isinstance(screen, CountdownScreen), f"expected the countdown, found {screen!r}"
    return screen


def toasts(app: App[Any]) -> list[Notification]:
    """The toasts shown so far, oldest first (Textual keeps them privately: read here only)."""
    return list(app._notifications)


def picker_lines(app: App[Any]) -> list[str]:
    """The picker's tree as shown, one label a line."""
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    tree: Tree[SessionEntry | None] = picker.query_one(Tree)
    lines = []
    for i in range(tree.last_line + 1):
        node = tree.get_node_at_line(i)
        assert node is not None
        lines.append(str(node.label))
    return lines


def notices(app: App[Any]) -> list[str]:
    """What the toasts have said so far, oldest first."""
    return [n.message for n in toasts(app)]


def hooks_for(db: Path, clock: FakeClock, start: dt.datetime | None = None) -> LogHooks:
    """The app's log hooks on the file ``db``, its wall time following the fake clock.

    The wall time is ``start`` (now by default) when the clock reads 1000 s, where a
    FakeClock starts, so runs made on the same clock sit apart by what it counted.
    """
    base = local_now() if start is None else start
    return LogHooks(path=db, now=lambda: base + dt.timedelta(seconds=clock.now - 1000))


WriteConfig = Callable[[str], Path]


@pytest.fixture
def write_config() -> WriteConfig:
    """Write the user's config file where the app reads it (the test's own folder)."""

    def write(text: str) -> Path:
        path = config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def text_of(app: App[Any], selector: str) -> str:
    """The text a Label/Static shows now."""
    widget = app.screen.query_one(selector)
    return str(widget.render())
