"""Moving the log between machines: export every finished session, import another's.

Why a merge on ids rather than copying the SQLite file: two machines each add
sessions, and neither copy may lose the other's. Every session row has a stable
``uid`` (given by the recorder when the row is made; log schema 3 gave older rows
one), which travels in the export file. Import adds the sessions whose uid the
log does not hold yet and never changes a row that is there, so importing the
same file twice, or one's own export, adds nothing.

Import is one transaction, after the whole file passed ``transfer_format``'s
check: a bad file changes nothing.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from timer_tui.log.records import Outcome, local_now, log_time
from timer_tui.log.row_types import SQL_SESSION_TYPES, SQL_STEP_TYPES
from timer_tui.log.store import RESUME_WINDOW, History
from timer_tui.log.tallies import refresh_tallies
from timer_tui.log.transfer_format import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    SessionRow,
    export_document,
)

_SESSION_NAMES = [c.name for c in SESSION_COLUMNS]
_STEP_NAMES = [c.name for c in STEP_COLUMNS]
_SESSION_TIMES = ("started_at", "ended_at", "last_seen_at")


@dataclass(frozen=True, slots=True)
class Exported:
    document: dict[str, object]
    sessions: int
    left_out: int
    """Sessions still running or still resumable: they travel once they are over."""
    without_uid: int = 0
    """Rows with no uid yet (``give_missing_uids`` could not write): not exported."""


def give_missing_uids(history: History) -> int:
    """A uid for any row without one (written between schema 3 and the recorder giving them)."""
    with history.write() as c:
        return c.execute(
            "UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL"
        ).rowcount


def export_log(
    history: History, *, since: dt.datetime | None = None, now: dt.datetime | None = None
) -> Exported:
    """Every finished session started on or after ``since``, oldest first, with its steps.

    A row still ``in_progress`` is left out while it may go on (its process runs,
    or it is within the resume window); past that it is over, and goes as
    interrupted at the step it stopped in, as ``timer-tui log`` shows it.
    """
    now = now or local_now()
    where, params = "uid IS NOT NULL", []
    if since is not None:
        where += " AND started_ts >= ?"
        params.append(since.timestamp())
    cursor = history.conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = cursor.execute(
        f"SELECT id, {', '.join(_SESSION_NAMES)}, {SQL_SESSION_TYPES} AS typed"
        f" FROM sessions WHERE {where} ORDER BY started_ts, id",
        params,
    ).fetchall()
    sessions: list[dict[str, object]] = []
    left_out = 0
    for row in rows:
        if not row["typed"]:
            history.unreadable.add(row["id"])  # a hand edit (row_types): said, not exported
            continue
        session = {name: row[name] for name in _SESSION_NAMES}
        if row["outcome"] == Outcome.IN_PROGRESS.value:
            record = history.session(row["id"])
            if (
                record is None
                or record.outcome is not Outcome.INTERRUPTED
                or now - record.last_seen_at <= RESUME_WINDOW
            ):
                left_out += 1
                continue
            session["outcome"] = Outcome.INTERRUPTED.value
            session["stopped_step"] = record.stopped_step
            session["ended_at"] = session["last_seen_at"]
        steps = cursor.execute(
            f"SELECT {', '.join(_STEP_NAMES)}, {SQL_STEP_TYPES} AS typed"
            " FROM steps WHERE session = ? ORDER BY id",
            (row["id"],),
        ).fetchall()
        if not all(step["typed"] for step in steps) or not _times_read(session, steps):
            history.unreadable.add(row["id"])
            continue
        session["steps"] = [{name: step[name] for name in _STEP_NAMES} for step in steps]
        sessions.append(session)
    missing = history.conn.execute("SELECT count(*) FROM sessions WHERE uid IS NULL").fetchone()
    return Exported(export_document(sessions, now), len(sessions), left_out, int(missing[0]))


def _times_read(session: dict[str, object], steps: list[sqlite3.Row]) -> bool:
    """Whether the session's and its steps' times read as the log's readers read them
    (``records.log_time``): another machine's import would refuse the whole file for one
    that does not, so such a row is said here and stays behind."""
    times = [session[name] for name in _SESSION_TIMES] + [step["ended_at"] for step in steps]
    try:
        for time in times:
            if time is not None:
                log_time(str(time))
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Imported:
    added: int
    already: int
    """Sessions the log held already (same uid): left exactly as they were."""
    steps: int


def import_sessions(history: History, rows: list[SessionRow], *, dry_run: bool = False) -> Imported:
    """Add the sessions the log does not hold, all in one transaction (or none: an error
    rolls every one back). ``dry_run``: what it would add, and nothing is kept."""
    try:
        return _insert(history, rows, dry_run=dry_run)
    except _DryRun as done:
        return done.result


def _insert(history: History, rows: list[SessionRow], *, dry_run: bool) -> Imported:
    added = already = steps = 0
    written: list[int] = []
    marks = ", ".join("?" * len(_SESSION_NAMES))
    step_marks = ", ".join("?" * (len(_STEP_NAMES) + 1))
    insert_session = (
        f"INSERT INTO sessions ({', '.join(_SESSION_NAMES)}, started_ts) VALUES ({marks}, ?)"
    )
    insert_step = f"INSERT INTO steps (session, {', '.join(_STEP_NAMES)}) VALUES ({step_marks})"
    started_at = _SESSION_NAMES.index("started_at")
    with history.write() as c:
        for row in rows:
            if c.execute("SELECT 1 FROM sessions WHERE uid = ?", (row.uid,)).fetchone():
                already += 1
                continue
            started = dt.datetime.fromisoformat(str(row.values[started_at]))
            cursor = c.execute(insert_session, (*row.values, started.timestamp()))
            c.executemany(insert_step, [(cursor.lastrowid, *step) for step in row.steps])
            assert cursor.lastrowid is not None
            written.append(cursor.lastrowid)
            added += 1
            steps += len(row.steps)
        refresh_tallies(c, written)  # each added session's step summary (log/tallies.py)
        if dry_run:
            raise _DryRun(Imported(added, already, steps))
    return Imported(added, already, steps)


class _DryRun(Exception):
    """Rolls the transaction back with what it would have done."""

    def __init__(self, result: Imported) -> None:
        super().__init__()
        self.result = result
