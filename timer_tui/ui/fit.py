"""Cutting text to a width at a word, with an ellipsis: pure, no Textual.

Textual's ``text-overflow: ellipsis`` cuts anywhere ("…this week is about ti…");
a note, a session's name or the next step read better cut after a whole word.
"""

from __future__ import annotations

ELLIPSIS = "…"
MIN_WORD_CUT = 0.5
"""Cut inside a word only when the last space is in the first half: a single long
word is still shown in part rather than not at all."""


def cut_words(text: str, width: int) -> str:
    """``text`` if it fits ``width`` cells, else its longest start that ends a word,
    with an ellipsis, within ``width``."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    if width == 1:
        return ELLIPSIS
    room = text[: width - 1]
    if text[width - 1] == " ":  # the cut falls just after a whole word
        return room.rstrip() + ELLIPSIS
    space = room.rfind(" ")
    if space >= int(width * MIN_WORD_CUT):
        room = room[:space]
    return room.rstrip(" ,·;:-") + ELLIPSIS


def wrap_words(text: str, width: int, lines: int) -> list[str]:
    """``text`` wrapped at words into at most ``lines`` lines of ``width``; the last
    line cut at a word with an ellipsis when it does not all fit."""
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < lines:
        if len(out) == lines - 1 or len(rest) <= width:
            out.append(cut_words(rest, width))
            break
        space = rest.rfind(" ", 0, width + 1)
        if space <= 0:
            space = width
        out.append(rest[:space].rstrip())
        rest = rest[space:].strip()
    return out
