"""Each logged run's step tally, counted by SQLite: one grouped query, not a row per step.

``records.tally_steps`` is the one definition of a run's done and skipped steps (the
summary counts with it); the log reads its tallies here instead, because listing
10,000 runs meant reading about 190,000 step rows into Python (2.5 s of the 3.7 s
``History.sessions()`` took). The query counts the same sets ``tally_steps`` builds:

- done ``D``: distinct step indexes that ended completed or shortened;
- skipped: ``|S - D| = |S u D| - |D|`` (skipped and never done);
- rep steps ``R``, and rep steps done ``|R n D| = |R| + |D| - |R u D|``;
- timed seconds: the same whole microseconds ``tally_steps`` adds up (integers, so
  the order SQLite adds them in cannot change the sum).

``tests/unit/test_log_tallies.py`` keeps the two equal over runs written by the
real recorder.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from timer_tui.log.records import (
    DONE_STEP_OUTCOMES,
    MICROSECONDS,
    STEP_SKIPPED,
    StepTally,
    loads_text_of,
)
from timer_tui.log.row_types import SQL_STEP_TYPES, SUMMARY_TYPES, types_ok
from timer_tui.log.sql_in import rows_in

LARGEST_STEP_SECONDS = 1e9
"""A step's active seconds beyond this (or not a number) come from a hand-edited log:
the run is skipped as unreadable, as a start time that does not parse is."""

_DONE = ", ".join(f"'{value}'" for value in sorted(DONE_STEP_OUTCOMES))
_COUNTS = f"""
  count(DISTINCT CASE WHEN outcome IN ({_DONE}) THEN step_index END),
  count(DISTINCT CASE WHEN outcome IN ({_DONE}, '{STEP_SKIPPED}') THEN step_index END),
  count(DISTINCT CASE WHEN reps_planned IS NOT NULL THEN step_index END),
  count(DISTINCT CASE WHEN reps_planned IS NOT NULL OR outcome IN ({_DONE})
                      THEN step_index END),
  sum(CASE WHEN planned_seconds IS NULL OR abs(actual_seconds) >= {LARGEST_STEP_SECONDS} THEN 0
           ELSE CAST(actual_seconds * {MICROSECONDS} AS INTEGER) END),
  max(planned_seconds IS NOT NULL AND (typeof(actual_seconds) <> 'real'
                                       OR abs(actual_seconds) >= {LARGEST_STEP_SECONDS})
      OR NOT ({SQL_STEP_TYPES}))"""
"""A run's counts from its steps (the module's docstring has the sets), one text for
the reader's grouped query and the summary's writer; the outcomes are our own
constants, written in as literals."""
_TALLY = f"""
SELECT session, {_COUNTS}
FROM steps WHERE session IN ({{marks}})
GROUP BY session
"""

REFRESH = f"""
UPDATE sessions SET
  (tally_rows, tally_done, tally_done_or_skipped, tally_reps, tally_reps_or_done,
   tally_timed_us, tally_bad, tally_distance, tally_loads) = (
    SELECT count(*), {_COUNTS},
      sum(distance_m), count(load)
    FROM steps WHERE session = sessions.id),
  (tally_last_index, tally_last_outcome) = (
    SELECT step_index, outcome FROM steps WHERE session = sessions.id ORDER BY id DESC LIMIT 1),
  tally_ok = 1
"""
"""Each session's step summary (``schema``'s ``tally_*`` columns) counted again from
its steps, as ``step_tallies`` and the store's subqueries count it; a ``WHERE`` follows."""


def refresh_tallies(conn: sqlite3.Connection, sessions: Sequence[int] | None = None) -> None:
    """Write the summary of ``sessions`` (None: of every session whose summary is stale).

    Every writer of steps calls it in the transaction that wrote them (the recorder
    after each step, ``log import`` after its sessions, a migration for the whole
    log); a trigger marks a session stale whenever its steps change, so a writer
    that does not (a hand edit) costs the reader speed, never a wrong figure.
    """
    if sessions is None:
        conn.execute(REFRESH + " WHERE tally_ok = 0")
        return
    for _ in rows_in(conn, REFRESH + " WHERE id IN ({marks})", sessions):
        pass  # an UPDATE yields no rows: rows_in runs it a chunk at a time


def step_tallies(
    conn: sqlite3.Connection, sessions: Sequence[int]
) -> tuple[dict[int, StepTally], set[int]]:
    """The tally of each of ``sessions`` that has step rows, and the sessions whose
    steps hold a value no run writes (to be skipped as unreadable)."""
    tallies: dict[int, StepTally] = {}
    unreadable: set[int] = set()
    cursor = conn.cursor()
    cursor.row_factory = None
    for session, done, done_or_skipped, reps, reps_or_done, timed, bad in rows_in(
        cursor, _TALLY, sessions
    ):
        if bad:
            unreadable.add(session)
            continue
        tallies[session] = tally_of_counts(done, done_or_skipped, reps, reps_or_done, timed)
    return tallies, unreadable


def summary_tallies(
    conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]
) -> tuple[dict[int, StepTally], set[int]]:
    """``step_tallies`` of the sessions in ``rows`` (``SELECT *`` rows of ``sessions``):
    read from each one's summary when it is fresh, counted from the steps when not."""
    tallies: dict[int, StepTally] = {}
    unreadable: set[int] = set()
    stale: list[int] = []
    for r in rows:
        if not r["tally_ok"] or not types_ok(r, SUMMARY_TYPES):
            stale.append(r["id"])  # a summary edited by hand is counted again too
        elif r["tally_bad"]:
            unreadable.add(r["id"])
        elif r["tally_rows"]:
            tallies[r["id"]] = tally_of_counts(
                r["tally_done"],
                r["tally_done_or_skipped"],
                r["tally_reps"],
                r["tally_reps_or_done"],
                r["tally_timed_us"],
            )
    if stale:
        counted, bad = step_tallies(conn, stale)
        tallies.update(counted)
        unreadable |= bad
    return tallies, unreadable


def tally_of_counts(
    done: int, done_or_skipped: int, reps: int, reps_or_done: int, timed: int
) -> StepTally:
    """The tally from the counts the SQL gives (the module's docstring has the sets)."""
    return StepTally(
        completed=done,
        skipped=done_or_skipped - done,
        rep_steps=reps,
        rep_steps_completed=reps + done - reps_or_done,
        timed_active_seconds=timed / MICROSECONDS,
    )


def loads_by_session(conn: sqlite3.Connection, sessions: Sequence[int]) -> dict[int, str]:
    """Each session's ``loads_text`` from its steps that have a load: the table and
    the CSV show it, and reading every step of 10,000 sessions for it cost 1.7 s."""
    found: dict[int, list[tuple[str, str]]] = {}
    cursor = conn.cursor()
    cursor.row_factory = None
    for session, name, load in rows_in(
        cursor,
        "SELECT session, name, load FROM steps WHERE session IN ({marks})"
        # Bytes where text belongs (a hand edit) make the session unreadable
        # (``row_types``); its loads are not shown, so they need not be read.
        " AND typeof(load) = 'text' AND typeof(name) = 'text' ORDER BY session, id",
        sessions,
    ):
        found.setdefault(session, []).append((name, load))
    return {session: loads_text_of(steps) for session, steps in found.items()}
