"""Writing a setting back into the user's config: their text kept, never half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from timer_tui.library.config import parse_config
from timer_tui.library.settings import SettingNotSaved, save_setting, with_setting

USER_CONFIG = """\
# my timer settings
[keys]
"countdown.pause" = "k"   # k like YouTube

[ui]
# the dark one at night
theme = "nord"

[run]
resume_after_stop = true
"""


def test_the_theme_line_is_replaced_and_everything_else_kept() -> None:
    text = with_setting(USER_CONFIG, "ui", "theme", "textual-light")
    assert text == USER_CONFIG.replace('theme = "nord"', 'theme = "textual-light"')
    assert parse_config(text).theme == "textual-light"


def test_a_missing_key_goes_under_its_section_header() -> None:
    text = with_setting("[ui]\n\n[run]\nresume_after_stop = true\n", "ui", "theme", "nord")
    assert text == '[ui]\ntheme = "nord"\n\n[run]\nresume_after_stop = true\n'


@pytest.mark.parametrize("before", ["", "[keys]\n", "[keys]", "# only a comment\n\n"])
def test_a_missing_section_is_added_at_the_end(before: str) -> None:
    text = with_setting(before, "ui", "theme", "nord")
    assert text.startswith(before) and text.endswith('[ui]\ntheme = "nord"\n')
    assert parse_config(text).theme == "nord"


def test_a_value_with_quotes_is_written_as_valid_toml() -> None:
    text = with_setting("", "ui", "theme", 'a "b" \\ c')
    assert parse_config(text).theme == 'a "b" \\ c'


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[ui\ntheme = 1\n", "not valid TOML"),
        ('ui = { theme = "nord" }\n', "not a plain table"),
        ('ui.theme = "nord"\n', "not a plain table"),
        ('ui = "dark"\n', "is not a table"),
    ],
)
def test_a_file_a_line_edit_would_break_is_refused(text: str, why: str) -> None:
    with pytest.raises(SettingNotSaved, match=why):
        with_setting(text, "ui", "theme", "textual-light")


def test_save_setting_writes_the_file_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_CONFIG)
    path.chmod(0o600)
    save_setting(path, "ui", "theme", "gruvbox")
    assert path.read_text() == USER_CONFIG.replace('"nord"', '"gruvbox"')
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary file left


def test_a_new_config_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "timer-tui" / "config.toml"
    save_setting(path, "ui", "theme", "nord")
    assert path.read_text() == '[ui]\ntheme = "nord"\n'


def test_a_broken_config_is_left_exactly_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[keys\n"countdown.pause" = "k"\n')
    with pytest.raises(SettingNotSaved, match="fix it first"):
        save_setting(path, "ui", "theme", "nord")
    assert path.read_bytes() == b'[keys\n"countdown.pause" = "k"\n'


def test_a_fifo_in_place_of_the_config_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(SettingNotSaved, match="not a regular file"):
        save_setting(path, "ui", "theme", "nord")


def test_ui_theme_is_read_and_checked() -> None:
    assert parse_config('[ui]\ntheme = "nord"\n').theme == "nord"
    [error] = parse_config("[ui]\ntheme = 3\n").errors
    assert "ui.theme" in error.format() and "found 3" in error.format()
    [error] = parse_config('[ui]\nthem = "nord"\n').errors
    assert "did you mean `theme`" in error.format()
