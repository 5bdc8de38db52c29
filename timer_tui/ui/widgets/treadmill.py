"""The treadmill readout under the big clock: the belt's speed and incline, read from the belt.

A runner glances between the clock and the treadmill's console, so the figures are
drawn three rows tall (the bold box-drawing digits of Textual's ``Digits``, with
a point added) wherever that costs the clock none of its size,
else on one bold line. The figures are the console's own: "9.5" beside "km/h",
"6:00" beside "/km", "1%"; the speed is in the unit of the config's
``[treadmill] units``, else as the session wrote it (``core.treadmill``).

``readout_rows`` is pure: after each layout the countdown asks it which of the two
sizes fits the room its clock really has, with the side panel's arithmetic
(``ui/layout``): the readout never makes the digits smaller.
"""

from __future__ import annotations

from rich.text import Text
from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD
from textual.widget import Widget

from timer_tui.core.timeline import TimelineStep
from timer_tui.core.treadmill import SpeedUnit, format_incline, speed_number, unit_label
from timer_tui.ui.widgets.bigclock import BigClock
from timer_tui.ui.widgets.font import fit_clock

BIG_ROWS = 3
LINE_ROWS = 1

_EXTRA_GLYPHS: dict[str, tuple[str, str, str]] = {
    ".": (" ", " ", "▪"),
    " ": (" ", " ", " "),
}


def _glyph(char: str) -> tuple[str, str, str]:
    if char in _EXTRA_GLYPHS:
        return _EXTRA_GLYPHS[char]
    i = DIGITS.index(char)
    rows = DIGITS3X3_BOLD[i * 3 : i * 3 + 3]
    width = max(len(r) for r in rows)
    return (rows[0].ljust(width), rows[1].ljust(width), rows[2].ljust(width))


def can_draw_big(text: str) -> bool:
    return all(c in _EXTRA_GLYPHS or c in DIGITS for c in text)


def big_rows(text: str) -> list[str]:
    """``text`` in three rows: "9.5" -> the box-drawing digits, a point on the last row."""
    glyphs = [_glyph(c) for c in text]
    return ["".join(g[r] for g in glyphs) for r in range(BIG_ROWS)]


def readout_rows(clock_text: str, width: int, rows: int) -> int:
    """Three rows when the clock keeps its size with them, else one.

    ``width`` x ``rows`` is the clock's area when this readout takes one line: the
    same test as the side panel's (``ui/layout``), on the sizes the screen really
    gave, so the buttons, a taller phase band or a hidden note are all counted.
    """
    text = clock_text or "00:00"
    spare = BIG_ROWS - LINE_ROWS
    return BIG_ROWS if fit_clock(text, width, rows - spare) == fit_clock(text, width, rows) else 1


def readout_line(step: TimelineStep | None) -> str:
    """The one-line form: "9.5 km/h · incline 1%"; a step with neither: "no speed set"."""
    if step is None or not step.treadmill_text:
        return "no speed set"
    speed, incline = step.speed_text, step.incline_text
    if speed and incline:
        return f"{speed} · incline {incline}"
    return speed or f"incline {incline}"


class TreadmillReadout(Widget):
    """Speed and incline of the step running now; hidden in a session without any."""

    DEFAULT_CSS = """
    TreadmillReadout {
        width: 1fr;
        height: 1;
        text-style: bold;
        content-align: center middle;
    }
    TreadmillReadout.-big { height: 3; }
    TreadmillReadout.-none { color: $text-muted; text-style: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[float | None, SpeedUnit | None, float | None] | None = None
        self._step: TimelineStep | None = None

    def show_step(self, step: TimelineStep | None) -> bool:
        """Show ``step``'s speed and incline; repaints only when they differ from the last."""
        key = (
            (None, None, None)
            if step is None
            else (step.speed_kmh, step.speed_unit, step.incline_pct)
        )
        if key == self._shown:
            return False
        self._shown, self._step = key, step
        self.set_class(key == (None, None, None), "-none")
        self.refresh()
        return True

    def fit_under(self, clock: BigClock) -> None:
        """Three rows tall or one, from the room the clock above has now (after a layout:
        the screen calls this once its sizes are known)."""
        if not self.display or not self.is_mounted:
            return
        own = self.outer_size.height - LINE_ROWS
        rows = readout_rows(clock.text, clock.content_size.width, clock.content_size.height + own)
        self.set_class(rows == BIG_ROWS, "-big")

    def render(self) -> Text:
        step = self._step
        line = readout_line(step)
        width = self.content_size.width
        if not self.has_class("-big") or step is None or not step.treadmill_text:
            return Text(line)
        parts: list[tuple[str, str]] = []  # (big figure, small label)
        if step.speed_kmh is not None:
            unit = step.speed_unit or SpeedUnit.KMH
            parts.append((speed_number(step.speed_kmh, unit), unit_label(unit)))
        if step.incline_pct is not None:
            parts.append((format_incline(step.incline_pct).rstrip("%"), "% incline"))
        if not all(can_draw_big(figure) for figure, _ in parts):
            return Text(line)
        rows = ["", "", ""]
        for n, (figure, label) in enumerate(parts):
            drawn = big_rows(figure)
            gap = "     " if n else ""
            for r in range(BIG_ROWS):
                space = "" if label.startswith("%") else " "
                tail = f"{space}{label}" if r == BIG_ROWS - 1 else " " * (len(label) + len(space))
                rows[r] += gap + drawn[r] + tail
        if max(len(r) for r in rows) > width:
            return Text(line)
        return Text("\n".join(rows))
