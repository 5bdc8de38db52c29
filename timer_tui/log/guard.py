"""What is checked before and after SQLite opens the log: its place, its kind, its tables, its mode.

The log is never a reason to stop the timer, and never a reason to hang it: a
FIFO in place of the log would block the first read, so every path is looked at
with ``stat`` before SQLite opens it. A file with the log's version number but
not its tables was not made by timer-tui and is refused, untouched. The log and
its ``-wal``/``-shm`` files are the user's alone (0600), whatever the umask.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from timer_tui.library.paths import (
    PRIVATE_FILE,
    file_in_the_way,
    make_private,
    make_private_folder,
    not_a_folder_message,
)

TABLES = frozenset({"sessions", "steps"})


def refusal(path: Path) -> str | None:
    """Why the log at ``path`` must not be opened at all (its folder is a file, it is
    not a regular file), or None. Never opens anything."""
    blocker = file_in_the_way(path.parent)
    if blocker is not None:
        return f"{not_a_folder_message(blocker)}; the log cannot be opened"
    try:
        info = path.stat()
    except OSError:
        return None  # missing (it is made) or unreadable (SQLite says why)
    if not stat.S_ISREG(info.st_mode):
        return (
            f"the log {path} is not a regular file (a FIFO, a device or a folder); left untouched"
        )
    return None


def check_tables(conn: sqlite3.Connection) -> None:
    """Raise if a log at the current version lacks its tables (it was not made by us)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not names >= TABLES:
        raise sqlite3.DatabaseError("it has the version number of a log but not its tables")


def prepare_private_log(path: Path) -> bool:
    """Make the folder (0700) and, if missing, the empty log (0600); True if it existed.

    Made here before SQLite makes it with the umask's mode; the ``-wal`` and
    ``-shm`` files SQLite makes later take the log's mode. An older log that others
    could read is made private too.
    """
    make_private_folder(path.parent)
    exists = path.exists()
    if not exists:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        make_private(path.with_name(name), PRIVATE_FILE)
    return exists
