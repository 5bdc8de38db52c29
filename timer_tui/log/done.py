"""Which logged runs make a session done: one counted run per session and program position.

The picker reads this before its first frame and ``next`` before it starts, so it
must stay small as the log grows: the done marks (``views.program_progress``) need
one run that counts for each session id and each program position, not every run.
Rows come newest first, 500 at a time, and a row whose session id and position
are done already is never tallied (reading a run's steps is what costs): a log
of 10,000 runs of the 27 C25K sessions costs about what 27 runs do.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from timer_tui.log.records import SessionRecord

CHUNK = 500

Position = tuple[str | None, int | None, int | None, int | None]
"""(program id, week, day, order): how a run started from a path counts for a program."""


def first_counted(
    rows: Sequence[sqlite3.Row], records: Callable[[Sequence[sqlite3.Row]], list[SessionRecord]]
) -> list[SessionRecord]:
    """The newest run that counts (``counts_as_done``) for each session id and position.

    ``rows``: the log's completed sessions, newest first; ``records`` reads rows as
    records (their step tallies decide whether a run counts).
    """
    ids: set[str] = set()
    positions: set[Position] = set()

    def known(session_id: str, position: Position) -> bool:
        return session_id in ids and (position[0] is None or position in positions)

    found: list[SessionRecord] = []
    for start in range(0, len(rows), CHUNK):
        chunk = [
            r
            for r in rows[start : start + CHUNK]
            if not known(
                r["session_id"],
                (r["program_id"], r["program_week"], r["program_day"], r["program_order"]),
            )
        ]
        for record in records(chunk):
            position = (
                record.program_id,
                record.program_week,
                record.program_day,
                record.program_order,
            )
            if record.counts_as_done and not known(record.session_id, position):
                found.append(record)
                ids.add(record.session_id)
                positions.add(position)
    return found
