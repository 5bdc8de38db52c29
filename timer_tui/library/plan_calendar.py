"""A plan as an iCalendar file (RFC 5545), written with the ``icalendar`` library.

What makes it import cleanly into common calendar apps (Google, Apple, Outlook,
Thunderbird):

- each event's UID is made from the program and the session's id, so the same
  session is the same event whenever the plan is made: importing a new plan
  (after a break) moves the events instead of adding a second set. SEQUENCE is
  the plan's revision, so apps that check it take the new dates;
- DTSTAMP is when the plan was made, in UTC, as RFC 5545 requires;
- times are floating ("07:00" wherever the calendar is) unless a time zone is
  given: a training plan follows the runner across time zones and never shifts
  an hour at a daylight-saving change. With ``tz`` the events carry a TZID and
  the file its VTIMEZONE, for apps that want one;
- without a time, events are all-day (no invented hour in the calendar);
- DTEND rather than DURATION: every app reads it.

Core module of the library layer: no ``textual``, no ``rich``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

import icalendar

from timer_tui.core.durations import format_clock
from timer_tui.core.plan import Plan
from timer_tui.core.safe_text import safe_lines, safe_text
from timer_tui.core.timeline import Timeline
from timer_tui.core.wording import plural

PRODID = "-//timer-tui//plan//EN"
REP_STEP_SECONDS = 60
"""A rep step's share of an event's length: it has no clock of its own (a set of ten
takes well under a minute; the minute leaves time to set up)."""
ALL_DAY_REMINDER = dt.timedelta(hours=8)
"""An all-day event's reminder: at 08:00 that morning (from the start of its day)."""


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """What an event says about one session: name, description and its timeline."""

    id: str
    name: str
    description: str | None
    timeline: Timeline


def event_seconds(timeline: Timeline) -> int:
    """The event's length: the timed steps, a minute per rep step, in whole minutes."""
    seconds = timeline.total_seconds + REP_STEP_SECONDS * timeline.rep_steps
    return max(60, math.ceil(seconds / 60) * 60)


def event_uid(program_id: str, session_id: str) -> str:
    digest = hashlib.sha256(f"{program_id}\n{session_id}".encode()).hexdigest()[:24]
    return f"plan-{digest}@timer-tui"


def _total_text(timeline: Timeline) -> str:
    reps = f" + {plural(timeline.rep_steps, 'rep step')}" if timeline.rep_steps else ""
    return f"Total {format_clock(timeline.total_seconds)}{reps} · {plural(len(timeline), 'step')}"


def _description(session: PlannedSession, number: int, count: int) -> str:
    parts = []
    if session.description:
        parts.append(safe_lines(session.description).strip())
    parts.append(f"Session {number} of {count}. {_total_text(session.timeline)}.")
    parts.append(f"Run it: timer-tui run {safe_text(session.id)}")
    return "\n\n".join(parts)


def plan_calendar(
    plan: Plan,
    sessions: Mapping[str, PlannedSession],
    *,
    made_at: dt.datetime,
    program_name: str,
    remind_minutes: int = 15,
    tz: dt.tzinfo | None = None,
) -> bytes:
    """The plan's calendar file, one event per planned session in order (CRLF lines)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{safe_text(program_name)} (timer-tui plan)")
    stamp = made_at.astimezone(dt.timezone.utc)
    count = len(plan.sessions)
    for number, (session_id, day) in enumerate(zip(plan.sessions, plan.dates, strict=True), 1):
        session = sessions[session_id]
        event = icalendar.Event()
        event.add("uid", event_uid(plan.program_id, session_id))
        event.add("dtstamp", stamp)
        event.add("sequence", plan.revision - 1)
        event.add("summary", safe_text(session.name))
        event.add("description", _description(session, number, count))
        event.add("categories", ["Training"])
        event.add("transp", "OPAQUE")
        if plan.time is None:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            trigger = ALL_DAY_REMINDER
        else:
            start = dt.datetime.combine(day, plan.time, tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(seconds=event_seconds(session.timeline)))
            trigger = -dt.timedelta(minutes=remind_minutes)
        if remind_minutes >= 0:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", safe_text(session.name))
            alarm.add("trigger", trigger)
            event.add_component(alarm)
        cal.add_component(event)
    if tz is not None:
        cal.add_missing_timezones()
    return bytes(cal.to_ical())
