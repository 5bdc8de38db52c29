"""The completion log: every session run, written step by step into SQLite as it goes.

Why step by step: a closed terminal, ``kill -9`` or a power cut must cost at most
the step that was running. Each finished step is its own committed transaction
(WAL, ``synchronous=FULL``), so the log on disk always holds every step that ended.

The log never holds up the timer: the recorder's writes are made in the timer's
thread only when the log is free (``FAST_BUSY_MS``); a locked log hands them to a
background thread (``LogWriter``) that retries them in order until they are in,
and process exit waits a bounded time for what is still queued.

A session row left ``in_progress`` by a process that is gone reads back as
*interrupted*. "Gone" is decided from the owner stamped on the row: same host and
the pid is dead, or the pid now belongs to another process (its start time, read
from ``/proc``, differs). A row owned by another host (a synced data folder) is
taken as interrupted once nothing was written to it for ``FOREIGN_HOST_LEASE``.
The stored outcome is never rewritten on read, so a read-only log reads the same.

The log is a convenience, never a reason to stop the timer: a locked, read-only,
corrupt or newer-schema file gives one clear message through ``notify`` and the
session runs unsaved. A corrupt file is never written to, moved or deleted.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import os
import socket
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from timer_tui.core.engine import Event, EventKind, StepOutcome, StepResult
from timer_tui.core.model import Kind, Program
from timer_tui.core.timeline import Timeline
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import SessionEntry, discover, resolve

Now = Callable[[], dt.datetime]
Notify = Callable[[str], None]
OwnerCheck = Callable[[str | None, int | None, str | None], bool]

SCHEMA_VERSION = 2
RESUME_WINDOW = dt.timedelta(hours=12)
"""An interrupted session is offered for resume if it was last written this recently."""
FOREIGN_HOST_LEASE = dt.timedelta(hours=6)
"""A row owned by another machine counts as interrupted after this long without a write."""
BUSY_TIMEOUT_MS = 2000
"""How long opening, migrating or dismissing waits for another process's transaction."""
FAST_BUSY_MS = 4
"""How long a write made in the timer's own thread waits for a lock before handing over.

The timer's thread (plain mode's loop, the app's UI thread) must never stall on the
log: a step boundary is due to the millisecond. A locked log hands the writes to a
background thread that retries them, in order, until they are in.
"""
RETRY_BUSY_MS = 250
"""How long each background retry waits for the lock."""
LOCK_NOTICE_AFTER = 2.0
"""Seconds of a locked log before the user is told (a busy neighbour is not news)."""
EXIT_WAIT_SECONDS = 5.0
"""At process exit, how long unsaved writes may still wait for a locked log."""
DONE_ACTIVE_SHARE = 0.5
"""A finished session counts as done when at least this share of its planned timed time ran."""


def local_now() -> dt.datetime:
    """The wall clock, aware, in the local timezone."""
    return dt.datetime.now(dt.timezone.utc).astimezone()


class Outcome(str, Enum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    QUIT = "quit"
    INTERRUPTED = "interrupted"


# -- schema ---------------------------------------------------------------------------
_V1 = """
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    session_id      TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    path            TEXT,
    sha256          TEXT,
    program_id      TEXT,
    program_week    INTEGER,
    program_day     INTEGER,
    program_order   INTEGER,
    started_at      TEXT    NOT NULL,
    started_ts      REAL    NOT NULL,
    ended_at        TEXT,
    last_seen_at    TEXT    NOT NULL,
    planned_seconds INTEGER NOT NULL,
    step_count      INTEGER NOT NULL,
    active_seconds  REAL    NOT NULL DEFAULT 0,
    paused_seconds  REAL    NOT NULL DEFAULT 0,
    outcome         TEXT    NOT NULL,
    current_step    INTEGER,
    stopped_step    INTEGER,
    resumes         INTEGER NOT NULL DEFAULT 0,
    owner_host      TEXT,
    owner_pid       INTEGER,
    owner_token     TEXT
);
CREATE INDEX sessions_started ON sessions (started_ts);
CREATE INDEX sessions_program ON sessions (program_id, outcome);
CREATE TABLE steps (
    id               INTEGER PRIMARY KEY,
    session          INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step_index       INTEGER NOT NULL,
    name             TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    planned_seconds  INTEGER,
    actual_seconds   REAL    NOT NULL,
    paused_seconds   REAL    NOT NULL,
    adjusted_seconds INTEGER NOT NULL,
    outcome          TEXT    NOT NULL,
    reps_planned     INTEGER,
    reps_done        INTEGER,
    ended_at         TEXT    NOT NULL
);
CREATE INDEX steps_session ON steps (session, id);
"""

_V2 = """
ALTER TABLE steps ADD COLUMN load TEXT;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
"""``MIGRATIONS[n]`` takes a log from schema ``n`` to ``n + 1``; never edit a released one."""


# -- records read back ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StepRecord:
    index: int
    name: str
    kind: str
    planned_seconds: int | None
    actual_seconds: float
    paused_seconds: float
    adjusted_seconds: int
    outcome: str
    reps_planned: int | None
    reps_done: int | None
    load: str | None
    ended_at: dt.datetime

    @property
    def skipped(self) -> bool:
        return self.outcome == StepOutcome.SKIPPED.value


@dataclass(frozen=True, slots=True)
class SessionRecord:
    row: int
    session_id: str
    name: str
    path: str | None
    sha256: str | None
    program_id: str | None
    program_week: int | None
    program_day: int | None
    program_order: int | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    last_seen_at: dt.datetime
    planned_seconds: int
    step_count: int
    active_seconds: float
    paused_seconds: float
    outcome: Outcome
    current_step: int | None
    stopped_step: int | None
    """For quit and interrupted sessions: the 0-based step it stopped in."""
    resumes: int
    steps: tuple[StepRecord, ...] = ()
    steps_completed: int = 0
    """Distinct steps that ended completed (a step run twice counts once)."""
    steps_skipped: int = 0
    """Distinct steps skipped and never completed."""
    rep_steps: int = 0
    """Distinct rep steps in the log for this session (done or skipped)."""
    rep_steps_completed: int = 0
    timed_active_seconds: float | None = None
    """Active seconds spent in timed steps (None: not known, use ``active_seconds``)."""

    @property
    def steps_finished(self) -> int:
        """Steps in the log that ended by moving on (completed or skipped)."""
        return self.steps_completed + self.steps_skipped

    @property
    def counts_as_done(self) -> bool:
        """Does this run count for its program (done marks, ``next``) and the streak?

        It must have been finished, and not skipped through: at least half of the
        planned timed time really ran (time in a step before skipping it counts), and
        a session with rep steps has at least one of them marked done.
        """
        if self.outcome is not Outcome.COMPLETED:
            return False
        ran = (
            self.active_seconds if self.timed_active_seconds is None else self.timed_active_seconds
        )
        if self.planned_seconds > 0 and ran < DONE_ACTIVE_SHARE * self.planned_seconds:
            return False
        return not (self.rep_steps and not self.rep_steps_completed)

    @property
    def outcome_text(self) -> str:
        """ "completed", "completed, 3 skipped", "quit at step 4/12", "interrupted at step 4/12".

        A finished run that does not count as done says so: "completed, 18 skipped, not counted".
        """
        if self.outcome in (Outcome.QUIT, Outcome.INTERRUPTED) and self.stopped_step is not None:
            return f"{self.outcome.value} at step {self.stopped_step + 1}/{self.step_count}"
        text = self.outcome.value.replace("_", " ")
        if self.outcome is Outcome.COMPLETED:
            if self.steps_skipped:
                text += f", {self.steps_skipped} skipped"
            if not self.counts_as_done:
                text += ", not counted"
        return text


# -- owner liveness -------------------------------------------------------------------
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_token(pid: int) -> str | None:
    """Something that differs when a pid is reused: boot id + the process start time."""
    fields = _proc_stat_fields(pid)
    if fields is None or len(fields) < 20:
        return None
    return f"{_boot_id()}:{fields[19]}"


def _proc_stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name, or None off Linux."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    return stat.rpartition(")")[2].split()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by someone else
    except OSError:
        return False
    # A killed process that its parent has not reaped yet (a zombie) still has its
    # pid, but it runs nothing: it is dead for the log.
    return _process_state(pid) not in ("Z", "X", "x")


def _process_state(pid: int) -> str | None:
    """The state letter of ``/proc/<pid>/stat`` (R, S, Z ...), or None off Linux."""
    fields = _proc_stat_fields(pid)
    return fields[0] if fields else None


def owner_alive(host: str | None, pid: int | None, token: str | None) -> bool:
    """Is the process that wrote an ``in_progress`` row still running (on this host)?"""
    if pid is None or host != socket.gethostname():
        return False
    if not _pid_alive(pid):
        return False
    if token is not None:
        current = process_token(pid)
        if current is not None and current != token:
            return False  # the pid was reused
    return True


# -- opening --------------------------------------------------------------------------
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


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_readonly(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "read only" in text


def _classify(exc: sqlite3.Error, path: Path) -> tuple[LogProblem, str]:
    if _is_busy(exc):
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
        try:
            if readonly:
                return cls._open_readonly(path, is_alive)
            return cls._open_writable(path, is_alive)
        except sqlite3.Error as exc:
            problem, message = _classify(exc, path)
            return Opened(None, problem, message)
        except OSError as exc:
            return Opened(None, LogProblem.UNAVAILABLE, f"the log {path} cannot be used ({exc})")

    @classmethod
    def _open_readonly(cls, path: Path, is_alive: OwnerCheck) -> Opened:
        if not path.exists():
            conn = sqlite3.connect(":memory:", isolation_level=None)
            _apply_migrations(conn, 0)
            return Opened(cls(conn, path, readonly=True, is_alive=is_alive))
        conn = sqlite3.connect(_uri(path, "ro"), uri=True, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            # A WAL log in a folder we cannot write: SQLite cannot make the -shm file.
            conn.close()
            if _is_busy(exc):
                raise
            conn = sqlite3.connect(_uri(path, "ro", immutable=True), uri=True, isolation_level=None)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            return Opened(None, LogProblem.NEWER, _newer_message(path, version))
        if version < SCHEMA_VERSION:
            # An old log we may not migrate: read it through a migrated in-memory copy.
            memory = sqlite3.connect(":memory:", isolation_level=None)
            conn.backup(memory)
            conn.close()
            _apply_migrations(memory, version)
            conn = memory
        return Opened(cls(conn, path, readonly=True, is_alive=is_alive))

    @classmethod
    def _open_writable(cls, path: Path, is_alive: OwnerCheck) -> Opened:
        path.parent.mkdir(parents=True, exist_ok=True)
        exists = path.exists()
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
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if exists:
                # Check before the first write (even switching to WAL writes the header).
                rows = conn.execute("PRAGMA quick_check").fetchall()
                if [r[0] for r in rows] != ["ok"]:
                    detail = "; ".join(str(r[0]) for r in rows[:3])
                    raise sqlite3.DatabaseError(f"integrity check failed: {detail}")
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    conn.close()
                    return Opened(None, LogProblem.NEWER, _newer_message(path, version))
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except BaseException:
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
        program_id: str | None = None,
    ) -> list[SessionRecord]:
        """Sessions, newest first."""
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
            steps = self._steps_for([r["id"] for r in rows]) if with_steps else {}
        finally:
            self.conn.row_factory = None
        return [self._session(r, steps.get(r["id"], ())) for r in rows]

    def session(self, row: int) -> SessionRecord | None:
        self.conn.row_factory = sqlite3.Row
        try:
            found = self.conn.execute(_SELECT_SESSIONS + " WHERE id = ?", (row,)).fetchone()
            steps = self._steps_for([row]) if found else {}
        finally:
            self.conn.row_factory = None
        return None if found is None else self._session(found, steps.get(row, ()))

    def _steps_for(self, rows: Sequence[int]) -> dict[int, tuple[StepRecord, ...]]:
        found: dict[int, list[StepRecord]] = {}
        for start in range(0, len(rows), 500):
            chunk = list(rows[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT * FROM steps WHERE session IN ({marks}) ORDER BY id", chunk
            ):
                found.setdefault(r["session"], []).append(
                    StepRecord(
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
                        ended_at=dt.datetime.fromisoformat(r["ended_at"]),
                    )
                )
        return {k: tuple(v) for k, v in found.items()}

    def _session(self, r: sqlite3.Row, steps: tuple[StepRecord, ...]) -> SessionRecord:
        outcome = Outcome(r["outcome"])
        stopped = r["stopped_step"]
        current = _stopped_in(r)
        if outcome is Outcome.IN_PROGRESS and not self._owner_alive(r):
            outcome = Outcome.INTERRUPTED
            stopped = current
        ended = r["ended_at"]
        completed, skipped, rep_steps, rep_completed, timed = _step_counts(r["step_counts"])
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
            started_at=dt.datetime.fromisoformat(r["started_at"]),
            ended_at=None if ended is None else dt.datetime.fromisoformat(ended),
            last_seen_at=dt.datetime.fromisoformat(r["last_seen_at"]),
            planned_seconds=r["planned_seconds"],
            step_count=r["step_count"],
            active_seconds=r["active_seconds"],
            paused_seconds=r["paused_seconds"],
            outcome=outcome,
            current_step=current,
            stopped_step=stopped,
            resumes=r["resumes"],
            steps=steps,
            steps_completed=completed,
            steps_skipped=skipped,
            rep_steps=rep_steps,
            rep_steps_completed=rep_completed,
            timed_active_seconds=timed,
        )

    def _owner_alive(self, r: sqlite3.Row) -> bool:
        host = r["owner_host"]
        if host is not None and host != socket.gethostname():
            last = dt.datetime.fromisoformat(r["last_seen_at"])
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
        finally:
            self.conn.row_factory = None
        records = [self._session(r, ()) for r in rows]
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
        """Finished sessions that count as done (not skipped through: ``counts_as_done``)."""
        return [r for r in self.sessions(program_id=program_id) if r.counts_as_done]

    def program_progress(self, entries: Sequence[SessionEntry]) -> dict[str, ProgramProgress]:
        """Per program among ``entries``: which sessions are done and which comes next."""
        return program_progress(entries, self.completed())

    def last_program_id(self) -> str | None:
        row = self.conn.execute(
            "SELECT program_id FROM sessions WHERE program_id IS NOT NULL"
            " ORDER BY started_ts DESC, id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else str(row[0])


_SELECT_SESSIONS = (
    "SELECT s.*,"
    " (SELECT step_index FROM steps WHERE session = s.id ORDER BY id DESC LIMIT 1) AS last_index,"
    " (SELECT outcome FROM steps WHERE session = s.id ORDER BY id DESC LIMIT 1) AS last_outcome,"
    " (SELECT count(DISTINCT CASE WHEN outcome = 'completed' THEN step_index END)"
    " || '|' || count(DISTINCT CASE WHEN outcome IN ('completed', 'skipped') THEN step_index END)"
    " || '|' || count(DISTINCT CASE WHEN reps_planned IS NOT NULL THEN step_index END)"
    " || '|' || count(DISTINCT CASE WHEN reps_planned IS NOT NULL AND outcome = 'completed'"
    " THEN step_index END)"
    " || '|' || total(CASE WHEN planned_seconds IS NOT NULL THEN actual_seconds END)"
    " FROM steps WHERE session = s.id) AS step_counts"
    " FROM sessions s"
)


def _step_counts(text: str | None) -> tuple[int, int, int, int, float | None]:
    """Steps completed, skipped (never completed), rep steps, rep steps completed, timed
    active seconds: the ``step_counts`` column of ``_SELECT_SESSIONS`` (one scan)."""
    if not text:
        return 0, 0, 0, 0, None
    completed, finished, reps, reps_completed, timed = text.split("|")
    done = int(completed)
    return done, int(finished) - done, int(reps), int(reps_completed), float(timed)


def _stopped_in(r: sqlite3.Row) -> int | None:
    """The step a session was in: ``current_step``, unless a later step row says more.

    ``current_step`` is written when a step starts, just after the previous step's
    row; a kill between the two leaves it one behind, and the step rows correct it.
    """
    current: int | None = r["current_step"]
    last_index: int | None = r["last_index"]
    moved_on = (StepOutcome.COMPLETED.value, StepOutcome.SKIPPED.value)
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


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the log to ``SCHEMA_VERSION``; safe when two processes start at once."""
    if schema_version(conn) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)  # re-read under the write lock
        if version > SCHEMA_VERSION:
            conn.execute("ROLLBACK")
            return version
        _run_migrations(conn, version)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _run_migrations(conn: sqlite3.Connection, version: int) -> None:
    for step in MIGRATIONS[version:]:
        for statement in step.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _apply_migrations(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN")
    _run_migrations(conn, version)
    conn.execute("COMMIT")


# -- recording ------------------------------------------------------------------------
def file_sha256(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(slots=True)
class SessionInfo:
    """What the recorder stamps on the session row; built from a library entry."""

    session_id: str
    name: str
    path: Path | None
    sha256: str | None
    program: Program | None
    timeline: Timeline

    @classmethod
    def from_entry(cls, entry: SessionEntry, timeline: Timeline) -> SessionInfo:
        return cls(
            session_id=entry.id,
            name=entry.name,
            path=entry.path,
            sha256=file_sha256(entry.path),
            program=entry.program,
            timeline=timeline,
        )


Op = Callable[[sqlite3.Connection], None]


class LogWriter:
    """Runs a recorder's writes in order, without ever making the timer wait.

    Each write is tried at once in the calling thread (the timer's), waiting at most
    ``FAST_BUSY_MS`` for the lock: in the usual case the step is committed before the
    next event is handled. When the log is locked, the write and every later one go
    to a background thread that retries them in order until they are in; the calling
    thread only queues until the queue is empty again. Nothing is dropped unless the
    log refuses the write for good (read-only, damaged): then one message.

    At process exit, unsaved writes get up to ``EXIT_WAIT_SECONDS`` (``wait_all``).
    """

    def __init__(self, history: History, notify: Notify) -> None:
        self.history = history
        self.notify = notify
        self.failed = False
        self._pending: deque[Op] = deque()
        self._cond = threading.Condition()
        """Guards the queue and the flags below."""
        self._io = threading.Lock()
        """Held while the connection is in use: one thread at a time."""
        self._handed_off = False
        """The background thread owns the queue until it is empty."""
        self._closing = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._busy_since: float | None = None
        self._warned = False

    @property
    def pending(self) -> list[Op]:
        with self._cond:
            return list(self._pending)

    @property
    def handed_off(self) -> bool:
        with self._cond:
            return self._handed_off

    def submit(self, op: Op | None = None, *, close: bool = False) -> None:
        """Queue ``op`` (then release the log if ``close``) and write what can be, now."""
        with self._cond:
            if self._closing or self._closed:
                return
            if op is not None and not self.failed:
                self._pending.append(op)
            self._closing = close
            if self._handed_off:
                self._cond.notify_all()
                return
        if not self._io.acquire(blocking=False):
            self._hand_off()  # the background thread is just finishing: it takes this too
            return
        try:
            drained = self._drain(FAST_BUSY_MS)
        finally:
            self._io.release()
        if not drained:
            self._hand_off()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every queued write is in (or refused); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending or self.failed, timeout)

    # -- inside ----------------------------------------------------------------------
    def _drain(self, busy_ms: int) -> bool:
        """Write the queue in order (``_io`` held); False when the log is locked."""
        if not self._closed:
            conn = self.history.conn
            conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
            while True:
                with self._cond:
                    if self.failed or not self._pending:
                        break
                    op = self._pending[0]
                try:
                    with self.history.write() as c:
                        op(c)
                except sqlite3.Error as exc:
                    if _is_busy(exc):
                        with self._cond:
                            if self._busy_since is None:
                                self._busy_since = time.monotonic()
                        return False
                    self._fail(exc)
                    break
                with self._cond:
                    self._pending.popleft()
                    self._busy_since = None
                    warned, self._warned = self._warned, False
                    self._cond.notify_all()
                if warned:
                    self.notify("the log is writable again; nothing was lost")
        self._close_if_done()
        return True

    def _fail(self, exc: sqlite3.Error) -> None:
        _, message = _classify(exc, self.history.path)
        with self._cond:
            self.failed = True
            self._pending.clear()
            self._cond.notify_all()
        self.notify(f"{message}; the rest of this session will not be saved")

    def _close_if_done(self) -> None:
        """Release the connection once the session is over and everything is in."""
        with self._cond:
            if not self._closing or self._closed or (self._pending and not self.failed):
                return
            self._closed = True
            self._cond.notify_all()
        self.history.close()

    def _hand_off(self) -> None:
        with self._cond:
            self._handed_off = True
            self._cond.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="timer-tui-log-writer", daemon=True
                )
                _WRITERS.add(self)
                self._thread.start()

    def _run(self) -> None:
        """The background writer: retry the queue, in order, until it is empty."""
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._handed_off or self._closed)
                    if self._closed:
                        return
                with self._io:
                    drained = self._drain(RETRY_BUSY_MS)
                with self._cond:
                    if drained and (not self._pending or self.failed):
                        self._handed_off = False
                        self._cond.notify_all()
                    since = self._busy_since
                    warn = (
                        not drained
                        and not self._warned
                        and since is not None
                        and time.monotonic() - since >= LOCK_NOTICE_AFTER
                    )
                    if warn:
                        self._warned = True
                if warn:
                    self.notify(
                        f"the log {self.history.path} is locked by another program; "
                        "the steps are kept and saved as soon as it is free"
                    )
        finally:
            _WRITERS.discard(self)


_WRITERS: set[LogWriter] = set()
"""Writers with a background thread, for the bounded wait at exit."""


def wait_all(timeout: float = EXIT_WAIT_SECONDS) -> bool:
    """Give queued writes (a locked log) up to ``timeout`` seconds in all; True if all are in."""
    deadline = time.monotonic() + timeout
    ok = True
    for writer in list(_WRITERS):
        if not writer.wait(max(0.0, deadline - time.monotonic())):
            ok = False
            left = len(writer.pending)
            writer.notify(
                f"the log {writer.history.path} stayed locked; the last {left} change"
                f"{'s' * (left != 1)} of this session could not be saved"
            )
    return ok


atexit.register(wait_all)


@dataclass(slots=True)
class Recorder:
    """An engine subscriber that writes the session to the log as it happens.

    The writes go through a ``LogWriter``: straight away when the log is free, in
    the background while it is locked, so the timer never waits on the log. A
    read-only or damaged log stops recording with one message; the timer never notices.
    """

    history: History | None
    info: SessionInfo
    now: Now = local_now
    notify: Notify = lambda message: None
    resume_row: int | None = None
    """Continue this interrupted session row instead of starting a new one."""
    row: int | None = None
    loads: dict[int, str] = field(default_factory=dict)
    current: int | None = None
    """The step running now (from STEP_STARTED)."""
    writer: LogWriter | None = None

    def __post_init__(self) -> None:
        if self.history is not None and self.writer is None:
            self.writer = LogWriter(self.history, self.notify)

    @property
    def saving(self) -> bool:
        return self.history is not None and self.writer is not None and not self.writer.failed

    @property
    def pending(self) -> list[Op]:
        """Writes not yet in the log (the log is locked)."""
        return [] if self.writer is None else self.writer.pending

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every write so far is in the log (tests, and the end of a run)."""
        return True if self.writer is None else self.writer.wait(timeout)

    def __call__(self, event: Event) -> None:
        if not self.saving:
            return
        at = self.now()
        op: Op
        if event.kind is EventKind.SESSION_STARTED:
            op = lambda c: self._start(c, at, event.index)  # noqa: E731
        elif event.kind is EventKind.STEP_STARTED:
            self.current = event.index
            op = lambda c: self._current(c, at, event.index)  # noqa: E731
        elif event.kind is EventKind.STEP_ENDED and event.result is not None:
            result = event.result
            op = lambda c: self._step(c, at, result)  # noqa: E731
        elif event.kind is EventKind.SESSION_FINISHED:
            op = lambda c: self._close(c, at, Outcome.COMPLETED, None)  # noqa: E731
        elif event.kind is EventKind.SESSION_QUIT:
            op = lambda c: self._close(c, at, Outcome.QUIT, event.index)  # noqa: E731
        else:
            return
        final = event.kind in (EventKind.SESSION_FINISHED, EventKind.SESSION_QUIT)
        assert self.writer is not None
        self.writer.submit(op, close=final)
        if final:
            self.history = None  # the writer releases the log once everything is in

    def close(self) -> None:
        """Release the log (the run is over); later events are ignored."""
        if self.writer is not None and self.history is not None:
            self.writer.submit(close=True)
        self.history = None

    def set_load(self, index: int, load: str | None) -> None:
        """Attach a load ("20 kg") to a rep step: before it ends, or to its newest row after."""
        text = (load or "").strip() or None
        if text is None:
            self.loads.pop(index, None)
        else:
            self.loads[index] = text
        if not self.saving or index == self.current:
            return  # the running step: its row gets the load when it ends

        def update(c: sqlite3.Connection) -> None:
            if self.row is not None:
                c.execute(
                    "UPDATE steps SET load = ? WHERE id = (SELECT max(id) FROM steps"
                    " WHERE session = ? AND step_index = ?)",
                    (text, self.row, index),
                )

        assert self.writer is not None
        self.writer.submit(update)

    # -- operations (run inside one write transaction each) -------------------------------
    def _start(self, c: sqlite3.Connection, at: dt.datetime, index: int) -> None:
        pid = os.getpid()
        owner = (socket.gethostname(), pid, process_token(pid))
        if self.resume_row is not None:
            # Take the interrupted row over, unless someone else resumed it first.
            taken = c.execute(
                "UPDATE sessions SET owner_host = ?, owner_pid = ?, owner_token = ?,"
                " resumes = resumes + 1, current_step = ?, last_seen_at = ?"
                " WHERE id = ? AND outcome = ?",
                (*owner, index, at.isoformat(), self.resume_row, Outcome.IN_PROGRESS.value),
            ).rowcount
            if taken:
                self.row = self.resume_row
                return
        info = self.info
        program = info.program
        cursor = c.execute(
            "INSERT INTO sessions (session_id, name, path, sha256, program_id, program_week,"
            " program_day, program_order, started_at, started_ts, last_seen_at,"
            " planned_seconds, step_count, outcome, current_step, owner_host, owner_pid,"
            " owner_token) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                info.session_id,
                info.name,
                None if info.path is None else str(info.path),
                info.sha256,
                program.id if program else None,
                program.week if program else None,
                program.day if program else None,
                program.order if program else None,
                at.isoformat(),
                at.timestamp(),
                at.isoformat(),
                info.timeline.total_seconds,
                len(info.timeline),
                Outcome.IN_PROGRESS.value,
                index,
                *owner,
            ),
        )
        self.row = cursor.lastrowid

    def _current(self, c: sqlite3.Connection, at: dt.datetime, index: int) -> None:
        if self.row is not None:
            c.execute(
                "UPDATE sessions SET current_step = ?, last_seen_at = ? WHERE id = ?",
                (index, at.isoformat(), self.row),
            )

    def _step(self, c: sqlite3.Connection, at: dt.datetime, result: StepResult) -> None:
        if self.row is None:
            return
        step = self.info.timeline[result.index]
        c.execute(
            "INSERT INTO steps (session, step_index, name, kind, planned_seconds,"
            " actual_seconds, paused_seconds, adjusted_seconds, outcome, reps_planned,"
            " reps_done, load, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                self.row,
                result.index,
                step.name,
                step.kind.value,
                result.planned,
                round(result.active, 3),
                round(result.paused, 3),
                result.adjusted,
                result.outcome.value,
                step.reps,
                result.reps_done,
                self.loads.get(result.index) if step.reps is not None else None,
                at.isoformat(),
            ),
        )
        c.execute(
            "UPDATE sessions SET active_seconds = active_seconds + ?,"
            " paused_seconds = paused_seconds + ?, last_seen_at = ? WHERE id = ?",
            (round(result.active, 3), round(result.paused, 3), at.isoformat(), self.row),
        )

    def _close(
        self, c: sqlite3.Connection, at: dt.datetime, outcome: Outcome, stopped: int | None
    ) -> None:
        if self.row is not None:
            c.execute(
                "UPDATE sessions SET outcome = ?, stopped_step = ?, ended_at = ?,"
                " last_seen_at = ? WHERE id = ?",
                (outcome.value, stopped, at.isoformat(), at.isoformat(), self.row),
            )


def open_recorder(
    entry: SessionEntry,
    timeline: Timeline,
    *,
    path: Path | None = None,
    notify: Notify,
    now: Now = local_now,
    resume_row: int | None = None,
) -> Recorder:
    """A recorder for one run; when the log cannot be written, says so and records nothing."""
    opened = History.open(path)
    history = opened.history
    if opened.problem is not None:
        notify(f"{opened.message}; this session will not be saved")
        if history is not None:
            history.close()
        history = None
    return Recorder(
        history, SessionInfo.from_entry(entry, timeline), now=now, notify=notify,
        resume_row=resume_row,
    )  # fmt: skip


def resume_offers(
    entries: Sequence[SessionEntry] | None = None,
    *,
    path: Path | None = None,
    now: Now = local_now,
) -> list[tuple[SessionRecord, SessionEntry]]:
    """Interrupted sessions that can be resumed now, newest first (never raises)."""
    opened = History.open(path, readonly=True)
    if opened.history is None:
        return []
    with opened.history as history:
        records = history.interrupted(now())
    if not records:
        return []
    return resume_candidates(records, discover() if entries is None else entries, now())


def resume_hint(
    entry: SessionEntry, *, path: Path | None = None, now: Now = local_now
) -> str | None:
    """A line offering to resume an interrupted run of this same session, if there is one."""
    for record, found in resume_offers([entry], path=path, now=now):
        if found.path == entry.path:
            ago = _ago(now() - record.last_seen_at)
            return (
                f"an earlier run of {record.name} was interrupted at step "
                f"{(record.current_step or 0) + 1}/{record.step_count} {ago} ago; "
                f"continue it with: timer-tui resume --plain"
            )
    return None


def _ago(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


# -- pure views: progress, streak, weekly totals --------------------------------------
@dataclass(frozen=True, slots=True)
class ProgramProgress:
    program_id: str
    done: frozenset[str]
    """Ids of the program's sessions completed at least once."""
    next_id: str | None
    """The first session, in program order, not yet completed (None when all are)."""
    total: int


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


class Category(str, Enum):
    RUNNING = "running"
    WALKING = "walking"
    STRENGTH = "strength"
    OTHER = "other"


CATEGORY_OF_KIND: dict[str, Category | None] = {
    Kind.RUN.value: Category.RUNNING,
    Kind.WALK.value: Category.WALKING,
    Kind.EXERCISE.value: Category.STRENGTH,
    Kind.WORK.value: Category.STRENGTH,
    Kind.WARMUP.value: Category.OTHER,
    Kind.COOLDOWN.value: Category.OTHER,
    Kind.STRETCH.value: Category.OTHER,
    Kind.REST.value: None,  # rest is not training time
}


@dataclass(frozen=True, slots=True)
class WeekTotal:
    week_start: dt.date
    seconds: dict[Category, float]

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    @property
    def label(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def weekly_totals(
    records: Iterable[SessionRecord],
    today: dt.date,
    *,
    weeks: int = 8,
    tz: dt.tzinfo | None = None,
) -> list[WeekTotal]:
    """Active seconds per category for the last ``weeks`` ISO weeks, oldest first.

    Every session counts (quit and interrupted ones too: the minutes were run), each
    step by its kind; a session counts in the week it started, in ``tz``. Empty
    weeks are present so a bar chart shows the gaps.
    """
    current = iso_week_start(today)
    starts = [current - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    totals = {s: dict.fromkeys(Category, 0.0) for s in starts}
    for record in records:
        week = iso_week_start(record.started_at.astimezone(tz).date())
        bucket = totals.get(week)
        if bucket is None:
            continue
        for step in record.steps:
            category = CATEGORY_OF_KIND.get(step.kind, Category.OTHER)
            if category is not None:
                bucket[category] += step.actual_seconds
    return [WeekTotal(s, totals[s]) for s in starts]


def resume_candidates(
    records: Collection[SessionRecord], entries: Sequence[SessionEntry], now: dt.datetime
) -> list[tuple[SessionRecord, SessionEntry]]:
    """Interrupted sessions within the window whose file is unchanged, newest first.

    A changed file may have different steps, so "step 7" would no longer mean the
    same thing: those are not offered.
    """
    by_id = {e.id: e for e in entries if e.ok}
    found: list[tuple[SessionRecord, SessionEntry]] = []
    for record in records:
        if record.outcome is not Outcome.INTERRUPTED or record.current_step is None:
            continue
        if now - record.last_seen_at > RESUME_WINDOW:
            continue
        entry = by_id.get(record.session_id)
        if entry is None and record.path:
            candidate = Path(record.path)
            entry = next((e for e in entries if e.path == candidate and e.ok), None)
            if entry is None and candidate.is_file():
                entry = resolve(str(candidate))
        if entry is None or not entry.ok:
            continue
        if entry is None or file_sha256(entry.path) != record.sha256:
            continue
        found.append((record, entry))
    return found


def plain_subscribers(
    entry: SessionEntry,
    timeline: Timeline,
    *,
    notify: Notify,
    resume_row: int | None = None,
    path: Path | None = None,
) -> list[Recorder]:
    """The log's part of a plain-mode run: say if an earlier run can be resumed, then record."""
    if resume_row is None:
        hint = resume_hint(entry, path=path)
        if hint:
            notify(hint)
    return [open_recorder(entry, timeline, path=path, notify=notify, resume_row=resume_row)]
