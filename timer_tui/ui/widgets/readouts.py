"""The countdown's lines of text: each keeps the string it shows and repaints only
when a new one differs (most wakes change two or three of them, and an update
that changes nothing still costs a repaint).

``Readout`` is a ``Static`` (the phase band, the done list, the tiny line);
``LabelReadout`` a ``Label``, one line that the screen's CSS cuts with an
ellipsis. Session files are text, not markup: a note with [brackets] shows as
written.
"""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Label, Static

from timer_tui.core.engine import EngineState
from timer_tui.ui import texts
from timer_tui.ui.fit import cut_words


class _Updatable(Protocol):
    shown: str
    relayout: bool

    def update(self, content: VisualType = "", *, layout: bool = True) -> None: ...


class ShowsText:
    """``show(text)``: update only when the text changed.

    ``relayout``: the text's width may change the layout (the position label,
    whose width is its text's); every other readout has a fixed size, so an
    update repaints it alone, with no reflow of the screen.
    """

    def show(self: _Updatable, text: str) -> bool:
        """Show ``text``; returns whether it changed (and so repainted)."""
        if text == self.shown:
            return False
        self.shown = text
        self.update(text, layout=self.relayout)
        return True


class Readout(Static, ShowsText):
    """A readout drawn as a ``Static``."""

    def __init__(self, *, id: str, relayout: bool = False) -> None:
        super().__init__("", id=id, markup=False)
        self.shown = ""
        self.relayout = relayout


class LabelReadout(Label, ShowsText):
    """A one-line readout: a ``Label`` for the screen's CSS (cut with an ellipsis).

    Textual's CSS follows only the first base class, so this is a ``Label``
    first and shares ``show`` through the mixin.
    """

    def __init__(self, *, id: str, relayout: bool = False) -> None:
        super().__init__("", id=id, markup=False)
        self.shown = ""
        self.relayout = relayout


class WordCutReadout(LabelReadout):
    """A one-line readout cut at a word with an ellipsis, at whatever width it has now
    (the note, the Next line): CSS's ellipsis cuts mid-word. Cut when drawn, so a
    resize recuts it."""

    def render(self) -> Text:
        return Text(cut_words(self.shown, self.content_size.width), end="")


class WordCutLines(Readout):
    """Lines (the side panel's lists), each cut at a word to the width it has now."""

    def render(self) -> Text:
        width = self.content_size.width
        return Text("\n".join(cut_words(line, width) for line in self.shown.splitlines()), end="")


class PhaseBand(Readout):
    """The band across the screen: the kind in words, the step's name, PAUSED.

    Its colours are the kind's, from the screen's ``-kind-<kind>`` class (CSS).
    """

    def show_state(self, state: EngineState) -> bool:
        return self.show(texts.phase_text(state))


class DoneList(WordCutLines):
    """The steps done so far, newest first, at most ``limit`` of them."""

    def __init__(self, *, id: str, limit: int) -> None:
        super().__init__(id=id)
        self.limit = limit

    def show_lines(self, lines: list[str]) -> bool:
        return self.show("\n".join(reversed(lines[-self.limit :])))
