"""Which parts of the countdown screen a window of a given size has room for.

Pure: the screen adds these as CSS classes on resize and ``app.tcss`` hides parts
accordingly, so no size ever overflows or garbles, down to a single line.
"""

from __future__ import annotations

WIDE_MIN_WIDTH = 96
WIDE_MIN_HEIGHT = 20
SHORT_BELOW_HEIGHT = 18
TINY_BELOW_HEIGHT = 9
TINY_BELOW_WIDTH = 34
NO_FOOTER_BELOW_HEIGHT = 4

LAYOUT_CLASSES = ("-wide", "-short", "-tiny", "-no-footer")


def countdown_layout(width: int, height: int) -> frozenset[str]:
    """CSS classes for a ``width`` x ``height`` screen.

    ``-wide``: room for the list of completed steps beside the clock.
    ``-short``: no room for the note; ``-tiny``: one line of text instead of
    everything; ``-no-footer``: not even the key hints.
    """
    classes: set[str] = set()
    if width >= WIDE_MIN_WIDTH and height >= WIDE_MIN_HEIGHT:
        classes.add("-wide")
    if height < SHORT_BELOW_HEIGHT:
        classes.add("-short")
    if height < TINY_BELOW_HEIGHT or width < TINY_BELOW_WIDTH:
        classes.add("-tiny")
    if height < NO_FOOTER_BELOW_HEIGHT:
        classes.add("-no-footer")
    return frozenset(classes)
