"""The log's SQLite schema, and the migrations that bring any older log up to date.

A migration is never edited once released: ``MIGRATIONS[n]`` takes a log from
schema ``n`` to ``n + 1``, and a log written by a newer timer-tui is left alone.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import contextlib
import sqlite3

SCHEMA_VERSION = 4

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

# Version 3 is made ahead of two features at once, so that they share one
# migration: a stable id per session that survives `log export`/`log import` (older
# rows get a random one here), and each step's planned treadmill speed and incline
# with its estimated distance in metres.
_V3 = """
ALTER TABLE sessions ADD COLUMN uid TEXT;
UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX sessions_uid ON sessions (uid);
ALTER TABLE steps ADD COLUMN speed_kmh REAL;
ALTER TABLE steps ADD COLUMN incline_pct REAL;
ALTER TABLE steps ADD COLUMN distance_m REAL;
"""

# Version 4: each session's step summary, kept beside it so that listing the log
# reads one row per session, not its ~20 steps (``log/tallies.py`` counts it; the
# reader's own tally, the old path, takes over for a session marked stale).
# ``tally_ok`` = 1 says the other columns are its steps' summary (the defaults are
# the summary of no steps: a new session's row is fresh). Every change to a
# session's steps marks it stale (these triggers: whoever writes, even by hand), and
# the writers that know the log (recorder, ``log import``, this migration) write
# the summary again in the same transaction (``tallies.refresh_tallies``).
_V4 = """
ALTER TABLE sessions ADD COLUMN tally_ok INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sessions ADD COLUMN tally_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN tally_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN tally_done_or_skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN tally_reps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN tally_reps_or_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN tally_timed_us INTEGER;
ALTER TABLE sessions ADD COLUMN tally_bad INTEGER;
ALTER TABLE sessions ADD COLUMN tally_distance REAL;
ALTER TABLE sessions ADD COLUMN tally_loads INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN tally_last_index INTEGER;
ALTER TABLE sessions ADD COLUMN tally_last_outcome TEXT;
UPDATE sessions SET tally_ok = 0;
CREATE TRIGGER steps_stale_on_insert AFTER INSERT ON steps BEGIN
    UPDATE sessions SET tally_ok = 0 WHERE id = NEW.session;
END;
CREATE TRIGGER steps_stale_on_update AFTER UPDATE ON steps BEGIN
    UPDATE sessions SET tally_ok = 0 WHERE id IN (OLD.session, NEW.session);
END;
CREATE TRIGGER steps_stale_on_delete AFTER DELETE ON steps BEGIN
    UPDATE sessions SET tally_ok = 0 WHERE id = OLD.session;
END;
"""
SUMMARY_VERSION = 4
"""The version whose migration adds the step summary; a migration from before it
writes every session's summary (a later change of what a tally counts must mark
them all stale, ``tally_ok = 0``, in its own migration)."""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
"""``MIGRATIONS[n]`` takes a log from schema ``n`` to ``n + 1``; never edit a released one."""


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


def apply_migrations(conn: sqlite3.Connection, version: int) -> None:
    """Migrate a private connection (a new or in-memory copy) that nobody else can see.

    An older log read through an in-memory copy keeps its sessions' summaries stale:
    they are read from their steps, as before version 4, and the copy is read once
    (writing every summary would cost each read more than it saves; the file gets
    them when a session is next recorded)."""
    conn.execute("BEGIN")
    _run_migrations(conn, version, summaries=False)
    conn.execute("COMMIT")


def _run_migrations(conn: sqlite3.Connection, version: int, *, summaries: bool = True) -> None:
    for step in MIGRATIONS[version:]:
        for statement in statements(step):
            conn.execute(statement)
    if summaries and version < SUMMARY_VERSION:
        from timer_tui.log.tallies import refresh_tallies

        refresh_tallies(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def statements(script: str) -> list[str]:
    """A migration's statements, one each: split at the semicolons that end one
    (a trigger's body holds semicolons of its own)."""
    found: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    return found
