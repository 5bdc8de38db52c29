"""Dialogs over the current screen: quit confirmation and the list of keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Label


class QuitScreen(ModalScreen[bool]):
    """Asks before abandoning a session: one stray `q` must not end a long run."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q,enter", "answer(True)", "Quit", id="quit.yes", priority=True),
        Binding("n,escape", "answer(False)", "Keep going", id="quit.no", priority=True),
    ]

    def __init__(self, question: str = "Quit this session?") -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question")
            yield Label("The summary shows what you did so far.", id="explain")
            with Horizontal(id="buttons"):
                yield Button("Quit (y)", id="yes", variant="error")
                yield Button("Keep going (n)", id="no", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def help_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id) for every binding of ``screen`` and the app.

    Reads the binding chain with the user's keymap applied, so the help shows the
    keys really in force; disabled bindings (e.g. "done" on a timed step) are
    listed too, because this is the list of all keys. Only bindings with an id
    are listed: those are the app's own (and the ones a config can remap).
    """
    app = screen.app
    rows: dict[tuple[int, str, str], tuple[list[str], str, str]] = {}
    for namespace, bindings in screen._binding_chain:
        for key, key_bindings in bindings.key_to_bindings.items():
            for binding in key_bindings:
                if not binding.description or not binding.id:
                    continue  # widgets' own keys (cursor moves) are not this app's to list
                group = (id(namespace), binding.action, binding.id or "")
                keys, _, _ = rows.setdefault(
                    group, ([], binding.tooltip or binding.description, binding.id or "")
                )
                shown = app.get_key_display(binding.with_key(key))
                if shown not in keys:
                    keys.append(shown)
    return [(", ".join(keys), text, binding_id) for keys, text, binding_id in rows.values()]


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below, with the binding ids a config file can remap."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "dismiss", "Close", id="help.close", priority=True),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label("Keys", id="help-title")
            table: DataTable[str] = DataTable(id="keys", cursor_type="none", show_cursor=False)
            yield table
            yield Label('Change keys in the config file: [keys] "binding.id" = "k"', id="help-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "Binding id")
        for row in self.rows:
            table.add_row(*row)
