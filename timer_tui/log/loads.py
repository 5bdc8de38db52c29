"""The load last lifted for each exercise, so the next set and the next session offer it.

Read by the reps entry (the app) and plain mode's step line; a log that cannot be
read offers nothing, and the session runs as usual.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from timer_tui.log.sql_in import rows_in
from timer_tui.log.store import History


def last_loads(history: History, names: Iterable[str]) -> dict[str, str]:
    """The load last logged for each exercise name (the step's name), newest wins."""
    wanted = sorted(set(names))
    found: dict[str, str] = {}
    cursor = history.conn.cursor()
    cursor.row_factory = None
    for name, load in rows_in(
        cursor,
        "SELECT name, load FROM steps WHERE load IS NOT NULL AND name IN ({marks}) ORDER BY id",
        wanted,
    ):
        found[name] = load
    return found


def read_last_loads(names: Iterable[str], path: Path | None = None) -> dict[str, str]:
    """``last_loads`` from the log at ``path``; nothing when it cannot be read."""
    opened = History.open(path, readonly=True)
    if opened.history is None:
        return {}
    with opened.history as history:
        try:
            return last_loads(history, names)
        except sqlite3.Error:
            return {}
