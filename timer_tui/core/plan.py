"""A program laid out on the calendar: which session falls on which day, and where you stand.

A plan is a program's sessions, in order, on the weekdays the user chose from a
start date: one session per chosen day. The dates are fixed once made (they are
in the user's calendar); progress counts sessions, not dates. The k-th session
done, on whatever day, fills the k-th date: done early, you are ahead and the
next session keeps its own date; done late, you catch up and the plan moves on
from where you are. Being behind says how many planned dates have passed without
a session done for them; ``timer-tui plan`` made again from today lays out what
is left.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from timer_tui.core.errors import UserError
from timer_tui.core.wording import plural

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Monday first, as ``date.weekday()`` counts."""
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class PlanError(UserError):
    """A start date, weekday list or time the user can fix (exit status 2)."""


def parse_days(text: str) -> tuple[int, ...]:
    """``"mon,wed,fri"`` -> ``(0, 2, 4)``; full names and any case too, each day once."""
    days: set[int] = set()
    for word in (w.strip().lower() for w in text.split(",")):
        if not word:
            continue
        if word in WEEKDAYS:
            days.add(WEEKDAYS.index(word))
        elif word in _FULL_NAMES:
            days.add(_FULL_NAMES.index(word))
        else:
            raise PlanError(
                f'--days: "{word}" is not a weekday; use {",".join(WEEKDAYS)} '
                "(for example --days mon,wed,fri)"
            )
    if not days:
        raise PlanError("--days: name at least one weekday, for example --days mon,wed,fri")
    return tuple(sorted(days))


def parse_start(text: str, today: dt.date) -> dt.date:
    """An ISO date (2026-12-01), ``today`` or ``tomorrow``."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise PlanError(
            f'--start: "{text}" is not a date; give one as 2026-12-01, or today or tomorrow'
        ) from None


def parse_time(text: str) -> dt.time:
    """``07:00`` or ``7:00``, 24-hour clock."""
    found = _TIME.match(text.strip())
    if found is None:
        raise PlanError(f'--time: "{text}" is not a time of day; give one as 07:00 or 18:30')
    return dt.time(int(found.group(1)), int(found.group(2)))


def schedule(start: dt.date, days: Sequence[int], count: int) -> list[dt.date]:
    """The first ``count`` chosen weekdays on or after ``start``, one session each."""
    chosen = set(days)
    if not chosen or not chosen <= set(range(7)):
        raise ValueError(f"weekdays must be 0..6, got {days}")
    dates: list[dt.date] = []
    day = start
    while len(dates) < count:
        if day.weekday() in chosen:
            dates.append(day)
        day += dt.timedelta(days=1)
    return dates


def days_text(days: Sequence[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in days)


@dataclass(frozen=True, slots=True)
class Plan:
    """One program's plan, as ``timer-tui plan`` made it (``library.plans`` keeps it)."""

    program_id: str
    start: dt.date
    days: tuple[int, ...]
    sessions: tuple[str, ...]
    """Session ids in program order, one per planned date."""
    time: dt.time | None = None
    """None: all-day events."""
    revision: int = 1
    """How many times this program was planned: the calendar events' SEQUENCE."""

    @property
    def dates(self) -> list[dt.date]:
        return schedule(self.start, self.days, len(self.sessions))


@dataclass(frozen=True, slots=True)
class PlanStatus:
    """Where the user stands against a plan on ``today``."""

    next_id: str | None
    """The first planned session not done yet (None: all are done)."""
    due: dt.date | None
    """The date of the next open slot: the (done + 1)-th planned date."""
    missed: int
    """Planned dates before today with no session done for them."""
    due_today: bool
    """A planned date today is still open."""
    ahead: int
    """Sessions done beyond the dates passed so far."""

    @property
    def behind(self) -> int:
        """Sessions owed by the end of today (the missed ones and today's)."""
        return self.missed + (1 if self.due_today and self.missed else 0)

    def text(self, today: dt.date) -> str:
        """ "due today", "2 sessions behind", "1 session ahead, next Fri 4 Dec", "plan done"."""
        if self.next_id is None or self.due is None:
            return "plan done"
        if self.missed:
            return f"{plural(self.behind, 'session')} behind"
        if self.due_today:
            return "due today"
        when = "tomorrow" if self.due == today + dt.timedelta(days=1) else short_date(self.due)
        if self.ahead:
            return f"{plural(self.ahead, 'session')} ahead, next {when}"
        return f"next {when}"


def short_date(day: dt.date) -> str:
    """ "Fri 4 Dec" (the year only when it is not this one's: the caller knows)."""
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {day.strftime('%b')}"


def plan_status(plan: Plan, done_ids: Collection[str], today: dt.date) -> PlanStatus:
    """Progress counts sessions, not dates: k sessions done fill the first k dates."""
    dates = plan.dates
    done = sum(1 for s in plan.sessions if s in done_ids)
    following = next((s for s in plan.sessions if s not in done_ids), None)
    passed = sum(1 for d in dates if d <= today)
    if following is None or done >= len(dates):
        return PlanStatus(None, None, 0, False, max(0, done - passed))
    open_dates = dates[done:]
    return PlanStatus(
        next_id=following,
        due=open_dates[0],
        missed=sum(1 for d in open_dates if d < today),
        due_today=today in open_dates,
        ahead=max(0, done - passed),
    )
