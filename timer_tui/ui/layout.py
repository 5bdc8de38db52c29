"""Which parts of the countdown screen a window of a given size has room for.

Pure: the screen adds these as CSS classes on resize and ``app.tcss`` hides parts
accordingly, so no size ever overflows or garbles, down to a single line.
"""

from __future__ import annotations

from timer_tui.ui.widgets.font import fit_clock

WIDE_MIN_WIDTH = 96
WIDE_MIN_HEIGHT = 20
SHORT_BELOW_HEIGHT = 18
TINY_BELOW_HEIGHT = 9
TINY_BELOW_WIDTH = 34
NO_FOOTER_BELOW_HEIGHT = 4

SIDE_WIDTH = 34
"""The side panel's columns (``#side`` in ``app.tcss``: border and padding included)."""
MAIN_PADDING = 2
ROWS_AROUND_CLOCK = 9
"""Top bar, phase band, the line under the clock, two bars, Next (and its margin),
the note and the footer: the rows the clock does not get."""

LAYOUT_CLASSES = ("-wide", "-short", "-tiny", "-no-footer")


def side_panel_fits(width: int, height: int, clock_text: str) -> bool:
    """Whether the side panel leaves the clock at the size it has without it (the
    digits are never made smaller by a side panel)."""
    if width < WIDE_MIN_WIDTH or height < WIDE_MIN_HEIGHT:
        return False
    rows = height - ROWS_AROUND_CLOCK
    alone = fit_clock(clock_text or "00:00", width - MAIN_PADDING, rows)
    beside = fit_clock(clock_text or "00:00", width - MAIN_PADDING - SIDE_WIDTH, rows)
    return alone == beside


def countdown_layout(width: int, height: int, clock_text: str = "") -> frozenset[str]:
    """CSS classes for a ``width`` x ``height`` screen showing ``clock_text``.

    ``-wide``: room for what comes next beside the clock, at no cost to its size.
    ``-short``: no room for the note; ``-tiny``: one line of text instead of
    everything; ``-no-footer``: not even the key hints.
    """
    classes: set[str] = set()
    if side_panel_fits(width, height, clock_text):
        classes.add("-wide")
    if height < SHORT_BELOW_HEIGHT:
        classes.add("-short")
    if height < TINY_BELOW_HEIGHT or width < TINY_BELOW_WIDTH:
        classes.add("-tiny")
    if height < NO_FOOTER_BELOW_HEIGHT:
        classes.add("-no-footer")
    return frozenset(classes)
