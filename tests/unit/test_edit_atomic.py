"""Saving never leaves half a file: the old file stays whole until the new one is."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from timer_tui.library import atomic
from timer_tui.library.atomic import create_text_atomic, write_text_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_creates_folders_and_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "s.toml"
    write_text_atomic(target, 'name = "x"\n')
    assert target.read_text(encoding="utf-8") == 'name = "x"\n'
    assert leftovers(target.parent) == []
    assert stat.S_IMODE(target.stat().st_mode) & 0o600 == 0o600


def test_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_keeps_line_endings_as_given(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    write_text_atomic(target, "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.toml"
    target.write_text("old and whole\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("timer_tui.library.atomic.os.fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_text_atomic(target, "new " * 10_000)
    assert target.read_text(encoding="utf-8") == "old and whole\n"
    assert leftovers(tmp_path) == []


def test_a_failed_rename_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.toml"
    target.write_text("old\n", encoding="utf-8")

    def refuse(self: Path, other: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(PermissionError):
        write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_the_temp_file_is_hidden_from_the_library(tmp_path: Path) -> None:
    """While a save is under way its temp file starts with a dot and is not *.toml."""
    tmp = atomic._write_temp(tmp_path / "s.toml", "x")
    try:
        assert tmp.name.startswith(".s.toml.") and tmp.suffix == ".tmp"
        assert tmp.parent == tmp_path
    finally:
        tmp.unlink()


def test_create_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    create_text_atomic(target, "first\n")
    with pytest.raises(FileExistsError):
        create_text_atomic(target, "second\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    assert leftovers(tmp_path) == []


def test_create_without_hard_links_still_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr("timer_tui.library.atomic.os.link", no_links)
    target = tmp_path / "s.toml"
    create_text_atomic(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    with pytest.raises(FileExistsError):
        create_text_atomic(target, "second\n")
    assert leftovers(tmp_path) == []
    assert [p.name for p in tmp_path.iterdir()] == ["s.toml"]
