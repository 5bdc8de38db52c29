"""The picker's ``e`` and ``E``: edit the highlighted session in $VISUAL/$EDITOR (the
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
    check_report,
    editable_file,
    editor_command,
    open_in_editor,
)
from timer_tui.library.sessions import SessionEntry


def open_in_app_editor(screen: Screen[Any], entry: SessionEntry | None) -> None:
    """``E``: push the editor for ``entry``, or say why not."""
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
    """``e``: hand the terminal to $VISUAL/$EDITOR for ``entry``, then check the file.

    A bundled session is copied to the user folder first, like ``timer-tui edit``.
    Returns whether the editor ran (the caller reloads the list then).
    """
    if entry is None:
        screen.notify("Highlight a session first.", timeout=3)
        return False
    try:
        command = editor_command()
        if command is None:
            screen.notify(NO_EDITOR, severity="error", timeout=8)
            return False
        path, copied_from = editable_file(entry.path)
        status = _hand_over(screen, entry, path, command)
    except UserError as exc:  # $EDITOR names a program that is not there, a copy failed...
        screen.notify(str(exc), severity="error", timeout=8)
        return False
    if status is None:
        return False
    if status != 0:
        screen.notify(f"The editor exited with status {status}.", severity="warning")
    _report(screen, path, copied_from)
    return True


def _hand_over(
    screen: Screen[Any], entry: SessionEntry, path: Path, command: list[str]
) -> int | None:
    """Run the editor with the terminal handed over; its exit status, or None if the
    terminal cannot be handed over (said in a toast)."""
    app = screen.app
    try:
        with app.suspend():
            return open_in_editor(path, command)
    except SuspendNotSupported:
        if app.is_headless:
            return open_in_editor(path, command)  # tests: no terminal to hand over
        screen.notify(
            f"This terminal cannot hand over to another program; use E "
            f"or run: timer-tui edit {entry.id}",
            severity="error",
            timeout=8,
        )
        return None


def _report(screen: Screen[Any], path: Path, copied_from: Path | None) -> None:
    """Whether the edited file still loads, and the first problem if not."""
    result, _lines = check_report(path)
    copied = f" (your copy of {copied_from.name})" if copied_from is not None else ""
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
