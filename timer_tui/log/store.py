"""The completion log on disk: opening it safely, and reading sessions back.

Every session run is written step by step into SQLite as it goes (``recorder``,
through ``writer``): a closed terminal, ``kill -9`` or a power cut must cost at
most the step that was running. This module opens that file and answers the
questions asked of it.

The log is a convenience, never a reason to stop the timer: a locked, read-only,
corrupt or newer-schema file gives one clear message (``Opened.message``) and the
session runs unsaved. A corrupt file is never written to, moved or deleted. The
stored outcome is never rewritten on read (an ``in_progress`` row whose owner is
gone reads back as interrupted), so a read-only log reads the same.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from timer_tui.library.paths import history_path
from timer_tui.log.done import first_counted
from timer_tui.log.guard import check_tables, prepare_private_log, refusal
from timer_tui.log.owner import FOREIGN_HOST_LEASE, OwnerCheck, owner_alive
from timer_tui.log.records import (
    STEP_COMPLETED,
    STEP_SHORTENED,
    STEP_SKIPPED,
    Outcome,
    SessionRecord,
    StepRecord,
    StepTally,
    local_now,
    log_time,
    not_counted_reason,
)
from timer_tui.log.row_types import (
    SESSION_TYPES,
    SQL_SESSION_TYPES,
    SQL_STEP_TYPES,
    SQL_SUMMARY_TYPES,
    STEP_TYPES,
    types_ok,
)
from timer_tui.log.schema import SCHEMA_VERSION, apply_migrations, migrate
from timer_tui.log.sql_in import rows_in
from timer_tui.log.tallies import loads_by_session, summary_tallies, tally_of_counts

RESUME_WINDOW = dt.timedelta(hours=12)
"""An interrupted session is offered for resume if it was last written this recently."""
BUSY_TIMEOUT_MS = 2000
"""How long opening, migrating or dismissing waits for another process's transaction."""


class LogProblem(str, Enum):
    LOCKED = "locked"
    READ_ONLY = "read_only"
    CORRUPT = "corrupt"
    NEWER = "newer"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class Opened:
    """The result of opening the log: a ``History``, or a problem said in words."""

    history: History | None
    problem: LogProblem | None = None
    message: str | None = None


def is_busy(exc: sqlite3.Error) -> bool:
    """Is this only another process holding the lock (worth waiting for)?"""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_readonly(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "read only" in text


def classify(exc: sqlite3.Error, path: Path) -> tuple[LogProblem, str]:
    """The problem behind an SQLite error, and the sentence that tells the user."""
    if is_busy(exc):
        return LogProblem.LOCKED, f"the log {path} is locked by another program ({exc})"
    if _is_readonly(exc):
        return LogProblem.READ_ONLY, f"the log {path} is read-only ({exc})"
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return LogProblem.CORRUPT, (
            f"the log {path} is damaged ({exc}); it was left untouched. "
            f"Move it away to start a new log (keep it: it may be recoverable with sqlite3 .recover)"
        )
    return LogProblem.UNAVAILABLE, f"the log {path} cannot be used ({exc})"


def _uri(path: Path, mode: str, immutable: bool = False) -> str:
    extra = "&immutable=1" if immutable else ""
    return f"{path.resolve().as_uri()}?mode={mode}{extra}"


class History:
    """An open completion log: used by one thread at a time (``LogWriter`` takes turns)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        readonly: bool = False,
        is_alive: OwnerCheck = owner_alive,
    ) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.is_alive = is_alive
        self.unreadable: set[int] = set()
        """Rows skipped because a value does not parse (``unreadable_notice`` says so once)."""

    # -- open / close -------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        readonly: bool = False,
        is_alive: OwnerCheck = owner_alive,
    ) -> Opened:
        """Open (creating and migrating when writable) without ever harming a bad file."""
        path = history_path() if path is None else path
        refused = refusal(path)  # before SQLite opens anything: a FIFO would block
        if refused is not None:
            return Opened(None, LogProblem.UNAVAILABLE, refused)
        try:
            if readonly:
                return cls._open_readonly(path, is_alive)
            return cls._open_writable(path, is_alive)
        except sqlite3.Error as exc:
            problem, message = classify(exc, path)
            return Opened(None, problem, message)
        except OSError as exc:
            return Opened(None, LogProblem.UNAVAILABLE, f"the log {path} cannot be used ({exc})")

    @classmethod
    def _open_readonly(cls, path: Path, is_alive: OwnerCheck) -> Opened:
        if not path.exists():
            conn = sqlite3.connect(":memory:", isolation_level=None)
            apply_migrations(conn, 0)
            return Opened(cls(conn, path, readonly=True, is_alive=is_alive))
        conn = sqlite3.connect(_uri(path, "ro"), uri=True, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            # A WAL log in a folder we cannot write: SQLite cannot make the -shm file.
            conn.close()
            if is_busy(exc):
                raise
            conn = sqlite3.connect(_uri(path, "ro", immutable=True), uri=True, isolation_level=None)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            return Opened(None, LogProblem.NEWER, _newer_message(path, version))
        if version == SCHEMA_VERSION:
            try:
                check_tables(conn)
            except sqlite3.Error:
                conn.close()
                raise
        if version < SCHEMA_VERSION:
            # An old log we may not migrate: read it through a migrated in-memory copy.
            memory = sqlite3.connect(":memory:", isolation_level=None)
            conn.backup(memory)
            conn.close()
            apply_migrations(memory, version)
            conn = memory
        return Opened(cls(conn, path, readonly=True, is_alive=is_alive))

    @classmethod
    def _open_writable(cls, path: Path, is_alive: OwnerCheck) -> Opened:
        exists = prepare_private_log(path)
        if exists and not os.access(path, os.W_OK):
            opened = cls._open_readonly(path, is_alive)
            return Opened(
                opened.history,
                LogProblem.READ_ONLY,
                f"the log {path} is read-only; this session will not be saved",
            )
        conn = sqlite3.connect(
            _uri(path, "rw" if exists else "rwc"),
            uri=True,
            isolation_level=None,
            check_same_thread=False,  # a recorder's writer may retry from its own thread
        )
        try:
            newer = _prepare_writable(conn, path, exists)
        except BaseException:
            conn.close()
            raise
        if newer is not None:
            conn.close()
            return newer
        try:
            check_tables(conn)
        except sqlite3.Error:
            conn.close()
            raise
        return Opened(cls(conn, path, is_alive=is_alive))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taking the write lock up front (no deadlock on upgrade)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise

    # -- reading ------------------------------------------------------------------------
    def sessions(
        self,
        *,
        since: dt.datetime | None = None,
        limit: int | None = None,
        with_steps: bool = False,
        with_loads: bool = False,
        program_id: str | None = None,
    ) -> list[SessionRecord]:
        """Sessions, newest first; ``with_loads``: each one's ``loads_text`` without its steps."""
        where: list[str] = []
        params: list[object] = []
        if since is not None:
            where.append("started_ts >= ?")
            params.append(since.timestamp())
        if program_id is not None:
            where.append("program_id = ?")
            params.append(program_id)
        sql = _SELECT_SESSIONS
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_ts DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        self.conn.row_factory = sqlite3.Row
        try:
            rows = self.conn.execute(sql, params).fetchall()
            return self._records(rows, with_steps=with_steps, with_loads=with_loads)
        finally:
            self.conn.row_factory = None

    def session(self, row: int) -> SessionRecord | None:
        self.conn.row_factory = sqlite3.Row
        try:
            found = self.conn.execute(_SELECT_SESSIONS + " WHERE id = ?", (row,)).fetchall()
            return next(iter(self._records(found, with_steps=True)), None)
        finally:
            self.conn.row_factory = None

    def by_ids(self, ids: Sequence[int], *, with_loads: bool = False) -> list[SessionRecord]:
        """The readable sessions among ``ids`` (without steps), in no set order."""
        self.conn.row_factory = sqlite3.Row
        try:
            rows = list(rows_in(self.conn, _SELECT_SESSIONS + " WHERE id IN ({marks})", ids))
            return self._records(rows, with_steps=False, with_loads=with_loads)
        finally:
            self.conn.row_factory = None

    def counting(self, ids: Sequence[int]) -> set[int]:
        """The rows among ``ids`` whose runs count as done (``SessionRecord.counts_as_done``),
        decided from the columns that say it, without building records: the streak asks
        it of one run a week, 700 weeks for a long log.

        A row read as ``_session`` would read it gives the same answer: its values'
        types, its dates, its summary's ``tally_bad`` (an unreadable row is added to
        ``unreadable``, as reading it would). A row whose summary is stale or
        mistyped is read whole (``by_ids``), as its tally is counted from its steps.
        """
        found: set[int] = set()
        whole: list[int] = []
        parse = log_time
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for row in rows_in(cursor, _SELECT_COUNTING, ids):
            (row_id, typed, outcome, started, ended, seen, planned, active, bad, *counts) = row
            if row_id in self.unreadable:
                continue
            if not typed:
                whole.append(row_id)
                continue
            try:
                for stamp in (started, ended, seen):
                    if stamp is not None:
                        parse(stamp)
            except ValueError:
                bad = True
            if bad or outcome not in _OUTCOMES:
                self.unreadable.add(row_id)
                continue
            rows, done, done_or_skipped, reps, reps_or_done, timed = counts
            tally = (
                tally_of_counts(done, done_or_skipped, reps, reps_or_done, timed)
                if rows
                else StepTally(timed_active_seconds=active)
            )
            finished = outcome == Outcome.COMPLETED.value
            if not_counted_reason(finished=finished, planned_seconds=planned, tally=tally) is None:
                found.add(row_id)
        found.update(r.row for r in self.by_ids(whole) if r.counts_as_done)
        return found

    def step_times(self, rows: Sequence[int]) -> dict[int, list[tuple[str, float]]]:
        """Each of ``rows``' steps as (kind, active seconds), in the order they ended: what
        the week chart adds up, without a ``StepRecord`` a step (8 weeks of two runs a
        day are 2,000 steps). A session with a step that does not read is unreadable,
        as ``_steps_for`` finds it: a value not of its type, an end that does not parse."""
        found: dict[int, list[tuple[str, float]]] = {}
        parse = log_time
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for session, kind, seconds, ended, typed in rows_in(cursor, _SELECT_STEP_TIMES, rows):
            try:
                if not typed:
                    raise TypeError("a step's value is not of its column's type")
                parse(ended)
            except (ValueError, TypeError):
                self.unreadable.add(session)
                continue
            found.setdefault(session, []).append((kind, seconds))
        return found

    def count(self) -> int:
        """How many sessions the log holds (unreadable rows included)."""
        return int(self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def _steps_for(self, rows: Sequence[int]) -> dict[int, tuple[StepRecord, ...]]:
        found: dict[int, list[StepRecord]] = {}
        sql = "SELECT * FROM steps WHERE session IN ({marks}) ORDER BY id"
        for r in rows_in(self.conn, sql, rows):
            try:
                if not types_ok(r, STEP_TYPES):
                    raise TypeError("a step's value is not of its column's type")
                found.setdefault(r["session"], []).append(_step_record(r))
            except (ValueError, TypeError):
                self.unreadable.add(r["session"])  # a hand edit: the run is skipped
        return {k: tuple(v) for k, v in found.items()}

    def _records(
        self, rows: Sequence[sqlite3.Row], *, with_steps: bool, with_loads: bool = False
    ) -> list[SessionRecord]:
        ids = [r["id"] for r in rows]
        steps = self._steps_for(ids) if with_steps else {}
        loads = None
        if with_loads and not with_steps:
            loaded = [r["id"] for r in rows if r["tally_loads"] or not r["tally_ok"]]
            loads = loads_by_session(self.conn, loaded)
        tallies, unreadable = summary_tallies(self.conn, rows)
        self.unreadable |= unreadable
        records: list[SessionRecord] = []
        for r in rows:
            if r["id"] in self.unreadable:
                continue
            try:
                found = None if loads is None else loads.get(r["id"], "")
                records.append(
                    self._session(r, steps.get(r["id"], ()), tallies.get(r["id"]), found)
                )
            except (ValueError, TypeError, KeyError, OverflowError):
                # A value that does not parse ('yesterday', an unknown outcome): edited by
                # hand or by another program. Skipped, and said once by the caller.
                self.unreadable.add(r["id"])
        return records

    def unreadable_notice(self) -> str | None:
        """One sentence for the rows skipped so far, if any."""
        if not self.unreadable:
            return None
        count = len(self.unreadable)
        ids = ", ".join(str(i) for i in sorted(self.unreadable)[:5])
        rows = "row" if count == 1 else "rows"
        return (
            f"{count} {rows} of the log could not be read (session id {ids}"
            f"{', …' if count > 5 else ''}) and {'was' if count == 1 else 'were'} skipped"
        )

    def _session(
        self,
        r: sqlite3.Row,
        steps: tuple[StepRecord, ...],
        tally: StepTally | None,
        loads: str | None = None,
    ) -> SessionRecord:
        if not types_ok(r, SESSION_TYPES):
            raise TypeError("a value is not of its column's type")  # skipped as unreadable
        outcome = Outcome(r["outcome"])
        stopped = r["stopped_step"]
        current = _stopped_in(r)
        if outcome is Outcome.IN_PROGRESS and not self._owner_alive(r):
            outcome = Outcome.INTERRUPTED
            stopped = current
        ended = r["ended_at"]
        counts = tally or StepTally()
        return SessionRecord(
            row=r["id"],
            session_id=r["session_id"],
            name=r["name"],
            path=r["path"],
            sha256=r["sha256"],
            program_id=r["program_id"],
            program_week=r["program_week"],
            program_day=r["program_day"],
            program_order=r["program_order"],
            started_at=log_time(r["started_at"]),
            ended_at=None if ended is None else log_time(ended),
            last_seen_at=log_time(r["last_seen_at"]),
            planned_seconds=r["planned_seconds"],
            step_count=r["step_count"],
            active_seconds=r["active_seconds"],
            paused_seconds=r["paused_seconds"],
            outcome=outcome,
            current_step=current,
            stopped_step=stopped,
            resumes=r["resumes"],
            steps=steps,
            steps_completed=counts.completed,
            steps_skipped=counts.skipped,
            rep_steps=counts.rep_steps,
            rep_steps_completed=counts.rep_steps_completed,
            timed_active_seconds=None if tally is None else counts.timed_active_seconds,
            distance_m=r["distance_sum"],
            uid=r["uid"],
            loads=loads,
        )

    def _owner_alive(self, r: sqlite3.Row) -> bool:
        host = r["owner_host"]
        if host is not None and host != socket.gethostname():
            last = log_time(r["last_seen_at"])
            return local_now() - last < FOREIGN_HOST_LEASE
        return self.is_alive(host, r["owner_pid"], r["owner_token"])

    def interrupted(self, now: dt.datetime) -> list[SessionRecord]:
        """Interrupted sessions last written within ``RESUME_WINDOW`` of ``now``, newest first."""
        self.conn.row_factory = sqlite3.Row
        try:
            rows = self.conn.execute(
                _SELECT_SESSIONS + " WHERE outcome = ? ORDER BY started_ts DESC, id DESC",
                (Outcome.IN_PROGRESS.value,),
            ).fetchall()
            records = self._records(rows, with_steps=False)
        finally:
            self.conn.row_factory = None
        return [
            r
            for r in records
            if r.outcome is Outcome.INTERRUPTED
            and r.current_step is not None
            and now - r.last_seen_at <= RESUME_WINDOW
        ]

    def dismiss(self, row: int) -> None:
        """Decline to resume: the row becomes interrupted for good and is not offered again."""
        record = self.session(row)
        if record is None:
            return
        with self.write() as c:
            c.execute(
                "UPDATE sessions SET outcome = ?, stopped_step = ?, current_step = ?,"
                " ended_at = last_seen_at WHERE id = ? AND outcome = ?",
                (
                    Outcome.INTERRUPTED.value,
                    record.current_step,
                    record.current_step,
                    row,
                    Outcome.IN_PROGRESS.value,
                ),
            )

    def completed(self, program_id: str | None = None) -> list[SessionRecord]:
        """Runs that count as done (not skipped through: ``counts_as_done``), newest first,
        one for each session id and program position: what the done marks and ``next``
        need, read without tallying every run of a long log (``log/done.py``)."""
        sql = (
            _SELECT_SESSIONS
            + " WHERE outcome = ?"
            + (" AND program_id = ?" if program_id is not None else "")
        )
        params = [Outcome.COMPLETED.value, *([program_id] if program_id is not None else [])]
        self.conn.row_factory = sqlite3.Row
        try:
            rows = self.conn.execute(sql + " ORDER BY started_ts DESC, id DESC", params).fetchall()
            return first_counted(rows, lambda chunk: self._records(chunk, with_steps=False))
        finally:
            self.conn.row_factory = None

    def last_program_id(self) -> str | None:
        row = self.conn.execute(
            "SELECT program_id FROM sessions WHERE program_id IS NOT NULL"
            " ORDER BY started_ts DESC, id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else str(row[0])


def _prepare_writable(conn: sqlite3.Connection, path: Path, exists: bool) -> Opened | None:
    """Check, switch to WAL and migrate a log opened for writing; an ``Opened`` if it is newer."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if exists:
        # Check before the first write (even switching to WAL writes the header).
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            detail = "; ".join(str(r[0]) for r in rows[:3])
            raise sqlite3.DatabaseError(f"integrity check failed: {detail}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return Opened(None, LogProblem.NEWER, _newer_message(path, version))
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return None


_FRESH = f"s.tally_ok AND {SQL_SUMMARY_TYPES}"
"""A summary to be read as it is: fresh, and its numbers numbers (``row_types``)."""
_SELECT_SESSIONS = (
    "SELECT s.*,"
    f" CASE WHEN {_FRESH} THEN s.tally_last_index ELSE"
    " (SELECT step_index FROM steps WHERE session = s.id ORDER BY id DESC LIMIT 1) END"
    " AS last_index,"
    f" CASE WHEN {_FRESH} THEN s.tally_last_outcome ELSE"
    " (SELECT outcome FROM steps WHERE session = s.id ORDER BY id DESC LIMIT 1) END"
    " AS last_outcome,"
    f" CASE WHEN {_FRESH} THEN s.tally_distance ELSE"
    " (SELECT sum(distance_m) FROM steps WHERE session = s.id) END AS distance_sum"
    " FROM sessions s"
)
"""A session with what its steps say: from its summary (``schema``'s ``tally_*``)
when it is fresh, else counted from the steps (SQLite evaluates only the CASE's
branch taken)."""
_SELECT_COUNTING = (
    "SELECT id,"
    f" {SQL_SESSION_TYPES} AND typeof(tally_ok) = 'integer' AND tally_ok <> 0"
    f" AND {SQL_SUMMARY_TYPES} AS typed,"
    " outcome, started_at, ended_at, last_seen_at, planned_seconds, active_seconds, tally_bad,"
    " tally_rows, tally_done, tally_done_or_skipped, tally_reps, tally_reps_or_done, tally_timed_us"
    " FROM sessions WHERE id IN ({marks})"
)
"""What ``History.counting`` decides from: ``typed`` says each value has its column's
type (``row_types``) and the summary is fresh and typed, as ``_records`` reads it."""
_OUTCOMES = frozenset(o.value for o in Outcome)
_SELECT_STEP_TIMES = (
    f"SELECT session, kind, actual_seconds, ended_at, {SQL_STEP_TYPES} AS typed"
    " FROM steps WHERE session IN ({marks}) ORDER BY id"
)


def _step_record(r: sqlite3.Row) -> StepRecord:
    return StepRecord(
        index=r["step_index"],
        name=r["name"],
        kind=r["kind"],
        planned_seconds=r["planned_seconds"],
        actual_seconds=r["actual_seconds"],
        paused_seconds=r["paused_seconds"],
        adjusted_seconds=r["adjusted_seconds"],
        outcome=r["outcome"],
        reps_planned=r["reps_planned"],
        reps_done=r["reps_done"],
        load=r["load"],
        ended_at=log_time(r["ended_at"]),
        speed_kmh=r["speed_kmh"],
        incline_pct=r["incline_pct"],
        distance_m=r["distance_m"],
    )


def _stopped_in(r: sqlite3.Row) -> int | None:
    """The step a session was in: ``current_step``, unless a later step row says more.

    ``current_step`` is written when a step starts, just after the previous step's
    row; a kill between the two leaves it one behind, and the step rows correct it.
    """
    current: int | None = r["current_step"]
    last_index: int | None = r["last_index"]
    moved_on = (
        STEP_COMPLETED,
        STEP_SHORTENED,
        STEP_SKIPPED,
    )
    if (
        last_index is not None
        and r["last_outcome"] in moved_on
        and (current is None or last_index >= current)
    ):
        current = min(last_index + 1, r["step_count"] - 1)
    return current


def _newer_message(path: Path, version: int) -> str:
    return (
        f"the log {path} was written by a newer timer-tui (schema {version}, "
        f"this one knows {SCHEMA_VERSION}); it was left untouched"
    )
