"""Whether a log row's values have their columns' types: SQLite keeps whatever a hand edit wrote.

A column declared ``INTEGER`` still holds ``'abc'`` if someone (or another
program) writes it there with ``sqlite3``, and a ``TEXT`` column holds bytes
(``X'1b'``). The reader used such values as they came, and a comparison, a sum or
a string method on them ended the command with an internal error. A row whose
values are not of their types is unreadable, like one whose start time does not
parse: skipped and said once (``History.unreadable``).

The same rules in SQL (``SQL_SESSION_TYPES``, ``SQL_STEP_TYPES``) for the
paths that never build a record: the listing's plain rows and the step tallies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

INDEX, NUMBER, TEXT = (int,), (int, float), (str,)
_NULL = type(None)
_SQL_TYPES = {int: "'integer'", float: "'real'", str: "'text'", _NULL: "'null'"}

SESSION_TYPES: dict[str, tuple[type, ...]] = {
    "session_id": TEXT,
    "name": TEXT,
    "path": (*TEXT, _NULL),
    "sha256": (*TEXT, _NULL),
    "program_id": (*TEXT, _NULL),
    "started_at": TEXT,
    "ended_at": (*TEXT, _NULL),
    "last_seen_at": TEXT,
    "outcome": TEXT,
    "owner_host": (*TEXT, _NULL),
    "owner_token": (*TEXT, _NULL),
    "uid": (*TEXT, _NULL),
    "started_ts": NUMBER,
    "planned_seconds": NUMBER,
    "step_count": INDEX,
    "active_seconds": NUMBER,
    "paused_seconds": NUMBER,
    "resumes": INDEX,
    "program_week": (*INDEX, _NULL),
    "program_day": (*INDEX, _NULL),
    "program_order": (*INDEX, _NULL),
    "current_step": (*INDEX, _NULL),
    "stopped_step": (*INDEX, _NULL),
    "owner_pid": (*INDEX, _NULL),
}
"""Each column of ``sessions`` a reader uses and the Python types its values may have."""

STEP_TYPES: dict[str, tuple[type, ...]] = {
    "name": TEXT,
    "kind": TEXT,
    "outcome": TEXT,
    "ended_at": TEXT,
    "load": (*TEXT, _NULL),
    "step_index": INDEX,
    "planned_seconds": (*NUMBER, _NULL),
    "actual_seconds": NUMBER,
    "paused_seconds": NUMBER,
    "adjusted_seconds": NUMBER,
    "reps_planned": (*INDEX, _NULL),
    "reps_done": (*INDEX, _NULL),
    "speed_kmh": (*NUMBER, _NULL),
    "incline_pct": (*NUMBER, _NULL),
    "distance_m": (*NUMBER, _NULL),
}
"""Each column of ``steps`` a reader uses and the Python types its values may have."""

SUMMARY_TYPES: dict[str, tuple[type, ...]] = {
    "tally_rows": INDEX,
    "tally_done": INDEX,
    "tally_done_or_skipped": INDEX,
    "tally_reps": INDEX,
    "tally_reps_or_done": INDEX,
    "tally_loads": INDEX,
    "tally_timed_us": (*INDEX, _NULL),
    "tally_bad": (*INDEX, _NULL),
    "tally_distance": (*NUMBER, _NULL),
    "tally_last_index": (*INDEX, _NULL),
    "tally_last_outcome": (*TEXT, _NULL),
}
"""A session's step summary (``tallies``): one whose values are not of these types is
counted again from the steps, as a stale one is."""


def types_ok(row: sqlite3.Row, columns: Mapping[str, tuple[type, ...]]) -> bool:
    """Whether each of ``columns`` in ``row`` holds a value of its types (an int is a
    number: SQLite gives a whole ``REAL`` as an int only in an ``INTEGER`` column)."""
    return all(isinstance(row[name], types) for name, types in columns.items())


def _sql(columns: Mapping[str, tuple[type, ...]]) -> str:
    def allowed(types: tuple[type, ...]) -> str:
        return ", ".join(_SQL_TYPES[t] for t in types)

    return " AND ".join(f"typeof({name}) IN ({allowed(t)})" for name, t in columns.items())


SQL_SESSION_TYPES = _sql(SESSION_TYPES)
SQL_SUMMARY_TYPES = _sql(SUMMARY_TYPES)
SQL_STEP_TYPES = _sql(STEP_TYPES)
"""``types_ok`` in SQL, over a row of ``sessions`` / its summary / of ``steps``."""
