"""The app's own commands in the command palette (ctrl+p).

Beside Textual's system commands (Theme, Keys, Screenshot, Quit), the palette
offers what a user of this app looks for by name: start any session by typing
part of its name, the next session of a program already started, the history,
and sound off or on. Starting a session is offered only where it cannot cut a
run short: never while a countdown is on screen, and not in a run started from
the command line (``run``, ``next``, ``resume``), which ends with its session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from timer_tui.core.safe_text import safe_text
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui.screens.countdown import CountdownScreen
from timer_tui.ui.screens.picker import PickerScreen

if TYPE_CHECKING:
    from timer_tui.ui.app import TimerApp


@dataclass(frozen=True, slots=True)
class Command:
    """One line of the palette: what it says, what it does, and a line of help."""

    text: str
    run: Callable[[], object]
    help: str


def can_start_sessions(app: TimerApp) -> bool:
    """A session may start from the palette: no countdown is on, none was asked for."""
    if app.start_entry is not None:
        return False
    return not any(isinstance(screen, CountdownScreen) for screen in app.screen_stack)


def loaded_entries(app: TimerApp) -> Sequence[SessionEntry] | None:
    """The picker's sessions when it has them (no second scan of the folders)."""
    for screen in app.screen_stack:
        if isinstance(screen, PickerScreen) and screen.entries:
            return screen.entries
    return None


def fixed_commands(app: TimerApp, screen: Screen[object]) -> list[Command]:
    """The commands that do not depend on the session library; ``screen`` is the one
    the palette was opened over (the palette itself is ``app.screen`` by now)."""
    commands = [
        Command("History", app.action_history, "Every logged session, week by week"),
    ]
    countdown = screen if isinstance(screen, CountdownScreen) else None
    if countdown is not None:
        muted = countdown.audio.player is not None and countdown.audio.player.muted
        text = "Sound on" if muted or countdown.mute else "Sound off (mute)"
        commands.append(Command(text, countdown.action_mute, "Tones and voice of this run"))
    else:
        text = "Sound on for the next run" if app.mute else "Sound off (mute) for the next run"
        commands.append(Command(text, app.toggle_mute, "Tones and voice of the next session"))
    return commands


def session_commands(app: TimerApp, entries: Sequence[SessionEntry]) -> list[Command]:
    """``Next: ...`` for each started program, and ``Start: ...`` for every session."""
    if not can_start_sessions(app):
        return []
    progress = app.progress(entries)
    commands = []
    for entry in entries:
        if entry.id in progress.next:
            program = entry.program.id if entry.program is not None else ""
            commands.append(
                Command(
                    f"Next session: {safe_text(entry.name)}",
                    partial(start_session, app, entry),
                    f"The next session of {safe_text(program)}",
                )
            )
    for entry in entries:
        if entry.ok:  # from the listing: reading every file's errors took seconds
            commands.append(
                Command(
                    f"Start: {safe_text(entry.name)}",
                    partial(start_session, app, entry),
                    safe_text(entry.id),
                )
            )
    return commands


def start_session(app: TimerApp, entry: SessionEntry) -> None:
    """Start ``entry``, read now: a row from the scan cache whose file no longer loads
    is said in a toast instead of run."""
    entry = entry.loaded()
    if not entry.ok:
        app.notify(
            f"{entry.path.name} does not load now: {entry.errors[0].format()}",
            severity="error",
        )
        return
    app.start_from_palette(entry)


class TimerCommands(Provider):
    """The palette's provider of the commands above."""

    entries: Sequence[SessionEntry] = ()

    async def startup(self) -> None:
        app: TimerApp = self.app  # type: ignore[assignment]
        if not can_start_sessions(app):
            return
        entries = loaded_entries(app)
        if entries is None:  # reading every session file: off the UI's thread
            entries = await asyncio.to_thread(app.load_entries)
        self.entries = entries

    def _commands(self) -> list[Command]:
        app: TimerApp = self.app  # type: ignore[assignment]
        return [*fixed_commands(app, self.screen), *session_commands(app, self.entries)]

    async def discover(self) -> Hits:
        """With nothing typed: the fixed commands and the next sessions, not every session."""
        for command in self._commands():
            if not command.text.startswith("Start: "):
                yield DiscoveryHit(command.text, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), command.run, help=command.help)
