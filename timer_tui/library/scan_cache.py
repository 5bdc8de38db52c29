"""The scan cache: what listing a session needs of each file, kept between starts.

Reading, parsing and checking every session file before the picker's first frame
took seconds with thousands of user files. What a listing needs of a file that
loads (its name, program and totals: ``sessions.Listing``) is kept here, in the
XDG cache folder, one file per sessions folder, keyed on each file's metadata:
(device, inode, size, modification and change time in ns). An edit that keeps
the size and sets the modification time back still moves the change time, so a
changed file is always read again. Only files that settled more than
``SETTLE_NS`` before the scan are kept (a file written twice within the clock's
granularity would otherwise keep its first key: git's "racily clean" problem).

Kept only for sessions that load and name no sound files: a broken file is
listed with its errors, and a WAV file a session names may change without the
session file changing, so both are read every time.

The cache is as hostile as the files: read with the same guards (a regular file
under a size cap), every field checked for its type, and anything damaged,
foreign (another folder's, another code's) or of another format is ignored and
rebuilt, never an error. Its strings reach the terminal by the same paths as a
session's, through ``safe_text``. No Textual here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from timer_tui.core.digest import sha256_hex
from timer_tui.core.model import Program
from timer_tui.core.safe_files import MIB, read_capped
from timer_tui.library.paths import cache_dir

CACHE_FORMAT = 1
MAX_CACHE_BYTES = 64 * MIB
SETTLE_NS = 2_000_000_000
"""A file changed this recently is read, not cached: its next change could keep its key."""

Key = tuple[int, int, int, int, int]
"""(st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns) of one session file."""

Record = tuple[str, Program | None, int, int, int]
"""(name, program, total seconds, rep steps, steps): a ``Listing`` as plain values."""


def file_key(st: os.stat_result) -> Key:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def settled(st: os.stat_result, now_ns: int) -> bool:
    """Changed long enough ago that a further change would move its key."""
    return max(st.st_mtime_ns, st.st_ctime_ns) < now_ns - SETTLE_NS


def _code_stamp() -> str:
    """Which code made the cache: the loader and the model decide what a file lists as.

    The size and modification time of every core module and of this library's
    scanning modules, so an upgrade or a developer's edit makes a cache foreign.
    """
    here = Path(__file__).resolve().parent
    sources = [*sorted((here.parent / "core").glob("*.py")), here / "sessions.py", Path(__file__)]
    parts = []
    for source in sources:
        try:
            st = source.stat()
        except OSError:
            continue
        parts.append(f"{source.name}:{st.st_size}:{st.st_mtime_ns}")
    return sha256_hex("\n".join(parts).encode())[:32]


def cache_path(root: Path) -> Path:
    """One cache file per sessions folder (the bundled one, the user's, a test's)."""
    digest = sha256_hex(os.fsencode(root))[:24]
    return cache_dir() / "scans" / f"v{CACHE_FORMAT}-{digest}.json"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _opt_int(value: object) -> bool:
    return value is None or _is_int(value)


def _program(value: object) -> Program | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 5):
        raise ValueError("program")
    pid, name, week, day, order = value
    if not isinstance(pid, str) or not (name is None or isinstance(name, str)):
        raise ValueError("program")
    if not (_opt_int(week) and _opt_int(day) and _opt_int(order)):
        raise ValueError("program")
    return Program(id=pid, name=name, week=week, day=day, order=order)


def _program_json(program: Program | None) -> list[Any] | None:
    if program is None:
        return None
    return [program.id, program.name, program.week, program.day, program.order]


def _records(raw: object, root: Path, stamp: str) -> Iterator[tuple[str, Key, Record]]:
    """Each file's record; ValueError for anything but a cache of this code for ``root``."""
    if not isinstance(raw, dict) or raw.get("format") != CACHE_FORMAT:
        raise ValueError("format")
    if raw.get("root") != str(root) or raw.get("code") != stamp:
        raise ValueError("foreign")
    files = raw.get("files")
    if not isinstance(files, list):
        raise ValueError("files")
    for item in files:
        if not (isinstance(item, list) and len(item) == 10):
            raise ValueError("record")
        rel, dev, ino, size, mtime, ctime, name, program, seconds, counts = item
        key = (dev, ino, size, mtime, ctime)
        if not isinstance(rel, str) or not isinstance(name, str) or not all(map(_is_int, key)):
            raise ValueError("record")
        if not (isinstance(counts, list) and len(counts) == 2 and all(map(_is_int, counts))):
            raise ValueError("record")
        if not _is_int(seconds) or min(seconds, *counts) < 0:
            raise ValueError("record")
        yield rel, key, (name, _program(program), seconds, counts[0], counts[1])


class ScanCache:
    """The records of one sessions folder: looked up by ``get``, renewed by ``put``,
    written back by ``save`` with only the files this scan saw."""

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = root
        self.path = path or cache_path(root)
        self.stamp = _code_stamp()
        self.now_ns = time.time_ns()
        self.known: dict[str, tuple[Key, Record]] = self._read()
        self.seen: dict[str, tuple[Key, Record]] = {}
        self.changed = False

    def _read(self) -> dict[str, tuple[Key, Record]]:
        """The cache's records; empty when it is missing, unreadable, damaged or foreign."""
        data = read_capped(self.path, MAX_CACHE_BYTES)
        if not isinstance(data, bytes):
            return {}
        try:
            return {
                rel: (key, record)
                for rel, key, record in _records(json.loads(data), self.root, self.stamp)
            }
        except (ValueError, RecursionError):  # json's errors are ValueErrors too
            return {}

    def get(self, rel: str, st: os.stat_result) -> Record | None:
        """The record of ``rel`` if the file is unchanged since it was made."""
        return self.record(rel, file_key(st))

    def record(self, rel: str, key: Key) -> Record | None:
        """The record of ``rel`` if it was made for a file of this ``key`` (``file_key``)."""
        found = self.known.get(rel)
        if found is None or found[0] != key:
            return None
        self.seen[rel] = found
        return found[1]

    def put(self, rel: str, st: os.stat_result, record: Record | None) -> None:
        """Keep ``record`` for ``rel`` (None: the file is not to be cached, or not yet)."""
        if record is not None and settled(st, self.now_ns):
            self.seen[rel] = (file_key(st), record)
            self.changed = True
        elif rel in self.known:
            self.changed = True

    @property
    def dirty(self) -> bool:
        """The records this scan saw differ from the file's: ``save`` would write."""
        return self.changed or len(self.seen) != len(self.known)

    def save(self) -> None:
        """Write the records this scan saw, if they differ from the file's; never raises."""
        if not self.dirty:
            return
        from timer_tui.library.atomic import write_text_atomic

        files = [
            [rel, *key, name, _program_json(program), seconds, [reps, steps]]
            for rel, (key, (name, program, seconds, reps, steps)) in self.seen.items()
        ]
        raw = {"format": CACHE_FORMAT, "code": self.stamp, "root": str(self.root), "files": files}
        try:
            write_text_atomic(self.path, json.dumps(raw, separators=(",", ":")))
        except Exception:  # a cache that cannot be written is only slower
            return
        self.known, self.changed = dict(self.seen), False
