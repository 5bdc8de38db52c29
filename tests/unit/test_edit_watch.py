"""Live reload's folder watcher: added, changed and removed session files are noticed;
temporary files of an atomic save and other files are not."""

from __future__ import annotations

import os
from pathlib import Path

from timer_tui.library.atomic import write_text_atomic
from timer_tui.library.watch import FolderWatcher, fingerprint


def test_a_missing_folder_is_empty_and_its_creation_is_a_change(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    watcher = FolderWatcher(root)
    assert watcher.last == {}
    assert not watcher.changed()
    root.mkdir()
    assert not watcher.changed(), "an empty folder holds no sessions"
    (root / "a.toml").write_text("x", encoding="utf-8")
    assert watcher.changed()
    assert not watcher.changed(), "each change is reported once"


def test_added_changed_and_removed_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("one", encoding="utf-8")
    watcher = FolderWatcher(tmp_path)
    sub = tmp_path / "program"
    sub.mkdir()
    (sub / "b.toml").write_text("two", encoding="utf-8")
    assert watcher.changed()
    assert set(watcher.last) == {"a.toml", "program/b.toml"}

    path = tmp_path / "a.toml"
    stat = path.stat()
    path.write_text("uno", encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert watcher.changed()

    (sub / "b.toml").unlink()
    assert watcher.changed()
    assert set(watcher.last) == {"a.toml"}


def test_an_atomic_save_is_a_change_even_with_the_same_time_and_size(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("one", encoding="utf-8")
    watcher = FolderWatcher(tmp_path)
    mtime = path.stat().st_mtime_ns
    write_text_atomic(path, "two")
    os.utime(path, ns=(mtime, mtime))
    assert watcher.changed(), "a new inode is a new file"


def test_hidden_and_other_files_are_ignored(tmp_path: Path) -> None:
    watcher = FolderWatcher(tmp_path)
    (tmp_path / ".a.toml.x1y2.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.toml").write_text("x", encoding="utf-8")
    assert not watcher.changed()
    assert fingerprint(tmp_path) == {}


def test_forget_takes_the_current_state_as_seen(tmp_path: Path) -> None:
    watcher = FolderWatcher(tmp_path)
    (tmp_path / "a.toml").write_text("x", encoding="utf-8")
    watcher.forget()
    assert not watcher.changed()
