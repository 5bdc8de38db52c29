"""The last guard between the screens and the terminal: no control character is drawn.

Textual writes a widget's text as it is, so an ``ESC`` in a label reaches the
terminal and starts an escape sequence there (a window title, OSC 52 to the
clipboard). The texts the screens show are escaped where they are made
(``ui.texts``, ``core.safe_text``); this filter catches whatever a screen shows
without going through them (a log row, a file name in a toast, an error).

It removes control characters from the *text* of each segment, never from
Textual's own control segments (cursor moves). Removing is what keeps the layout
right: Textual measured a control character as zero cells wide, and so is nothing.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")


class ControlCharacters(LineFilter):
    """Drops C0, DEL and C1 characters from every line a widget draws."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(
            segment.control is None and _CONTROL_RE.search(segment.text) for segment in segments
        ):
            return segments  # the usual case: the same list, nothing copied
        return [
            segment
            if segment.control is not None
            else Segment(_CONTROL_RE.sub("", segment.text), segment.style)
            for segment in segments
        ]
