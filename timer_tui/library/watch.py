"""Notice session files added, changed or removed in a folder, by polling.

Polling the modification times once a second costs a directory walk over a few
dozen files, needs no new dependency and works on every file system (inotify
does not see changes on network mounts). The picker calls ``changed()`` from a
Textual interval timer. No Textual here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Generic, TypeVar

StateT = TypeVar("StateT")

Fingerprint = dict[str, tuple[int, int, int, int, int]]
"""Relative path -> (device, inode, size, modification and change time in ns) of every
session file.

The inode catches an atomic save (a new file renamed over the old one) even on a
file system whose clock is too coarse to move the modification time; the change
time catches an edit that keeps the size and sets the modification time back.
"""


FileState = tuple[int, int, int]
"""(modification time in ns, size, inode) of one file."""


def file_state(path: Path) -> FileState | None:
    """One file's state; None when it is not there."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def session_files(root: Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """(path below ``root`` in posix form, full path, stat) of every regular ``*.toml``
    file below ``root``: what ``Path.rglob`` finds, without its cost per file.

    Hidden files and folders are left out (an atomic save's temporary file starts
    with a dot); links to files are followed, links to folders are not (as rglob);
    a file removed between the listing and the stat is not there.
    """
    top = os.fspath(root)
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        below = folder[len(top) :].lstrip(os.sep)
        prefix = below.replace(os.sep, "/") + "/" if below else ""
        for name in files:
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            full = os.path.join(folder, name)  # noqa: PTH118 - a Path per file cost a third
            try:
                st = os.stat(full)  # noqa: PTH116
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                yield prefix + name, full, st


def fingerprint(root: Path) -> Fingerprint:
    """The state of every session file below ``root`` (``session_files``)."""
    return {
        rel: (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        for rel, _, st in session_files(root)
    }


class _Watcher(Generic[StateT]):
    """Remembers a state read by ``read``; ``changed()`` says whether it moved since."""

    def __init__(self, read: Callable[[], StateT], last: StateT | None = None) -> None:
        self._read = read
        self.last = read() if last is None else last

    def changed(self) -> bool:
        now = self._read()
        if now == self.last:
            return False
        self.last = now
        return True

    def forget(self) -> None:
        """Take the current state as seen (after a change the screen made itself)."""
        self.last = self._read()


class FolderWatcher(_Watcher[Fingerprint]):
    """The session files below a folder (the picker's live reload)."""

    def __init__(self, root: Path, seen: Fingerprint | None = None) -> None:
        """``seen``: the folder's state as the scan that listed it saw it (no second walk)."""
        self.root = root
        super().__init__(lambda: fingerprint(root), seen)


class FileWatcher(_Watcher["FileState | None"]):
    """One file (the built-in editor's, changed by another program while it is open)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(lambda: file_state(path))
