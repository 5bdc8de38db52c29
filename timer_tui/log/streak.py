"""The weekly streak read from the log: one counted run per ISO week, no more.

``views.session_streak`` over every session is the definition: consecutive ISO
weeks, up to this one, with a run that counts as done. Reading every session with
its step tally to answer it cost most of the history screen's wait (2.3 s at
10,000 runs under load); a streak needs far less:

- only completed runs can count, and only their start dates place them in a week:
  those are read for every completed run (two columns, no steps);
- a week needs one run that counts, so runs are asked whether they count
  (``History.counting``: the few columns that say it, not a whole record) a week at
  a time, newest first, and the rest of a week's runs are never asked once one
  counts;
- the walk stops at the first week without one: older weeks are never tallied.

``tests/unit/test_log_streak.py`` keeps it equal to ``session_streak`` over logs
written by the real recorder.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from timer_tui.log.records import Outcome, log_time
from timer_tui.log.store import History
from timer_tui.log.views import iso_week_start

WEEKS_AT_ONCE = 64
"""Weeks whose newest run is read whole in one query (most weeks' newest run counts)."""

_WEEK = dt.timedelta(weeks=1)


def completed_by_week(history: History, tz: dt.tzinfo | None) -> dict[dt.date, list[int]]:
    """Completed runs' row ids by the Monday of the week they started in (in ``tz``),
    newest first. A start time that does not parse is left out: reading that run whole
    would skip it as unreadable too."""
    by_day: dict[int, list[int]] = {}
    cursor = history.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        "SELECT id, started_at FROM sessions WHERE outcome = ? ORDER BY started_ts DESC, id DESC",
        (Outcome.COMPLETED.value,),
    )
    parse = log_time
    for row, started in rows:
        try:
            day = parse(started).astimezone(tz)
        except (ValueError, TypeError, OverflowError):
            continue
        # The Monday as a day number (``iso_week_start``'s): one call less a row, at 10,000.
        by_day.setdefault(day.toordinal() - day.weekday(), []).append(row)
    return {dt.date.fromordinal(monday): runs for monday, runs in by_day.items()}


def counted_weeks(history: History, newest: dt.date, tz: dt.tzinfo | None) -> Iterator[bool]:
    """For the week starting ``newest`` and each one before it: does a run count in it?

    Lazy: a caller that stops at the first ``False`` has read no older week's runs.
    """
    weeks = completed_by_week(history, tz)
    oldest = min(weeks, default=newest)
    week = newest
    while True:
        batch = [week - n * _WEEK for n in range(WEEKS_AT_ONCE)]
        counting = history.counting([weeks[w][0] for w in batch if w in weeks])
        for w in batch:
            runs = weeks.get(w, [])
            if runs and runs[0] not in counting:
                # Its newest run does not count: look at the rest of that week's runs.
                counting |= history.counting(runs[1:])
            yield any(r in counting for r in runs)
            if w < oldest:
                return
        week -= WEEKS_AT_ONCE * _WEEK


def weekly_streak(
    history: History, today: dt.date | None = None, tz: dt.tzinfo | None = None
) -> int:
    """``views.session_streak(history.sessions(), today, tz)``, reading only what it needs."""
    today = dt.datetime.now(tz).date() if today is None else today
    weeks = counted_weeks(history, iso_week_start(today), tz)
    this_week = next(weeks)
    count = 1 if this_week else 0
    # The week in progress does not break a streak: with nothing yet, count from last week.
    for counted in weeks:
        if not counted:
            break
        count += 1
    return count
