"""The summary after a session ends or is quit: planned against actual, step by step."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape as escape_markup
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from timer_tui.core.durations import format_clock, format_elapsed
from timer_tui.core.engine import Engine, Status
from timer_tui.core.safe_text import safe_text
from timer_tui.core.timeline import Timeline
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui import bindings, texts

SHORT_BELOW_HEIGHT = 20
"""Below this many lines the summary drops its margins."""


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
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Step", "Planned", "Actual", "Paused", "Outcome")
        for r in self.results:
            step = self.timeline[r.index]
            planned = format_clock(r.planned) if r.planned is not None else step.amount
            actual = format_elapsed(r.active)
            if r.reps_done is not None:
                actual += f" · {texts.reps_text(r.reps_done)}"
            if r.load:
                actual += f" · {r.load}"
            paused = format_elapsed(r.paused) if r.paused else ""
            name = f"{step.name} ({step.label})" if step.label else step.name
            name = escape_markup(safe_text(name))  # a str cell is read as markup
            table.add_row(str(r.index + 1), name, planned, actual, paused, r.outcome.value)
        self.app.title = texts.summary_title(self.figures, self.entry.name)

    class Closed(Message):
        """The runner is done reading: back to where the session was started from (the
        app decides: the picker, or the end of a direct run)."""

    def action_close(self) -> None:
        self.post_message(self.Closed())
