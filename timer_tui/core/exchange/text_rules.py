"""Rules on text that every exchange format shares: one clean line, in and out.

Other tools' files are a place where control characters do harm (XML 1.0 has no
way to hold most of them, a newline would split a line of workout text), so the
writers put a space where a session's name or note has one; the readers refuse
them instead, with the line they are on.
"""

from __future__ import annotations

import unicodedata

MAX_NAME = 2000
"""The session format's limit on one string."""


def plain_line(text: str) -> str:
    """``text`` with every control character (newlines too) made a space, and trimmed."""
    if text.isprintable():
        return text.strip()
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(cleaned.split()) if "\n" in text or "\r" in text else cleaned.strip()


def control_character(text: str) -> str | None:
    """The first control character in ``text`` (tabs count), or None."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return char
    return None
