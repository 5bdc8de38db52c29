"""The big clock: digits as large as the window allows; paused, they stay whole and
dimmed under a PAUSED line (issue 12: PAUSED in blocks across them hid the time).

Sizes, largest first: the block font in six pixel sizes (see ``font``; upright
windows get taller pixels), then Textual's 3-row Digits font, then one line of
bold text. The size is chosen at
render time from the widget's own size, so a resize simply redraws.

The running clock (block digits, not paused) is drawn line by line from plain
strings, skipping the conversion of a rich Text every second, and a new time
repaints only the columns whose digits changed: one digit, most seconds.
"""

from __future__ import annotations

from typing import ClassVar

from rich.align import Align
from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widget import Widget

from timer_tui.ui.widgets.font import (
    GLYPH_ROWS,
    ClockSize,
    centre_block,
    fit_clock,
    render_pixels,
)

PAUSED_WORD = "PAUSED"


class BigClock(Widget):
    """Shows one short string (``"1:24"``, ``"15"``) in the largest size that fits."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"bigclock--paused"}
    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        min-height: 1;
    }
    BigClock > .bigclock--paused {
        text-style: bold reverse;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[str, bool, bool] = ("", False, False)
        self._rows: tuple[tuple[str, bool, int, int], list[str] | None] | None = None
        self._fast: tuple[object, list[Strip]] | None = None
        """The running clock drawn line by line: what it shows, and its strips."""

    @property
    def text(self) -> str:
        return self._shown[0]

    @property
    def clock_size(self) -> ClockSize:
        """The size the current text is drawn at, given the widget's current size."""
        return fit_clock(self.text, self.content_size.width, self.content_size.height)

    def show(self, text: str, *, paused: bool = False, flash: bool = False) -> bool:
        """Show ``text``; repaints only if something changed. Returns whether it did."""
        shown = (text, paused, flash)
        if shown == self._shown:
            return False
        old = self._fast_rows()
        same_flash = self._shown[2] == flash
        self._shown = shown
        new = self._fast_rows()
        if same_flash and old is not None and new is not None and len(old) == len(new):
            changed = _changed_columns(old, new)
            if changed is not None:
                x, width = changed
                self.refresh(Region(x, 0, width, len(new)))
            return True
        self.refresh()
        return True

    def _fast_rows(self) -> list[str] | None:
        """The full-size rows of the running clock in block digits; None for any other look."""
        text, paused, _flash = self._shown
        width, height = self.content_size.width, self.content_size.height
        key = (text, paused, width, height)
        if self._rows is not None and self._rows[0] == key:
            return self._rows[1]
        rows = None
        pixel = fit_clock(text, width, height).pixel if text and not paused else None
        if pixel is not None:
            rows = centre_block(
                render_pixels(text, pixel), width, max(height, GLYPH_ROWS * pixel[1])
            )
        self._rows = (key, rows)
        return rows

    def render_line(self, y: int) -> Strip:
        rows = self._fast_rows()
        if rows is None:
            self._fast = None
            return super().render_line(y)
        flash = self._shown[2]
        visual = self.visual_style
        key = (rows, flash, visual)
        if self._fast is None or self._fast[0] != key:
            style = visual.rich_style + Style(dim=False, reverse=flash)
            made: dict[str, Strip] = {}
            strips = []
            for row in rows:
                if row not in made:
                    made[row] = Strip([Segment(row, style)], len(row))
                strips.append(made[row])
            self._fast = (key, strips)
        strips = self._fast[1]
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def render(self) -> RenderableType:
        text, paused, flash = self._shown
        width, height = self.content_size.width, self.content_size.height
        size = fit_clock(text, width, height)
        base = Style(dim=paused, reverse=flash)
        pixel = size.pixel
        if pixel is not None and paused and fit_clock(text, width, height - 1) == size:
            return self._paused_block(text, width, height, base)
        # No spare row for PAUSED: the digits keep their size, the phase band says it.
        if pixel is not None:
            return self._centred(render_pixels(text, pixel), width, height, base)
        if size is ClockSize.DIGITS:
            digits = Align.center(DigitsRenderable(text, self.rich_style + base))
            above = max(0, (height - 3) // 2)
            if paused and above:
                # No room for PAUSED in blocks: a bold word just above the dimmed digits.
                word = self.get_component_rich_style("bigclock--paused")
                head = Text("\n" * (above - 1) + PAUSED_WORD.center(width), style=word)
                return Group(head, digits)
            return Group(Text("\n" * (above - 1)), digits) if above else digits
        line = f"{PAUSED_WORD} {text}" if paused else text
        return Text(line.center(width), style=Style(bold=True, reverse=flash))

    def _centred(self, rows: list[str], width: int, height: int, style: Style) -> Text:
        return Text("\n".join(centre_block(rows, width, max(height, len(rows)))), style=style)

    def _paused_block(self, text: str, width: int, height: int, dim: Style) -> Text:
        """PAUSED on its own line above the dimmed digits, a blank row between when
        there is room; the digits keep their size unless the window has no spare row."""
        pixel = fit_clock(text, width, height - 1).pixel
        assert pixel is not None
        rows = render_pixels(text, pixel)
        gap = 1 if len(rows) + 2 <= height else 0
        block = len(rows) + 1 + gap
        pad = max(0, (height - block) // 2)
        left = max(0, (width - max(len(r) for r in rows)) // 2)
        word = self.get_component_rich_style("bigclock--paused")
        out = Text("\n" * pad, end="")
        label = f" {PAUSED_WORD} "
        out.append(" " * max(0, (width - len(label)) // 2))
        out.append(label, style=word)
        out.append("\n" * (1 + gap))
        out.append("\n".join((" " * left + row).rstrip() for row in rows), style=dim)
        return out


def _changed_columns(old: list[str], new: list[str]) -> tuple[int, int] | None:
    """The span of columns (start, width) where two equally tall drawings differ."""
    first, last = None, -1
    for a, b in zip(old, new, strict=True):
        if a == b:
            continue
        if len(a) != len(b):
            return 0, max(len(a), len(b))
        cols = [i for i, (p, q) in enumerate(zip(a, b, strict=True)) if p != q]
        first = cols[0] if first is None else min(first, cols[0])
        last = max(last, cols[-1])
    return None if first is None else (first, last - first + 1)
