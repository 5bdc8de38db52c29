"""The log's SQLite schema, and the migrations that bring any older log up to date.

A migration is never edited once released: ``MIGRATIONS[n]`` takes a log from
schema ``n`` to ``n + 1``, and a log written by a newer timer-tui is left alone.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import contextlib
import sqlite3

SCHEMA_VERSION = 3

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

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
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
    """Migrate a private connection (a new or in-memory copy) that nobody else can see."""
    conn.execute("BEGIN")
    _run_migrations(conn, version)
    conn.execute("COMMIT")


def _run_migrations(conn: sqlite3.Connection, version: int) -> None:
    for step in MIGRATIONS[version:]:
        for statement in step.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
