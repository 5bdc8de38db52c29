"""Dialogs over the current screen: quit confirmation and the list of keys.

Their text wraps, never cut: a dialog is as wide as it likes up to the window,
and narrow or short windows get tighter padding (breakpoint classes), down to
buttons stacked one per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from timer_tui.ui import bindings

DIALOG_HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (36, "-narrow"), (60, "-roomy")]
"""Classes a dialog screen gets by window width: ``-tiny`` stacks its buttons."""
DIALOG_VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
"""``-short``: no blank lines around the text."""


class QuitScreen(ModalScreen[bool]):
    """Asks before abandoning a session: one stray `q` must not end a long run."""

    HORIZONTAL_BREAKPOINTS = DIALOG_HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = DIALOG_VERTICAL_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = bindings.QUIT

    def __init__(self, question: str = "Quit this session?") -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            yield Static("The summary shows what you did so far.", id="explain", markup=False)
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
    for namespace, bindings_map in screen._binding_chain:
        for key, key_bindings in bindings_map.key_to_bindings.items():
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


class KeyList:
    """The help's rows: key, what it does, binding id; the ids always whole.

    They are what a config file names, so they never wrap or get cut; the
    description wraps instead. Too narrow for three columns, each key takes two
    lines: keys and id, then what it does.
    """

    HEADERS = ("Key", "Does", "Binding id")
    MIN_DOES = 16
    """Below this width for the description, the rows stack."""
    GAP = 2

    def __init__(self, rows: Sequence[tuple[str, str, str]]) -> None:
        self.rows = list(rows)

    def _widths(self) -> tuple[int, int, int]:
        columns = list(zip(self.HEADERS, *self.rows, strict=False))
        key, does, ident = (max(cell_len(cell) for cell in column) for column in columns)
        return key, does, ident

    def fits_columns(self, width: int) -> bool:
        key, _, ident = self._widths()
        return key + ident + 2 * self.GAP + self.MIN_DOES <= width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        key, does, ident = self._widths()
        return Measurement(min(options.max_width, 8), key + does + ident + 2 * self.GAP)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.fits_columns(options.max_width):
            yield self._table()
        else:
            yield from self._stacked()

    def _table(self) -> Table:
        table = Table(box=None, padding=(0, self.GAP, 0, 0), header_style="bold", expand=False)
        table.add_column(self.HEADERS[0], no_wrap=True, style="bold")
        table.add_column(self.HEADERS[1], overflow="fold", ratio=1)
        table.add_column(self.HEADERS[2], no_wrap=True, style="italic")
        for keys, does, ident in self.rows:
            table.add_row(keys, does, ident)
        return table

    def _stacked(self) -> Iterable[Text | Padding]:
        for keys, does, ident in self.rows:
            yield Text.assemble((keys, "bold"), "  ", (ident, "italic"), overflow="fold")
            yield Padding(Text(does, overflow="fold"), (0, 0, 0, 2))


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below, with the binding ids a config file can remap."""

    HORIZONTAL_BREAKPOINTS = DIALOG_HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = DIALOG_VERTICAL_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = bindings.HELP

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label("Keys", id="help-title")
            with VerticalScroll(id="keys"):
                yield Static(KeyList(self.rows), id="keys-list")
            yield Static(
                'Change keys in the config file: [keys] "binding.id" = "k"',
                id="help-hint",
                markup=False,  # "[keys]" is the TOML table's name, not a style
            )

    def on_mount(self) -> None:
        self.query_one("#keys").focus()  # arrows and page keys scroll a long list
