"""A block-pixel font for the big clock, and the choice of size that fits a window.

Pure: no Textual here, so the arithmetic of "which size fits" is tested without a
screen. Each glyph is a 3x5 grid of pixels (the colon 1x5); at scale ``s`` a
pixel is ``2s`` cells wide and ``s`` rows tall, because a terminal cell is about
twice as tall as it is wide: the digits come out with square pixels.

Where columns are scarce and rows are not (a phone held upright, 45x50), square
pixels leave the digits small in an empty screen: there the pixels may be up to
half as tall again as they are wide (``ClockSize.pixel``), which reads as taller
digits, never as squeezed ones.
"""

from __future__ import annotations

from enum import Enum

_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "A": ("###", "#.#", "###", "#.#", "#.#"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "P": ("###", "#.#", "###", "#..", "#.."),
    "S": ("###", "#..", "###", "..#", "###"),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
}
GLYPH_ROWS = 5
FULL = "█"


class ClockSize(str, Enum):
    """How the big clock is drawn, from the largest to a single line of text."""

    BLOCK3 = "block3"
    BLOCK5X3 = "block5x3"  # a pixel 5 cells wide and 3 rows tall
    BLOCK4X3 = "block4x3"
    BLOCK2 = "block2"
    BLOCK3X2 = "block3x2"
    BLOCK1 = "block1"
    DIGITS = "digits"  # Textual's 3-row Digits font
    LINE = "line"  # one line of bold text

    @property
    def scale(self) -> int | None:
        """The square sizes' scale (a pixel ``2 * scale`` cells by ``scale`` rows)."""
        return {"block3": 3, "block2": 2, "block1": 1}.get(self.value)

    @property
    def pixel(self) -> tuple[int, int] | None:
        """A block pixel's (cells wide, rows tall); None for Digits and the line."""
        return _PIXELS.get(self.value)


_PIXELS: dict[str, tuple[int, int]] = {
    "block3": (6, 3),
    "block5x3": (5, 3),
    "block4x3": (4, 3),
    "block2": (4, 2),
    "block3x2": (3, 2),
    "block1": (2, 1),
}
BLOCK_SIZES = tuple(ClockSize(name) for name in _PIXELS)
"""The block sizes, largest pixel first; none more than half as tall again as square."""


def can_draw(text: str) -> bool:
    return all(c in _GLYPHS for c in text.upper())


def block_width(text: str, scale: int) -> int:
    """Cells needed for ``text`` at ``scale``: glyphs plus a one-pixel gap between them."""
    return pixels_wide(text) * 2 * scale


def block_height(scale: int) -> int:
    return GLYPH_ROWS * scale


def pixels_wide(text: str) -> int:
    """``text``'s width in pixels: glyphs and a one-pixel gap between them."""
    if not text:
        return 0
    return sum(len(_GLYPHS[c][0]) for c in text.upper()) + len(text) - 1


_TEXTUAL_DIGITS = " 0123456789+-^x:ABCDEF$£€()"


def digits_width(text: str) -> int:
    """Width in Textual's Digits font (mirrors ``textual.renderables.digits``)."""
    return sum(3 if c in _TEXTUAL_DIGITS else 1 for c in text)


def fit_clock(text: str, width: int, height: int) -> ClockSize:
    """The largest size in which ``text`` fits a ``width`` x ``height`` area."""
    if can_draw(text):
        wide = pixels_wide(text)
        for size in BLOCK_SIZES:
            cells, rows = _PIXELS[size.value]
            if wide * cells <= width and GLYPH_ROWS * rows <= height:
                return size
    if digits_width(text) <= width and height >= 3:
        return ClockSize.DIGITS
    return ClockSize.LINE


def render_block(text: str, scale: int, pixel: str = FULL) -> list[str]:
    """The rows of ``text`` drawn with ``pixel`` at ``scale``; blanks are spaces."""
    return render_pixels(text, (2 * scale, scale), pixel)


def render_pixels(text: str, size: tuple[int, int], pixel: str = FULL) -> list[str]:
    """The rows of ``text`` with each pixel ``size`` = (cells wide, rows tall)."""
    cells, tall = size
    text = text.upper()
    gap = " " * cells
    rows: list[str] = []
    for r in range(GLYPH_ROWS):
        parts = ["".join((pixel if p == "#" else " ") * cells for p in _GLYPHS[c][r]) for c in text]
        rows.extend([gap.join(parts)] * tall)
    return rows


def overlay(
    base: list[str], top: list[str], width: int, margin: int = 1
) -> list[tuple[str, list[bool]]]:
    """``top`` centred over ``base`` in a ``width``-cell area.

    Returns each row with a mask of which cells come from ``top`` (drawn bright)
    rather than ``base`` (drawn dim). The rows ``top`` covers, and ``margin``
    rows around them, are cleared of ``base``: a band through the frozen digits,
    so PAUSED never merges with them.
    """
    height = max(len(base), len(top))
    base_rows = centre_block(base, width, height)
    top_rows = centre_block(top, width, height)
    first = (height - len(top)) // 2
    band = range(first - margin, first + len(top) + margin) if top else range(0)
    out: list[tuple[str, list[bool]]] = []
    for i, (b, t) in enumerate(zip(base_rows, top_rows, strict=True)):
        if i in band:
            b = " " * width
        mask = [ch != " " for ch in t]
        row = "".join(tc if m else bc for bc, tc, m in zip(b, t, mask, strict=True))
        out.append((row, mask))
    return out


def centre_block(rows: list[str], width: int, height: int) -> list[str]:
    """``rows`` centred in a ``width`` x ``height`` area (cut to it if larger)."""
    top_pad = (height - len(rows)) // 2
    padded = [""] * top_pad + rows + [""] * (height - len(rows) - top_pad)
    block_w = max((len(r) for r in rows), default=0)
    left = max(0, (width - block_w) // 2)
    return [(" " * left + r.ljust(block_w)).ljust(width)[:width] for r in padded]
