"""The one sanitiser for text from files on its way to a terminal.

A session's name, a step's name, a note, a path, a value quoted in an error: all
come from files anyone may hand the user. Printed raw, ``ESC ]0;…BEL`` sets the
window title, OSC 52 writes the clipboard, a C1 ``CSI`` moves the cursor, and a
newline in a quoted value forges a line of ``timer-tui check``. Every such string
goes through here first, once, at the edge where it is printed or drawn: control
characters become visible escapes (``\\x1b``, ``\\n``, ``\\x9b``), so the text stays
readable and nothing in it acts on the terminal.

JSON output does not use this: ``json.dumps`` already escapes every control
character, and scripts want the exact text.

Core module: stdlib only.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction overrides: not control bytes, but they make a line read as something else."""


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_JOINERS = frozenset("\u200c\u200d")
"""Format characters that are part of text: ZWNJ (Persian, Indic scripts), ZWJ (emoji)."""


def _is_unsafe(char: str) -> bool:
    """C0, DEL and C1 (Unicode category Cc), the line separators, bidi overrides, and
    the invisible format characters (Cf: zero-width space, BOM, soft hyphen, the tag
    characters that spell invisible text), by which one name passes for another."""
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _JOINERS
    return category in ("Cc", "Zl", "Zp") or char in _BIDI


def safe_text(text: str, *, keep: str = "\t") -> str:
    """``text`` with every control character shown escaped, except those in ``keep``.

    The default keeps only tab: for one-line places (a name, a table cell, a value
    quoted in an error). Pass ``keep="\\t\\n"`` where a newline is meant (a
    paragraph of text shown as several lines).
    """
    if text.isprintable() and not any(c in _BIDI for c in text):
        return text  # the common case, without building a new string
    return "".join(_escape(c) if _is_unsafe(c) and c not in keep else c for c in text)


def safe_lines(text: str) -> str:
    """Text where a newline is meant: tabs and newlines stay, everything else is escaped."""
    return safe_text(text, keep="\t\n")


def shorten(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters and a count of the rest: a 5,000-digit value is not echoed."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
