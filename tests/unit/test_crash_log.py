"""The crash log says where it really went, even when the data folder cannot hold it."""

from __future__ import annotations

from pathlib import Path

from timer_tui.cli import main as cli_main
from timer_tui.library.paths import data_dir


def _crash() -> Path | str:
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        return cli_main._write_crash_log()


def test_the_crash_log_goes_to_the_data_folder() -> None:
    where = _crash()
    assert isinstance(where, Path) and where.parent == data_dir()
    assert "RuntimeError: a bug" in where.read_text()


def test_a_data_folder_that_is_a_file_sends_it_elsewhere_and_says_where() -> None:
    data_dir().parent.mkdir(parents=True, exist_ok=True)
    data_dir().write_text("not a folder")
    where = _crash()
    assert isinstance(where, Path), where
    assert "RuntimeError: a bug" in where.read_text()
    assert where.stat().st_mode & 0o077 == 0  # a traceback may hold paths: private
