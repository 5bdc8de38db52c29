"""The picker's ``ctrl+e`` and ``ctrl+o``: edit the highlighted session in $VISUAL/$EDITOR (the
app hands the terminal over and checks the file after) or in the built-in editor.

UI glue only: toasts, handing the terminal over, pushing the editor. Finding the
editor, copying a bundled session and checking the file are ``library/editing``'s,
shared with ``timer-tui edit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import SuspendNotSupported
from textual.screen import Screen

from timer_tui.core.errors import UserError
from timer_tui.core.wording import plural
from timer_tui.library.editing import (
    NO_EDITOR,
    EditRun,
    check_report,
    edit_in_editor,
    editor_command,
    open_in_editor,
)
from timer_tui.library.sessions import SessionEntry


def open_in_app_editor(screen: Screen[Any], entry: SessionEntry | None) -> None:
    """``ctrl+o``: push the editor for ``entry``, or say why not."""
    from timer_tui.ui.screens.editor import CannotEdit, EditorScreen, edit_target

    if entry is None:
        screen.notify("Highlight a session first.", timeout=3)
        return
    try:
        target = edit_target(entry.path)
    except CannotEdit as exc:
        screen.notify(str(exc), severity="error", timeout=8)
        return
    screen.app.push_screen(EditorScreen(target))


def edit_externally(screen: Screen[Any], entry: SessionEntry | None) -> bool:
    """``ctrl+e``: hand the terminal to $VISUAL/$EDITOR for ``entry``, then check the file.

    A bundled session is edited as a scratch copy, saved to the user folder only
    when changed, like ``timer-tui edit``. Returns whether the editor ran (the
    caller reloads the list then).
    """
    if entry is None:
        screen.notify("Highlight a session first.", timeout=3)
        return False
    try:
        command = editor_command()
        if command is None:
            screen.notify(NO_EDITOR, severity="error", timeout=8)
            return False
        edit = edit_in_editor(
            entry.path, command, lambda path, cmd: _hand_over(screen, entry, path, cmd)
        )
    except _NoHandOver:
        return False
    except UserError as exc:  # $EDITOR names a program that is not there, a copy failed...
        screen.notify(str(exc), severity="error", timeout=8)
        return False
    if edit.status != 0:
        screen.notify(f"The editor exited with status {edit.status}.", severity="warning")
    if edit.unchanged_bundled:
        screen.notify(f"No change saved: {entry.path.name} stays as bundled.", timeout=4)
        return True
    _report(screen, edit)
    return True


class _NoHandOver(Exception):
    """The terminal cannot be handed over (already said in a toast)."""


def _hand_over(screen: Screen[Any], entry: SessionEntry, path: Path, command: list[str]) -> int:
    """Run the editor with the terminal handed over; its exit status. Raises
    ``_NoHandOver`` if the terminal cannot be handed over (said in a toast)."""
    app = screen.app
    try:
        with app.suspend():
            return open_in_editor(path, command)
    except SuspendNotSupported:
        if app.is_headless:
            return open_in_editor(path, command)  # tests: no terminal to hand over
        screen.notify(
            f"This terminal cannot hand over to another program; use ctrl+o "
            f"or run: timer-tui edit {entry.id}",
            severity="error",
            timeout=8,
        )
        raise _NoHandOver from None


def _report(screen: Screen[Any], edit: EditRun) -> None:
    """Whether the edited file still loads, and the first problem if not."""
    path = edit.path
    result, _lines = check_report(path)
    copied = f" (your copy of {edit.copied_from.name})" if edit.copied_from is not None else ""
    if result.ok:
        screen.notify(f"{path.name}{copied}: valid", timeout=3)
        return
    first = result.errors[0]
    count = len(result.errors)
    screen.notify(
        f"{path.name}{copied}: {plural(count, 'problem')}; line {first.line}: {first.message}",
        severity="error",
        timeout=10,
    )
