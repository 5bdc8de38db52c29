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

CONTROL_ROWS = 3
"""The buttons' rows (``widgets/controls.py``: a Textual button is three rows tall)."""
PORTRAIT_CONTROL_ROWS = 6
"""Held upright, the buttons are five rows tall, with a blank row under them."""
PORTRAIT_PHASE_ROWS = 2
"""Held upright, the phase band is three rows tall: two more than elsewhere."""
PORTRAIT_MIN_HEIGHT = 30
"""A window this tall and taller than about 4:3 upright is held like a phone (45x50)."""

LAYOUT_CLASSES = ("-wide", "-short", "-tiny", "-no-footer", "-controls", "-portrait")


def side_panel_fits(width: int, height: int, clock_text: str) -> bool:
    """Whether the side panel leaves the clock at the size it has without it (the
    digits are never made smaller by a side panel)."""
    if width < WIDE_MIN_WIDTH or height < WIDE_MIN_HEIGHT:
        return False
    rows = height - ROWS_AROUND_CLOCK
    alone = fit_clock(clock_text or "00:00", width - MAIN_PADDING, rows)
    beside = fit_clock(clock_text or "00:00", width - MAIN_PADDING - SIDE_WIDTH, rows)
    return alone == beside


def is_portrait(width: int, height: int) -> bool:
    """Held upright, like a phone (45x50): rows to spare, columns scarce."""
    return height >= PORTRAIT_MIN_HEIGHT and 4 * height >= 3 * width


def controls_fit(width: int, height: int, clock_text: str, *, served: bool) -> bool:
    """Whether the countdown shows its buttons (``widgets/controls.py``).

    Served to a browser: always (but where the countdown is one line of text),
    since a phone has no keys and the footer's hints are no finger's target. In a terminal: only in a
    window held upright, and only where they cost the clock nothing: a landscape
    terminal has a keyboard, and its footer's keys can be clicked already.
    """
    if height < TINY_BELOW_HEIGHT or width < TINY_BELOW_WIDTH:
        return False
    if served:
        return True
    if not is_portrait(width, height):
        return False
    rows = height - ROWS_AROUND_CLOCK - PORTRAIT_PHASE_ROWS
    text = clock_text or "00:00"
    return fit_clock(text, width - MAIN_PADDING, rows) == fit_clock(
        text, width - MAIN_PADDING, rows - PORTRAIT_CONTROL_ROWS
    )


def countdown_layout(
    width: int, height: int, clock_text: str = "", *, served: bool = False
) -> frozenset[str]:
    """CSS classes for a ``width`` x ``height`` screen showing ``clock_text``.

    ``-wide``: room for what comes next beside the clock, at no cost to its size.
    ``-short``: no room for the note; ``-tiny``: one line of text instead of
    everything; ``-no-footer``: not even the key hints. ``-controls``: buttons
    (``controls_fit``); ``-portrait``: a window held upright, like a phone.
    """
    classes: set[str] = set()
    if controls_fit(width, height, clock_text, served=served):
        classes.add("-controls")
    if is_portrait(width, height):
        classes.add("-portrait")
    if side_panel_fits(width, height, clock_text):
        classes.add("-wide")
    if height < SHORT_BELOW_HEIGHT:
        classes.add("-short")
    if height < TINY_BELOW_HEIGHT or width < TINY_BELOW_WIDTH:
        classes.add("-tiny")
    if height < NO_FOOTER_BELOW_HEIGHT:
        classes.add("-no-footer")
    return frozenset(classes)
