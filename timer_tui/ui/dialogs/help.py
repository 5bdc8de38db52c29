"""The list of keys (``?``): every key of the screen below, with its binding id.

The rows come from the screen's and the app's ``BINDINGS`` (the registry in
``ui/bindings.py``), with the user's keymap applied, so the help shows the keys
really in force. Keys that the focused widget takes for itself (a letter while
typing in a text box) are left out, as Textual leaves them out of its bindings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Label, Static

from timer_tui.ui import bindings
from timer_tui.ui.dialogs import DIALOG_CSS
from timer_tui.ui.dialogs.confirm import DIALOG_HORIZONTAL_BREAKPOINTS, DIALOG_VERTICAL_BREAKPOINTS

HelpRow = tuple[str, str, str]
"""(keys, what it does, binding id)."""


def help_rows(
    bindings_in_force: Iterable[BindingType],
    keymap: Mapping[str, str],
    key_display: Callable[[Binding], str],
    consumed: Callable[[str], bool] = lambda key: False,
) -> list[HelpRow]:
    """One row per binding id: its keys (as the footer shows them), what it does, the id.

    ``keymap`` is the config's ``[keys]`` (binding id -> comma-separated keys).
    Disabled bindings (e.g. "done" on a timed step) are listed too: this is the
    list of all keys. Only bindings with an id are listed: those are the app's
    own, and the ones a config can remap.
    """
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings_in_force:
        if not isinstance(binding, Binding) or not binding.description or not binding.id:
            continue  # widgets' own keys (cursor moves) are not this app's to list
        keys, _ = rows.setdefault(binding.id, ([], binding.tooltip or binding.description))
        for key in keymap.get(binding.id, binding.key).split(","):
            key = key.strip()
            shown = key_display(binding.with_key(key))
            if not consumed(key) and shown not in keys:
                keys.append(shown)
    return [
        (", ".join(keys), text, binding_id) for binding_id, (keys, text) in rows.items() if keys
    ]


def help_rows_for(screen: Screen[object], keymap: Mapping[str, str]) -> list[HelpRow]:
    """The rows for ``screen`` and its app, as the keys stand now."""
    app = screen.app
    focused = screen.focused
    takers = [n for n in focused.ancestors_with_self if isinstance(n, Widget)] if focused else []

    def consumed(key: str) -> bool:
        character = key_to_character(key)
        return any(node.check_consume_key(key, character) for node in takers)

    in_force = [*screen.BINDINGS, *app.BINDINGS]
    return help_rows(in_force, keymap, app.get_key_display, consumed)


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

    def __init__(self, rows: Sequence[HelpRow]) -> None:
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

    CSS_PATH = DIALOG_CSS
    HORIZONTAL_BREAKPOINTS = DIALOG_HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = DIALOG_VERTICAL_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = bindings.HELP

    def __init__(self, rows: list[HelpRow]) -> None:
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
