"""The big clock: digits as large as the window allows, PAUSED across them when paused.

Sizes, largest first: the block font at scale 3, 2 and 1 (see ``font``), then
Textual's 3-row Digits font, then one line of bold text. The size is chosen at
render time from the widget's own size, so a resize simply redraws.
"""

from __future__ import annotations

from typing import ClassVar

from rich.align import Align
from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget

from timer_tui.widgets.font import (
    BLOCK_SCALES,
    ClockSize,
    block_height,
    block_width,
    centre_block,
    fit_clock,
    overlay,
    render_block,
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
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[str, bool, bool] = ("", False, False)

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
        self._shown = shown
        self.refresh()
        return True

    def render(self) -> RenderableType:
        text, paused, flash = self._shown
        width, height = self.content_size.width, self.content_size.height
        size = fit_clock(text, width, height)
        base = Style(dim=paused, reverse=flash)
        scale = size.scale
        if scale is not None:
            rows = render_block(text, scale)
            if paused:
                return self._paused_over(rows, width, height, base)
            return self._centred(rows, width, height, base)
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

    def _paused_over(self, rows: list[str], width: int, height: int, dim: Style) -> Text:
        word_scale = next(
            (
                s
                for s in BLOCK_SCALES
                if block_width(PAUSED_WORD, s) <= width and block_height(s) <= height
            ),
            None,
        )
        # Too narrow for PAUSED in blocks: the word in letters across the middle.
        word = render_block(PAUSED_WORD, word_scale) if word_scale else [f" {PAUSED_WORD} "]
        bright = self.get_component_rich_style("bigclock--paused")
        laid = overlay(rows, word, width)
        pad = max(0, (height - len(laid)) // 2)
        out = Text("\n" * pad, end="")
        for i, (row, mask) in enumerate(laid):
            if i:
                out.append("\n")
            for ch, top in zip(row, mask, strict=True):
                out.append(ch, style=bright if top else dim)
        return out
