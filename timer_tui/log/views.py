"""Pure views over the log's records: program progress, the weekly streak, weekly totals.

Nothing here touches SQLite: each view takes records already read (so the picker,
the history screen and ``timer-tui log`` compute them the same way, and tests
give them records made by hand).

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from timer_tui.core.kinds import Category, Kind
from timer_tui.log.records import SessionRecord

if TYPE_CHECKING:
    from timer_tui.core.model import Program
    from timer_tui.library.sessions import SessionEntry


# -- program progress -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProgramProgress:
    program_id: str
    done: frozenset[str]
    """Ids of the program's sessions completed at least once."""
    next_id: str | None
    """The first session, in program order, not yet completed (None when all are)."""
    total: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Which sessions are done and which come next, by session id (the picker's marks)."""

    done: frozenset[str] = field(default_factory=frozenset)
    next: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, by_program: dict[str, ProgramProgress]) -> Progress:
        """Every program's done sessions; a program's next one once it has been started."""
        done = frozenset[str]().union(*(p.done for p in by_program.values()))
        following = frozenset(p.next_id for p in by_program.values() if p.next_id and p.done)
        return cls(done=done, next=following)


def _program_key(program: Program) -> tuple[str, int | None, int | None, int | None]:
    return (program.id, program.week, program.day, program.order)


def program_progress(
    entries: Iterable[SessionEntry], completed: Iterable[SessionRecord]
) -> dict[str, ProgramProgress]:
    """Match completed runs to program entries by id, or by program position.

    The position match (program id, week, day, order) counts a run started from a
    file path, whose id is just the file's stem, towards the program.
    """
    done_ids: set[str] = set()
    done_keys: set[tuple[str, int | None, int | None, int | None]] = set()
    for record in completed:
        if not record.counts_as_done:
            continue  # quit, interrupted, or skipped through
        done_ids.add(record.session_id)
        positioned = (record.program_week, record.program_day, record.program_order)
        if record.program_id is not None and any(v is not None for v in positioned):
            done_keys.add((record.program_id, *positioned))
    by_program: dict[str, list[SessionEntry]] = {}
    for entry in entries:
        if entry.program is not None and entry.ok:
            by_program.setdefault(entry.program.id, []).append(entry)
    result: dict[str, ProgramProgress] = {}
    for program_id, members in by_program.items():
        members.sort(key=lambda e: e.sort_key)
        done = frozenset(
            e.id
            for e in members
            if e.id in done_ids or (e.program is not None and _program_key(e.program) in done_keys)
        )
        following = next((e.id for e in members if e.id not in done), None)
        result[program_id] = ProgramProgress(program_id, done, following, len(members))
    return result


# -- the streak -------------------------------------------------------------------------
def iso_week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def streak(days: Iterable[dt.date], today: dt.date) -> int:
    """Consecutive ISO weeks, up to this one, with at least one of ``days`` in them.

    The week in progress does not break a streak: with nothing yet this week the
    count runs from last week.
    """
    weeks = {iso_week_start(d) for d in days}
    week = iso_week_start(today)
    if week not in weeks:
        week -= dt.timedelta(weeks=1)
    count = 0
    while week in weeks:
        count += 1
        week -= dt.timedelta(weeks=1)
    return count


def session_streak(
    records: Iterable[SessionRecord], today: dt.date, tz: dt.tzinfo | None = None
) -> int:
    """The streak over sessions that count as done, dated in ``tz`` (default: local time)."""
    return streak((r.started_at.astimezone(tz).date() for r in records if r.counts_as_done), today)


# -- weekly totals ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WeekTotal:
    week_start: dt.date
    seconds: dict[Category, float]
    metres: float | None = None
    """Estimated treadmill distance of the week's sessions (None: none had a speed)."""

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    @property
    def label(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def category_of(kind: str) -> Category | None:
    """Where a logged step's kind counts (``core.kinds``); None is not training time (rest).

    Every kind this version knows has its category in ``core.kinds``' table. A kind
    it does not know can only come from a log written by a newer timer-tui: its
    minutes were still trained, so they count as other rather than vanish.
    """
    try:
        known = Kind(kind)
    except ValueError:
        return Category.OTHER
    return known.category


def weekly_totals(
    records: Iterable[SessionRecord],
    today: dt.date,
    *,
    weeks: int = 8,
    tz: dt.tzinfo | None = None,
    steps: Mapping[int, Sequence[tuple[str, float]]] | None = None,
) -> list[WeekTotal]:
    """Active seconds per category for the last ``weeks`` ISO weeks, oldest first.

    Every session counts (quit and interrupted ones too: the minutes were run), each
    step by its kind; a session counts in the week it started, in ``tz``. Empty
    weeks are present so a bar chart shows the gaps. ``steps``: each record's steps
    as (kind, active seconds) by its row (``History.step_times``), for records read
    without theirs.
    """
    current = iso_week_start(today)
    starts = [current - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    totals = {s: dict.fromkeys(Category, 0.0) for s in starts}
    metres: dict[dt.date, float] = {}
    for record in records:
        week = iso_week_start(record.started_at.astimezone(tz).date())
        bucket = totals.get(week)
        if bucket is None:
            continue
        if record.distance_m is not None:
            metres[week] = metres.get(week, 0.0) + record.distance_m
        times = (
            [(step.kind, step.actual_seconds) for step in record.steps]
            if steps is None
            else steps.get(record.row, ())
        )
        for kind, seconds in times:
            category = category_of(kind)
            if category is not None:
                bucket[category] += seconds
    return [WeekTotal(s, totals[s], metres.get(s)) for s in starts]
