"""Fitting lines to the terminal: ``list`` and ``show`` never wrap into a mess.

The width is ``COLUMNS`` when set, else the terminal's. Piped without ``COLUMNS``
the width is unknown and lines stay whole, so ``grep`` still finds a long name
(scripts have ``--json``). A line too wide is cut with an ellipsis, at a character
boundary, counting wide characters (CJK, emoji) as two cells.
"""

from __future__ import annotations

import os
import sys
import textwrap
import unicodedata

from timer_tui.cli.help import terminal_columns

ELLIPSIS = "…"


def terminal_width() -> int | None:
    """The columns to fit; None when unknown (a pipe without ``COLUMNS``)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return terminal_columns()
    except (AttributeError, ValueError):
        pass
    return None


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: wide characters two, combining marks none."""
    return sum(_cell(c) for c in text)


def _cell(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` cells with an ellipsis; unchanged when it fits."""
    if width is None or cells(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        size = _cell(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + ELLIPSIS


def wrap(text: str, width: int | None) -> str:
    """A paragraph (a description) wrapped at word boundaries to ``width``."""
    if width is None:
        return text
    return "\n".join(
        textwrap.fill(line, width=max(20, width)) if line.strip() else line
        for line in text.splitlines()
    )
