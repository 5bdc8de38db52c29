"""The log as `timer-tui log`'s table lists it: one query, one small tuple per session.

``History.sessions()`` builds a full ``SessionRecord`` per session (28 fields, three
times parsed, an enum, a tally object): about 17 us a session, most of what listing
10,000 of them cost once the step summary (``schema`` v4) made their tallies a read
of the session's own row. The table needs a dozen values, so this reads just those
and gives each session as a ``Listed`` tuple, from the summary.

A session this cannot read the plain way is read as a record and listed from it
(``listed_from_record``), with everything ``History`` does: a summary that is stale
(its steps were changed by hand), a run still ``in_progress`` (its owner process
decides whether it was interrupted), a value of a type no timer-tui writes.
``tests/unit/test_log_listing.py`` holds ``listed`` equal to the records' listing
over real logs.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from timer_tui.log.records import (
    MICROSECONDS,
    Outcome,
    SessionRecord,
    StepTally,
    log_time,
    not_counted_reason,
    outcome_text,
)
from timer_tui.log.row_types import SQL_SESSION_TYPES, SQL_SUMMARY_TYPES
from timer_tui.log.store import History
from timer_tui.log.tallies import loads_by_session


class Listed(NamedTuple):
    """What the table shows of a session, before it is formatted."""

    row: int
    started_at: dt.datetime
    started_local: dt.datetime
    """``started_at`` in local time: the table's date, and the streak's week."""
    name: str
    loads: str
    program_id: str | None
    program_week: int | None
    program_day: int | None
    outcome: str
    """``Outcome`` value (an abandoned ``in_progress`` run reads as interrupted)."""
    outcome_text: str
    counted: bool
    """The run counts as done (``SessionRecord.counts_as_done``)."""
    active_seconds: float
    planned_seconds: int
    distance_m: float | None


def listed_from_record(r: SessionRecord) -> Listed:
    """The listing of a record read whole (with its loads, or its steps)."""
    return Listed(
        r.row,
        r.started_at,
        r.started_at.astimezone(),
        r.name,
        r.loads_text,
        r.program_id,
        r.program_week,
        r.program_day,
        r.outcome.value,
        r.outcome_text,
        r.counts_as_done,
        r.active_seconds,
        r.planned_seconds,
        r.distance_m,
    )


# Plain: the summary is fresh, the run is over, and the values a record's reading
# checks by using them (``store._stopped_in`` compares and adds them) are integers.
# The rest a record takes as they are; its times are parsed below, as it parses them.
_SELECT = f"""
SELECT id, started_at, ended_at, last_seen_at, name, program_id, program_week, program_day,
  outcome, stopped_step, step_count, active_seconds, planned_seconds,
  tally_rows, tally_done, tally_done_or_skipped, tally_reps, tally_reps_or_done,
  tally_timed_us, tally_bad, tally_distance, tally_loads,
  tally_ok AND outcome IN ('completed', 'quit', 'interrupted')
  AND typeof(step_count) = 'integer' AND typeof(current_step) IN ('integer', 'null')
  AND {SQL_SESSION_TYPES} AND {SQL_SUMMARY_TYPES}
FROM sessions"""

_COMPLETED = Outcome.COMPLETED.value
_LOADED, _PLAIN = 21, 22
"""Where ``tally_loads`` and the plain flag are in ``_SELECT``'s rows."""


def listed(
    history: History, *, since: dt.datetime | None = None, limit: int | None = None
) -> list[Listed]:
    """``[listed_from_record(r) for r in history.sessions(since=..., limit=...,
    with_loads=True)]``, newest first; rows that do not parse join ``history.unreadable``."""
    sql = _SELECT
    params: list[object] = []
    if since is not None:
        sql += " WHERE started_ts >= ?"
        params.append(since.timestamp())
    sql += " ORDER BY started_ts DESC, id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cursor = history.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql, params).fetchall()
    loads = loads_by_session(history.conn, [r[0] for r in rows if r[_LOADED] and r[_PLAIN]])
    found: list[Listed | int] = []  # a row id: to be read as a record
    for r in rows:
        if not r[_PLAIN]:
            found.append(r[0])
            continue
        item = _plain(r, loads)
        if item is None:
            history.unreadable.add(r[0])  # as History._records skips it
        else:
            found.append(item)
    others = [item for item in found if isinstance(item, int)]
    if not others:
        return found  # type: ignore[return-value]  # every item is a Listed
    read = {r.row: listed_from_record(r) for r in history.by_ids(others, with_loads=True)}
    return [
        item if isinstance(item, Listed) else read[item]
        for item in found
        if isinstance(item, Listed) or item in read
    ]


def _plain(r: Sequence[Any], loads: dict[int, str]) -> Listed | None:
    """A plain row's listing; None when ``History`` would skip it as unreadable (a step
    time no run writes, a time that does not parse)."""
    (row, started, ended, seen, name, program, week, day, outcome, stopped, count, active,
     planned, rows, done, done_or_skipped, reps, reps_or_done, timed, bad, distance,
     loaded, _) = r  # fmt: skip
    if bad:
        return None
    try:
        started_at = log_time(started)
        log_time(seen)  # parsed as a record parses them
        if ended is not None:
            log_time(ended)
    except (ValueError, TypeError):
        return None
    skipped = done_or_skipped - done if rows else 0
    counted = False
    if outcome == _COMPLETED:
        ran = timed / MICROSECONDS if rows else active
        tally = StepTally(done, skipped, reps, reps + done - reps_or_done, ran)
        counted = not_counted_reason(finished=True, planned_seconds=planned, tally=tally) is None
    return Listed(
        row,
        started_at,
        started_at.astimezone(),
        name,
        loads.get(row, "") if loaded else "",
        program,
        week,
        day,
        outcome,
        outcome_text(outcome, stopped, count, skipped, counted=counted),
        counted,
        active,
        planned,
        distance,
    )
