"""A one-line progress bar with its caption: ``▓▓▓▓░░░░  3:00 run · 1:24 to go``.

Textual's ProgressBar animates and keeps its own clock; this one is drawn from
the engine's fraction only, and repaints only when a cell or the caption changes.
Bar and caption are in the widget's CSS ``color`` (the countdown gives it the
step's kind colour).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from timer_tui.ui.texts import bar

CAPTION_GAP = 2


class ProgressLine(Widget):
    DEFAULT_CSS = """
    ProgressLine {
        width: 1fr;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._caption = ""
        self._drawn: tuple[int, int, str] | None = None
        self._strip: tuple[object, Strip] | None = None

    def _bar_width(self, width: int, caption: str) -> int:
        room = width - len(caption) - CAPTION_GAP
        return room if room >= 8 else width

    def set(self, fraction: float, caption: str) -> bool:
        """Update; repaints only if the drawn cells would differ. Returns whether it did."""
        self._fraction, self._caption = fraction, caption
        width = self.content_size.width
        cells = self._bar_width(width, caption)
        drawn = (width, round(max(0.0, min(1.0, fraction)) * cells), caption)
        if drawn == self._drawn:
            return False
        self._drawn = drawn
        self.refresh()
        return True

    def on_resize(self) -> None:
        self._drawn = None
        self.set(self._fraction, self._caption)

    def render_line(self, y: int) -> Strip:
        """The usual look drawn straight to one strip (no rich Text each second)."""
        if y != 0 or self.styles.text_opacity != 1:
            return super().render_line(y)
        width = self.content_size.width
        cells = self._bar_width(width, self._caption)
        visual = self.visual_style
        key = (width, cells, self._fraction, self._caption, visual)
        if self._strip is None or self._strip[0] != key:
            style = visual.rich_style
            text = bar(self._fraction, cells)
            if cells < width:
                text += " " * CAPTION_GAP + self._caption
            self._strip = (key, Strip([Segment(text, style)]).adjust_cell_length(width, style))
        return self._strip[1]

    def render(self) -> Text:
        width = self.content_size.width
        cells = self._bar_width(width, self._caption)
        line = Text(bar(self._fraction, cells))
        if cells < width:
            line.append(" " * CAPTION_GAP + self._caption)
        return line
