"""The summary after a session ends or is quit: planned against actual, step by step."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape as escape_markup
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from timer_tui.core.durations import format_clock, format_elapsed
from timer_tui.core.engine import Engine, Status, StepResult
from timer_tui.core.safe_text import safe_text
from timer_tui.core.timeline import Timeline
from timer_tui.core.treadmill import distance_m, format_distance
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui import bindings, texts
from timer_tui.ui.fit import cut_words
from timer_tui.ui.widgets.keybar import KeyBar

SHORT_BELOW_HEIGHT = 20
"""Below this many lines the summary drops its margins."""
COLUMNS = ("#", "Step", "Planned", "Actual", "Paused", "Outcome")
NAME_COLUMN = 1
NAME_MIN_WIDTH = 12
TABLE_MARGINS = 6
"""The table's side margins (``app.tcss``) and its scrollbar."""


class SummaryScreen(Screen[None]):
    """The figures come first: on a short window they stay whole and the table of
    steps gets the lines left (it scrolls)."""

    VERTICAL_BREAKPOINTS = [  # noqa: RUF012 (a ClassVar here clashes with Textual's own type)
        (0, "-short"),
        (SHORT_BELOW_HEIGHT, "-tall"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = bindings.SUMMARY

    def __init__(
        self, entry: SessionEntry, timeline: Timeline, engine: Engine, pauses: int
    ) -> None:
        super().__init__()
        self.entry = entry
        self.timeline = timeline
        self.results = tuple(engine.results)
        self.rows: list[list[str]] = []
        """The table's cells before the names are cut to the window's width."""
        self.figures = texts.summary_figures(
            timeline,
            self.results,
            paused_total=engine.state().paused_total,
            pauses=pauses,
            finished=engine.status is Status.FINISHED,
        )

    def compose(self) -> ComposeResult:
        title = texts.summary_title(self.figures, self.entry.name)
        with Vertical(id="summary-head"):
            yield Static(
                title,
                id="summary-title",
                classes="-finished" if self.figures.finished else "",
                markup=False,
            )
            yield Static(
                "\n".join(f"{k:<12}{v}" for k, v in texts.summary_lines(self.figures)),
                id="figures",
                markup=False,
            )
        table: DataTable[str] = DataTable(id="steps", cursor_type="row", zebra_stripes=True)
        yield table
        yield KeyBar(palette=True)

    def on_mount(self) -> None:
        self.rows = [self._row(r) for r in self.results]
        self._fill(self.size.width)
        self.app.title = texts.summary_title(self.figures, self.entry.name)

    def on_resize(self, event: Resize) -> None:
        if self.rows:
            self._fill(event.size.width)

    def _row(self, r: StepResult) -> list[str]:
        step = self.timeline[r.index]
        planned = format_clock(r.planned) if r.planned is not None else step.amount
        actual = format_elapsed(r.active)
        if r.reps_done is not None:
            actual += f" · {texts.reps_text(r.reps_done)}"
        if r.load:
            actual += f" · {r.load}"
        metres = distance_m(step.speed_kmh, r.active)
        if metres is not None:
            actual += f" · {format_distance(metres, step.speed_unit)}"
        paused = format_elapsed(r.paused) if r.paused else ""
        name = f"{step.name} ({step.label})" if step.label else step.name
        return [str(r.index + 1), safe_text(name), planned, actual, paused, r.outcome.value]

    def _fill(self, width: int) -> None:
        """The table, its step names cut at a word so that every other column (the
        outcome last) shows whole in ``width`` columns (issue 12: it was cut at 100)."""
        table: DataTable[str] = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        others = sum(
            max(len(COLUMNS[i]), *(len(row[i]) for row in self.rows)) + 2
            for i in range(len(COLUMNS))
            if i != NAME_COLUMN
        )
        room = max(NAME_MIN_WIDTH, width - TABLE_MARGINS - others - 2)
        for row in self.rows:
            cells = list(row)
            # a str cell is read as markup
            cells[NAME_COLUMN] = escape_markup(cut_words(row[NAME_COLUMN], room))
            table.add_row(*cells)

    class Closed(Message):
        """The runner is done reading: back to where the session was started from (the
        app decides: the picker, or the end of a direct run)."""

    def action_close(self) -> None:
        self.post_message(self.Closed())
