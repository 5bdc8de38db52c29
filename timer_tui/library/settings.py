"""Writing one setting the app chose back into the user's config file.

The config is the user's own file, with their comments, order and blank lines, so
it is edited as text, never re-serialised: the ``key = value`` line in its
``[section]`` is replaced, added under the section's header, or the section is
added at the end. The result is parsed again before it is written, and written
whole (``library/atomic``), so a crash or a full disk never leaves half a config,
and a file the edit cannot handle safely (not valid TOML, the section written as
a dotted key or an inline table) is left as it is, with a message instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import tomli

from timer_tui.library.atomic import write_text_atomic
from timer_tui.library.config import read_small_file

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")
"""A plain ``[section]`` header (``[[array]]`` and dotted headers never match)."""
_ANY_HEADER = re.compile(r"^\s*\[")


class SettingNotSaved(Exception):
    """The setting could not be written; the message says why, the file is unchanged."""


def save_setting(path: Path, section: str, key: str, value: str) -> None:
    """Set ``[section] key = "value"`` in the config at ``path``, keeping the rest as is.

    Raises ``SettingNotSaved`` (the file untouched) when the file cannot be read, is
    not valid TOML, or holds the section in a form a line edit would break.
    """
    text = _current_text(path)
    new_text = with_setting(text, section, key, value)
    try:
        parsed = tomli.loads(new_text)
    except tomli.TOMLDecodeError as exc:  # pragma: no cover - with_setting checks first
        raise SettingNotSaved(f"{path} would not stay valid TOML ({exc})") from exc
    if parsed.get(section, {}).get(key) != value:
        raise SettingNotSaved(f"{path}: [{section}] {key} is written in a way I cannot edit")
    try:
        write_text_atomic(path, new_text)
    except OSError as exc:
        raise SettingNotSaved(f"cannot write {path}: {exc.strerror or exc}") from exc


def with_setting(text: str, section: str, key: str, value: str) -> str:
    """``text`` with ``[section] key = "value"`` set (pure: the tests' entry point)."""
    try:
        before = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as exc:
        raise SettingNotSaved(f"the config file is not valid TOML ({exc}); fix it first") from exc
    table = before.get(section)
    if table is not None and not isinstance(table, dict):
        raise SettingNotSaved(f"`{section}` in the config file is not a table")
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    lines = text.splitlines(keepends=True)
    start = _section_start(lines, section)
    if start is None:
        if table is not None:  # written as `ui.theme = ...` or `ui = {...}`: left alone
            raise SettingNotSaved(f"[{section}] in the config file is not a plain table")
        gap = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return f"{text}{gap}[{section}]\n{line}\n"
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    own = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start + 1, end):
        if own.match(lines[i]):
            ending = "\n" if lines[i].endswith("\n") else ""
            return "".join([*lines[:i], line + ending, *lines[i + 1 :]])
    header = lines[start] if lines[start].endswith("\n") else lines[start] + "\n"
    return "".join([*lines[:start], header, line + "\n", *lines[start + 1 :]])


def _current_text(path: Path) -> str:
    """The config's text, read as the app reads it: never blocking on a FIFO or a device."""
    data = read_small_file(path)
    if data is None:
        return ""
    if isinstance(data, str):
        raise SettingNotSaved(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingNotSaved(f"{path} is not UTF-8 text") from exc


def _section_start(lines: list[str], section: str) -> int | None:
    for i, line in enumerate(lines):
        match = _HEADER.match(line)
        if match and match.group(1) == section:
            return i
    return None
