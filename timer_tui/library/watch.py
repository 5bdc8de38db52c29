"""Notice session files added, changed or removed in a folder, by polling.

Polling the modification times once a second costs a directory walk over a few
dozen files, needs no new dependency and works on every file system (inotify
does not see changes on network mounts). The picker calls ``changed()`` from a
Textual interval timer. No Textual here.
"""

from __future__ import annotations

import os
from pathlib import Path

Fingerprint = dict[str, tuple[int, int, int]]
"""Relative path -> (modification time in ns, size, inode) of every session file.

The inode catches an atomic save (a new file renamed over the old one) even on a
file system whose clock is too coarse to move the modification time.
"""


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
            try:
                st = path.stat()
            except OSError:  # removed between the listing and the stat
                continue
            found[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return found


class FolderWatcher:
    """Remembers a folder's fingerprint; ``changed()`` says whether it moved since."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.last = fingerprint(root)

    def changed(self) -> bool:
        now = fingerprint(self.root)
        if now == self.last:
            return False
        self.last = now
        return True

    def forget(self) -> None:
        """Take the current state as seen (after a reload the screen did anyway)."""
        self.last = fingerprint(self.root)


def file_state(path: Path) -> tuple[int, int, int] | None:
    """(modification time in ns, size, inode) of one file; None when it is not there."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class FileWatcher:
    """One file's state; ``changed()`` says whether it moved since (the built-in
    editor's file, changed by another program while it is open)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last = file_state(path)

    def changed(self) -> bool:
        now = file_state(self.path)
        if now == self.last:
            return False
        self.last = now
        return True

    def forget(self) -> None:
        """Take the current state as seen (after the editor's own save)."""
        self.last = file_state(self.path)
