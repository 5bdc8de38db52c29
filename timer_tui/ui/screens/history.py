"""The history screen (``h`` in the picker): what the completion log holds.

It shows the streak, a bar per ISO week of running/walking/strength time, the
recent sessions, and the highlighted session's steps planned against actual.
The log's dialogs (resume, reps) are in ``ui/dialogs``; its hooks into the app
in ``ui/log_hooks.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.markup import escape as escape_markup
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from timer_tui.core.durations import format_clock, format_elapsed
from timer_tui.core.kinds import Category
from timer_tui.core.loader import load_session
from timer_tui.core.safe_text import safe_text
from timer_tui.core.timeline import expand
from timer_tui.core.treadmill import SpeedUnit, format_distance
from timer_tui.core.wording import plural
from timer_tui.log.records import Now, SessionRecord, local_now
from timer_tui.log.store import History
from timer_tui.log.streak import weekly_streak
from timer_tui.log.views import WeekTotal, iso_week_start, weekly_totals
from timer_tui.ui import bindings
from timer_tui.ui.fit import cut_words
from timer_tui.ui.widgets.keybar import KeyBar
from timer_tui.ui.widgets.palette import BLUE, BLUISH_GREEN, REDDISH_PURPLE, VERMILLION

WEEKS_SHOWN = 8
CELL_PADDING = 2
SCROLLBAR = 2
NAME_MIN_WIDTH = 12
SESSION_COLUMNS = ("Started", "Session", "Outcome", "Active", "Planned")
STEP_COLUMNS = ("#", "Step", "Planned", "Actual", "Outcome", "")
SESSIONS_SHOWN = 200
FIRST_FRAME_WAIT = 0.1
"""Seconds the screen waits for the log's read before its first frame; a read that
takes longer shows the loading indicator first. 10,000 sessions are read in about
0.05 s; at 100,000 the loading frame still comes well within issue 16's 0.3 s."""
BAR_WIDTH = 36
DISTANCE_WIDTH = 8
"""A week's treadmill distance: "123.45 km"."""

CATEGORY_LOOK: dict[Category, tuple[str, str]] = {
    # A colour and a distinct fill, so the chart never relies on colour alone.
    Category.RUNNING: ("█", VERMILLION),
    Category.WALKING: ("▓", BLUISH_GREEN),
    Category.STRENGTH: ("▒", BLUE),
    Category.OTHER: ("░", REDDISH_PURPLE),
}


# -- pure text --------------------------------------------------------------------------
def bar_cells(weeks: Sequence[WeekTotal], width: int) -> list[list[tuple[Category, int]]]:
    """Cells per category for each week's bar, scaled so the biggest week fills ``width``.

    Largest remainders decide the rounding, so a bar's cells add up to its share.
    """
    biggest = max((w.total for w in weeks), default=0.0)
    bars: list[list[tuple[Category, int]]] = []
    for week in weeks:
        if biggest <= 0 or week.total <= 0:
            bars.append([])
            continue
        cells = round(week.total / biggest * width)
        shares = [(c, week.seconds[c] / week.total * cells) for c in Category]
        whole = {c: int(s) for c, s in shares}
        left = cells - sum(whole.values())
        for c, _ in sorted(shares, key=lambda cs: cs[1] - int(cs[1]), reverse=True)[:left]:
            whole[c] += 1
        bars.append([(c, whole[c]) for c in Category if whole[c]])
    return bars


def week_chart(
    weeks: Sequence[WeekTotal], width: int = BAR_WIDTH, units: SpeedUnit | None = None
) -> Text:
    """A bar a week, its time, and its treadmill distance when a week has one (the bars
    give that column their room, so the chart keeps its width)."""
    chart = Text()
    far = any(w.metres is not None for w in weeks)
    if far:
        width -= DISTANCE_WIDTH + 2
    for week, cells in zip(weeks, bar_cells(weeks, width), strict=True):
        chart.append(f"{week_label(week.week_start)}  ", style="dim")
        for category, count in cells:
            fill, colour = CATEGORY_LOOK[category]
            chart.append(fill * count, style=colour)
        chart.append(" " * (width - sum(n for _, n in cells)))
        total = format_elapsed(week.total) if week.total else "·"
        chart.append(f"  {total:>8}")
        if far:
            metres = "·" if week.metres is None else format_distance(week.metres, units)
            chart.append(f"  {metres:>{DISTANCE_WIDTH}}")
        chart.append("\n")
    for category in Category:
        fill, colour = CATEGORY_LOOK[category]
        chart.append(f"{fill}{fill}", style=colour)
        chart.append(f" {category.value}   ")
    return chart


def week_label(monday: dt.date) -> str:
    """A week by the day it starts, as a calendar says it: "Nov 23", "Mar  2" (the
    ISO "26-W48" meant nothing to a runner)."""
    return f"{monday:%b} {monday.day:>2}"


def streak_text(streak: int, this_week: WeekTotal | None, units: SpeedUnit | None = None) -> str:
    weeks = plural(streak, "week")
    line = f"Streak: {weeks} in a row" if streak else "No streak yet: complete a session this week"
    if this_week is not None and this_week.total:
        parts = [f"{c.value} {format_elapsed(s)}" for c, s in this_week.seconds.items() if s >= 1]
        if this_week.metres is not None:
            parts.append(f"about {format_distance(this_week.metres, units)}")
        line += "   ·   this week: " + ", ".join(parts)
    return line


def cell_text(name: str) -> str:
    """A name from the log as a table cell: str cells are markup, so ``[`` is escaped too."""
    return escape_markup(safe_text(name))


def session_row(record: SessionRecord) -> tuple[str, ...]:
    started = record.started_at.astimezone()
    return (
        started.strftime("%a %d %b %H:%M"),
        safe_text(record.name),
        record.outcome_text,
        format_elapsed(record.active_seconds),
        format_clock(record.planned_seconds),
    )


def step_row(
    record: SessionRecord,
    index: int,
    labels: Mapping[int, str] | None = None,
    units: SpeedUnit | None = None,
) -> tuple[str, ...]:
    """One logged step; ``labels`` (from ``step_labels``) adds its set and side, and a
    treadmill step its distance."""
    step = record.steps[index]
    label = (labels or {}).get(step.index)
    planned = (
        format_clock(step.planned_seconds)
        if step.planned_seconds is not None
        else plural(step.reps_planned or 0, "rep")
    )
    actual = format_elapsed(step.actual_seconds)
    if step.reps_done is not None:
        actual += f" · {plural(step.reps_done, 'rep')}"
    if step.load:
        actual += f" @ {step.load}"
    if step.distance_m is not None:
        actual += f" · {format_distance(step.distance_m, units)}"
    extra = []
    if step.adjusted_seconds:
        extra.append(f"{step.adjusted_seconds:+d} s")
    if step.paused_seconds >= 1:
        extra.append(f"paused {format_elapsed(step.paused_seconds)}")
    return (
        str(step.index + 1),
        safe_text(f"{step.name} ({label})" if label else step.name),
        planned,
        actual,
        step.outcome,
        ", ".join(extra),
    )


@functools.lru_cache(maxsize=64)
def _timeline_labels(path: str, mtime_ns: int) -> tuple[tuple[str, str], ...] | None:
    """Each step's (name, label) of the session file at ``path``, or None if it does
    not load; keyed on its modification time, so an edited file is read again."""
    result = load_session(Path(path))
    if result.session is None:
        return None
    return tuple((step.name, step.label) for step in expand(result.session).steps)


def step_labels(record: SessionRecord) -> dict[int, str]:
    """ "Set 1/3, left" for each logged step, from the session's file when it still
    expands to the steps the log holds (same count, same names); else none: the log
    keeps names, not sets and sides."""
    if not record.path:
        return {}
    try:
        mtime = Path(record.path).stat().st_mtime_ns
    except OSError:
        return {}
    steps = _timeline_labels(record.path, mtime)
    if steps is None or len(steps) != record.step_count:
        return {}
    if any(steps[s.index][0] != s.name for s in record.steps if s.index < len(steps)):
        return {}
    return {s.index: steps[s.index][1] for s in record.steps if steps[s.index][1]}


def fit_name_column(
    rows: Sequence[Sequence[str]], headers: Sequence[str], column: int, width: int
) -> list[list[str]]:
    """``rows`` with the names in ``column`` cut at a word (markup escaped after: a str
    cell is markup) so the whole table fits ``width`` columns: every other column
    shows whole."""
    others = sum(
        max([len(header), *(len(row[i]) for row in rows)]) + CELL_PADDING
        for i, header in enumerate(headers)
        if i != column
    )
    room = max(NAME_MIN_WIDTH, width - others - CELL_PADDING - SCROLLBAR)
    return [
        [escape_markup(cut_words(c, room)) if i == column else c for i, c in enumerate(row)]
        for row in rows
    ]


# -- data -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HistoryData:
    sessions: list[SessionRecord]
    weeks: list[WeekTotal]
    streak: int
    problem: str | None = None


def load_history(
    path: Path | None = None, now: dt.datetime | None = None, *, weeks: int = WEEKS_SHOWN
) -> HistoryData:
    """Everything the screen shows, read in one go (read-only: never creates the log)."""
    now = now or local_now()
    opened = History.open(path, readonly=True)
    if opened.history is None:
        return HistoryData([], weeks_empty(now, weeks), 0, opened.message)
    with opened.history as history:
        # The table shows no steps: only the highlighted session's are read (the first
        # one's here, for the first frame; ``HistoryScreen.steps_of`` the others').
        recent = history.sessions(limit=SESSIONS_SHOWN)
        first = history.session(recent[0].row) if recent else None
        if first is not None:
            recent[0] = first
        first_week = iso_week_start(now.date()) - dt.timedelta(weeks=weeks - 1)
        since = dt.datetime.combine(first_week, dt.time(), tzinfo=now.tzinfo)
        in_chart = history.sessions(since=since)
        # The chart adds up each step's kind and time: read as pairs, not StepRecords.
        times = history.step_times([r.row for r in in_chart])
        in_chart = [r for r in in_chart if r.row not in history.unreadable]
        streak = weekly_streak(history, now.date(), tz=now.tzinfo)  # not every session
        unreadable = history.unreadable_notice()  # rows that do not parse: skipped, said once
    return HistoryData(
        recent,
        weekly_totals(in_chart, now.date(), weeks=weeks, tz=now.tzinfo, steps=times),
        streak,
        opened.message or unreadable,
    )


def weeks_empty(now: dt.datetime, weeks: int) -> list[WeekTotal]:
    return weekly_totals([], now.date(), weeks=weeks)


# -- the screen -------------------------------------------------------------------------
class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings.HISTORY

    def __init__(self, *, path: Path | None = None, now: Now = local_now) -> None:
        super().__init__()
        self.path = path
        self.now = now
        self.data = HistoryData([], [], 0)
        self.read: dict[int, SessionRecord] = {}
        """Sessions read with their steps, by row (highlighted once already)."""
        self._arrived = threading.Event()
        self._early = self.data
        """The read's data, set before ``_arrived`` (``on_mount`` shows them if in time)."""

    def compose(self) -> ComposeResult:
        yield Label("History", id="history-title")
        yield Static("", id="history-streak")
        yield Static("", id="history-weeks")
        with Vertical(id="history-body"):
            yield DataTable(id="history-sessions", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="history-steps", cursor_type="row", zebra_stripes=True)
        yield KeyBar(palette=True)

    async def on_mount(self) -> None:
        sessions: DataTable[str] = self.query_one("#history-sessions", DataTable)
        sessions.add_columns(*SESSION_COLUMNS)
        steps: DataTable[str] = self.query_one("#history-steps", DataTable)
        steps.add_columns(*STEP_COLUMNS)
        sessions.focus()
        self.load()
        # A read done within FIRST_FRAME_WAIT is in the screen's first frame: no loading
        # frame flashes before it, and the screen is not drawn twice while the read
        # shares the processor with that drawing. A longer read shows the loading
        # indicator until its data arrive (``Loaded``).
        if await asyncio.to_thread(self._arrived.wait, FIRST_FRAME_WAIT):
            self.show(self._early)
        else:
            sessions.loading = True

    @dataclass
    class Loaded(Message):
        """What the log holds, read in the background."""

        data: HistoryData

    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        """Reading a long log takes tens of milliseconds: off the UI thread."""
        data = load_history(self.path, self.now())
        self._early = data
        self._arrived.set()
        self.post_message(self.Loaded(data))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        if message.data is not self.data:  # not shown already, in the first frame
            self.show(message.data)

    def show(self, data: HistoryData) -> None:
        self.data = data
        if data.problem:
            self.notify(data.problem, severity="warning", timeout=10)
        this_week = data.weeks[-1] if data.weeks else None
        units = self.app_units()
        self.query_one("#history-streak", Static).update(streak_text(data.streak, this_week, units))
        self.query_one("#history-weeks", Static).update(week_chart(data.weeks, units=units))
        self._fill_sessions(self.size.width)
        self.query_one("#history-sessions", DataTable).loading = False
        if not data.sessions:
            steps: DataTable[str] = self.query_one("#history-steps", DataTable)
            steps.add_row("", "No sessions yet: run one and it appears here.", "", "", "", "")
        else:
            self.show_steps(data.sessions[0])

    def app_units(self) -> SpeedUnit | None:
        """The config's ``[treadmill] units``: distances in miles beside mph."""
        config = getattr(self.app, "config", None)
        treadmill = getattr(config, "treadmill", None)
        return getattr(treadmill, "units", None)

    @property
    def selected(self) -> SessionRecord | None:
        table: DataTable[str] = self.query_one("#history-sessions", DataTable)
        if not self.data.sessions:
            return None
        return self.data.sessions[min(table.cursor_row, len(self.data.sessions) - 1)]

    def _fill_sessions(self, width: int) -> None:
        """The sessions, their names cut at a word so Outcome, Active and Planned show."""
        sessions: DataTable[str] = self.query_one("#history-sessions", DataTable)
        cursor = sessions.cursor_row
        sessions.clear()
        cells = [session_row(record) for record in self.data.sessions]
        for record, row in zip(
            self.data.sessions, fit_name_column(cells, SESSION_COLUMNS, 1, width), strict=True
        ):
            sessions.add_row(*row, key=str(record.row))
        if cells:
            sessions.move_cursor(row=min(cursor, len(cells) - 1))

    def on_resize(self, event: Resize) -> None:
        if self.data.sessions and self.query("#history-steps"):
            self._fill_sessions(event.size.width)
            if self.selected is not None:
                self.show_steps(self.selected)

    def steps_of(self, record: SessionRecord) -> SessionRecord:
        """``record`` with its steps: the log is read for them when it is first highlighted
        (one session, a few milliseconds), not for all 200 before the first frame."""
        if record.row in self.read:
            return self.read[record.row]
        if not record.steps and record.step_count:
            opened = History.open(self.path, readonly=True)
            if opened.history is not None:
                with opened.history as history:
                    record = history.session(record.row) or record
        self.read[record.row] = record
        return record

    def show_steps(self, record: SessionRecord) -> None:
        record = self.steps_of(record)
        steps: DataTable[str] = self.query_one("#history-steps", DataTable)
        steps.clear()
        labels = step_labels(record)
        cells = [
            step_row(record, index, labels, self.app_units()) for index in range(len(record.steps))
        ]
        for row in fit_name_column(cells, STEP_COLUMNS, 1, self.size.width):
            steps.add_row(*row)
        steps.border_title = f"{cell_text(record.name)} · {record.outcome_text}"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "history-sessions" and self.data.sessions:
            self.show_steps(self.data.sessions[event.cursor_row])
