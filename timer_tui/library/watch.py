"""Notice session files added, changed or removed in a folder, by polling.

Polling the modification times once a second costs a directory walk over a few
dozen files, needs no new dependency and works on every file system (inotify
does not see changes on network mounts). The picker calls ``changed()`` from a
Textual interval timer. No Textual here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

StateT = TypeVar("StateT")

Fingerprint = dict[str, tuple[int, int, int]]
"""Relative path -> (modification time in ns, size, inode) of every session file.

The inode catches an atomic save (a new file renamed over the old one) even on a
file system whose clock is too coarse to move the modification time.
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


def fingerprint(root: Path) -> Fingerprint:
    """The state of every ``*.toml`` below ``root``, skipping hidden files and folders
    (an atomic save's temporary file starts with a dot)."""
    found: Fingerprint = {}
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            path = Path(folder) / name
            state = file_state(path)
            if state is not None:  # None: removed between the listing and the stat
                found[path.relative_to(root).as_posix()] = state
    return found


class _Watcher(Generic[StateT]):
    """Remembers a state read by ``read``; ``changed()`` says whether it moved since."""

    def __init__(self, read: Callable[[], StateT]) -> None:
        self._read = read
        self.last = read()

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

    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(lambda: fingerprint(root))


class FileWatcher(_Watcher["FileState | None"]):
    """One file (the built-in editor's, changed by another program while it is open)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(lambda: file_state(path))
