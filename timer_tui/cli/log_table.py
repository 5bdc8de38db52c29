"""`timer-tui log`'s table, written a line at a time: the text Rich's ``Table`` printed.

The table was a Rich ``Table`` (``box.SIMPLE_HEAD``, a title, a bold header, each
outcome in its colour, a session's loads dim under its name). Rich measures and
renders every cell through its console, about 1 ms a row: 10 of the 12 s a log of
10,000 sessions took. Here the same layout is worked out once and each row is
written as a line of text:

- the columns that fit the console (``fitted``): Rich's layout squeezed a session's
  name to a word a line at 80 columns, so a narrow table leaves its less important
  columns out first;
- column widths as Rich's ``Table`` works them out (each cell's longest word and
  longest line, padding, the Outcome column's minimum width; when the table is
  wider than the console, the wrappable columns shrink first, widest first, then
  all of them evenly), in ``column_widths``;
- a cell that fits its column is padded and written; one that must wrap or be cut
  (or holds a tab, or text that is not ASCII) is laid out by Rich's own
  ``Text.wrap``, once per distinct text and width (a log repeats its names);
- written to a pipe or a file the lines are plain text, and Rich is not imported
  at all; on a terminal each styled piece gets the escape codes Rich's console
  gives that style, and the last line goes through the console as before.

``tests/unit/test_log_table.py`` holds the output byte for byte equal to the Rich
table's of the columns kept, for generated logs at many widths, on a pipe and on a
terminal; ``tests/unit/test_log_fit.py`` what is kept.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

PADDING = 2
"""One space either side of every cell (Rich's default ``padding=(0, 1)``)."""
TITLE = "Completion log"

Piece = tuple[str, str | None]
"""Some text and the name of its style (None: unstyled)."""
Line = tuple[Piece, ...]
Cell = tuple[Piece, ...]
"""A cell's lines as Rich's markup had them (a name, then its loads, dim)."""


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    right: bool = False
    no_wrap: bool = False
    min_width: int | None = None


COLUMNS = (
    Column("Started", no_wrap=True),
    Column("Session"),
    Column("Program"),
    Column("Outcome", min_width=9),  # "completed" whole, beside a distance
    Column("Active", right=True, no_wrap=True),
    Column("Planned", right=True, no_wrap=True),
)
DISTANCE = Column("Dist.", right=True, no_wrap=True)


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes, as Rich measures it (East Asian wide characters 2,
    a tab and other control characters 0: Rich measures a cell before its tabs are
    expanded)."""
    if text.isprintable() and max(text, default=" ") < "\u0100":
        return len(text)  # ASCII and Latin-1 ("·" in log's last line): a cell each, as Rich
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


# -- widths (Rich's Table._calculate_column_widths) ---------------------------------------
def _normalize(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, max(low, high))


def text_measure(cell: Cell) -> tuple[int, int]:
    """A cell's longest word and longest line (``Text.__rich_measure__``)."""
    if len(cell) == 1 and cell[0][0].isascii() and cell[0][0].isprintable():
        # One line of plain ASCII (no tab, no line break): its length, its longest word.
        text = cell[0][0]
        return max(map(len, text.split()), default=len(text)), len(text)
    plain = "\n".join(text for text, _ in cell)
    high = max((cell_len(line) for line in plain.splitlines()), default=0)
    low = max((cell_len(word) for word in plain.split()), default=high)
    return low, high


def _padded_measure(measure: tuple[int, int], width: int) -> tuple[int, int]:
    """A padded cell's (minimum, maximum) within ``width``: ``Measurement.get`` of a
    ``Padding`` around the cell's text, with its clamps."""
    if width < 1:
        return 0, 0
    if width - PADDING < 1:
        low, high = width, width
    else:
        low, high = _normalize(*measure)
        low, high = min(low, width), min(high, width)
        if high < 1:
            low, high = 0, 0
        low, high = _normalize(low, high)
        low, high = min(low + PADDING, width), min(high + PADDING, width)
    low, high = _normalize(low, high)
    low, high = min(low, width), min(high, width)
    if high < 1:
        return 0, 0
    return _normalize(low, high)


def _column_measure(column: Column, measures: set[tuple[int, int]], width: int) -> tuple[int, int]:
    """A column's range from its cells' measures (each distinct one once: a log
    repeats its names, programs and outcomes)."""
    if width < 1:
        return 0, 0
    measured = [_padded_measure(m, width) for m in measures]
    low = max((m[0] for m in measured), default=1)
    high = max((m[1] for m in measured), default=width)
    low, high = min(low, width), min(high, width)
    if column.min_width is not None:
        least = max(0, column.min_width + PADDING)
        low, high = max(low, least), max(high, least)
    return low, high


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result: list[int] = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(most, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, wrap in zip(widths, wrapable, strict=True) if wrap)
            second = max(
                w if wrap and w != widest else 0 for w, wrap in zip(widths, wrapable, strict=True)
            )
            difference = widest - second
            ratios = [
                1 if w == widest and wrap else 0 for w, wrap in zip(widths, wrapable, strict=True)
            ]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def column_widths(
    columns: Sequence[Column], cells: Sequence[Sequence[Cell]], max_width: int
) -> list[int]:
    """Each column's width with its padding, as Rich's ``Table`` works it out for
    ``max_width`` columns (the console's width less the table's edges and dividers).
    ``cells[c]`` holds column ``c``'s header and then every row's cell."""
    return measured_widths(columns, column_measures(cells), max_width)


def column_measures(cells: Sequence[Iterable[Cell]]) -> list[set[tuple[int, int]]]:
    """Each column's distinct cell measures (``text_measure``), its cells measured once."""
    known: dict[Cell, tuple[int, int]] = {}
    measures: list[set[tuple[int, int]]] = []
    for column_cells in cells:
        found = set()
        for cell in column_cells:
            measure = known.get(cell)
            if measure is None:
                measure = known[cell] = text_measure(cell)
            found.add(measure)
        measures.append(found)
    return measures


def measured_widths(
    columns: Sequence[Column], measures: Sequence[set[tuple[int, int]]], max_width: int
) -> list[int]:
    """``column_widths`` from the columns' measures (``column_measures``)."""
    widths = [_column_measure(col, measures[c], max_width)[1] or 1 for c, col in enumerate(columns)]
    if sum(widths) > max_width:
        widths = _collapse(widths, [not col.no_wrap for col in columns], max_width)
        if sum(widths) > max_width:
            excess = sum(widths) - max_width
            widths = _ratio_reduce(excess, [1] * len(widths), widths, widths)
        widths = [
            _column_measure(col, measures[c], width)[1] or 0
            for c, (col, width) in enumerate(zip(columns, widths, strict=True))
        ]
    return widths


# -- which columns fit --------------------------------------------------------------------
SESSION_LEAST = 28
"""The cells a session's name keeps (or its longest line, when shorter) before a column
is left out: at 80 columns (a pipe's width) C25K's "Couch to 5K - Week 1, Run 1" on a
line of its own, a longer name in two lines, not a word a line."""

YEAR = "year"
LEFT_OUT = ("Program", "Planned", "Dist.", YEAR, "Active")
"""What a narrow table goes without, first to last. The program and its week are
mostly in the session's name; the planned time and the distance are what was meant
and what the treadmill's speeds made of it; the start's year is rarely in doubt;
the active time goes last (it is what was done). Started, Session and Outcome stay."""


@dataclass(frozen=True, slots=True)
class Fitted:
    """The columns a table shows, each row's cells in them, and the columns' widths
    (``column_widths``, worked out once: ``table_text`` and ``table_lines`` take them)."""

    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Cell]]
    widths: list[int]


def fitted(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], console_width: int) -> Fitted:
    """The columns (and each row's cells in them) that fit ``console_width``.

    Rich's layout fits a table by shrinking its widest wrapping column first: at 80
    columns a session's name went a word a line, cut ("Streng…"), and "interrupted"
    to "interrup…". Here the table leaves columns out (``LEFT_OUT``, in order) until
    Rich's layout of the rest fits the console, gives the session ``SESSION_LEAST``
    cells, every other column its longest word (the Outcome at least so: its words
    are never cut) and a column that does not wrap its whole text. Nothing left to
    leave out, the narrowest table is laid out as it falls. The layout of the
    columns kept is Rich's, unchanged.
    """
    distinct: list[set[Cell]] = [{((col.header, "bold"),)} for col in columns]
    for row in rows:
        for found, cell in zip(distinct, row, strict=True):
            found.add(cell)
    headers = [col.header for col in columns]
    columns = list(columns)
    if "Outcome" in headers:
        at = headers.index("Outcome")
        word = max(text_measure(cell)[0] for cell in distinct[at])
        columns[at] = replace(columns[at], min_width=max(columns[at].min_width or 0, word))
    measures = column_measures(distinct)
    shortened: dict[Cell, Cell] = {}
    keep = list(range(len(columns)))
    short = False
    kept: list[Column] = []
    widths: list[int] | None = None
    for leaving in (None, *LEFT_OUT):
        if leaving == YEAR:
            short = True
            shortened = {cell: _without_year(cell) for cell in distinct[0]}
            measures[0] = column_measures([shortened.values()])[0]
        elif leaving in headers:
            keep.remove(headers.index(leaving))
        elif leaving is not None:
            continue  # a column this table has not (no distance was logged)
        kept = [columns[n] for n in keep]
        widths = _widths_if_fit(kept, [measures[n] for n in keep], console_width)
        if widths is not None:
            break
    if widths is None:  # nothing left to leave out: the narrowest table, as it falls
        extra = 2 + len(kept) - 1  # SIMPLE_HEAD's two edges and the dividers
        widths = measured_widths(kept, [measures[n] for n in keep], console_width - extra)
    if keep == list(range(len(columns))) and not short:
        return Fitted(tuple(columns), rows, widths)
    return Fitted(
        tuple(kept),
        [
            [shortened.get(row[n], row[n]) if short and not n else row[n] for n in keep]
            for row in rows
        ],
        widths,
    )


def _widths_if_fit(
    columns: Sequence[Column], measures: Sequence[set[tuple[int, int]]], console_width: int
) -> list[int] | None:
    """The columns' widths when they fit as ``fitted`` wants them to, else None."""
    extra = 2 + len(columns) - 1  # SIMPLE_HEAD's two edges and the dividers, all spaces
    widths = measured_widths(columns, measures, console_width - extra)
    if sum(widths) + extra > console_width:
        return None
    for col, found, width in zip(columns, measures, widths, strict=True):
        longest_word = max(low for low, _ in found)
        longest_line = max(high for _, high in found)
        if col.no_wrap:
            least = longest_line
        elif col.header == "Session":
            least = min(max(SESSION_LEAST, longest_word), longest_line)
        else:
            least = longest_word
        if width - PADDING < least:
            return None
    return widths


def _without_year(cell: Cell) -> Cell:
    """ "03-02 07:30" for "2026-03-02 07:30" (``log_print.started_text``)."""
    (text, style), *rest = cell
    return ((text.partition("-")[2] or text, style), *rest)


# -- cells --------------------------------------------------------------------------------
def _fits(text: str, width: int) -> bool:
    return text.isascii() and "\t" not in text and len(text) <= width


def cell_lines(cell: Cell, width: int, column: Column) -> list[Line]:
    """A cell's lines at its column's inner ``width``, each exactly ``width`` cells."""
    lines: list[Line] = []
    for text, style in cell:
        if width >= 1 and _fits(text, width):
            if column.right:
                text = text.rstrip()
                lines.append(((" " * (width - len(text)), None), (text, style)))
            else:
                lines.append(((text, style), (" " * (width - len(text)), None)))
        else:
            simple = _word_wrap(text, width) if style is None and not column.no_wrap else None
            if simple is not None and not column.right:
                lines.extend(((line, None),) for line in simple)
            else:
                lines.extend(_rich_lines(text, style, width, column.right, column.no_wrap))
    return lines


def _word_wrap(text: str, width: int) -> list[str] | None:
    """``text`` wrapped at its spaces to ``width``, each line padded to it, as Rich's
    ``Text.wrap`` lays it out (``divide_line``: a word goes on while it fits; left
    justified, every line padded), for the text whose case is that simple: printable
    ASCII, words one space apart, none longer than ``width``. None for any other
    (``_rich_lines`` then asks Rich; a log's names are almost all simple, and Rich's
    text is not imported for them)."""
    if width < 1 or not (text.isascii() and text.isprintable()):
        return None
    words = text.split(" ")
    if any(not word or len(word) > width for word in words):
        return None  # two spaces in a row, a space at an end, a word too long
    lines: list[str] = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return [line + " " * (width - len(line)) for line in lines]


@lru_cache(maxsize=1024)
def _rich_lines(
    text: str, style: str | None, width: int, right: bool, no_wrap: bool
) -> tuple[Line, ...]:
    """A line that must wrap or be cut, laid out by Rich itself (``Text.wrap``, as the
    table's cell renders it: words wrap, a word too long ends in an ellipsis)."""
    from rich.text import Text

    rich_text = Text(text)
    if style:
        rich_text.stylize(style, 0, len(text))
    console: Any = None  # Text.wrap only hands it on, to a justify that never reads it
    wrapped = rich_text.wrap(
        console, width, justify="right" if right else "left", overflow="ellipsis", no_wrap=no_wrap
    )
    return tuple(
        _pieces(line.plain, [(s.start, s.end) for s in line.spans], style) for line in wrapped
    )


def _pieces(plain: str, spans: list[tuple[int, int]], style: str | None) -> Line:
    """``plain`` cut at every edge of its spans, as ``Text.render`` cuts it into segments
    (a tab expanded inside a span leaves two spans side by side)."""
    if not spans or style is None:
        return ((plain, None),)
    edges = sorted({0, len(plain), *(e for span in spans for e in span if 0 <= e <= len(plain))})
    return tuple(
        (plain[a:b], style if any(s <= a and b <= e for s, e in spans) else None)
        for a, b in pairwise(edges)
        if b > a
    )


# -- the table ----------------------------------------------------------------------------
def table_lines(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    console_width: int,
    widths: list[int] | None = None,
) -> list[Line]:
    """Every line of the table: title, top edge, header, rule, rows, bottom edge.
    ``widths``: the columns' (``fitted``'s), when worked out already."""
    extra = 2 + len(columns) - 1  # SIMPLE_HEAD's two edges and the dividers, all spaces
    if widths is None:
        cells = [
            [((col.header, "bold"),), *(row[c] for row in rows)] for c, col in enumerate(columns)
        ]
        widths = column_widths(columns, cells, console_width - extra)
    table_width = sum(widths) + extra
    lines: list[Line] = [_title_line(line) for line in _title(table_width)]
    lines.append(((" " * table_width, None),))
    lines.extend(_row(columns, widths, [((col.header, "bold"),) for col in columns], header=True))
    lines.append(((" " + "─" * (table_width - 2) + " ", None),))
    known: dict[tuple[int, Cell], list[Line]] = {}
    for row in rows:
        lines.extend(_row(columns, widths, row, header=False, known=known))
    lines.append(((" " * table_width, None),))
    if table_width > console_width:
        lines = [_crop(line, console_width) for line in lines]
    return lines


def table_text(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    console_width: int,
    render: Callable[[Line], str],
    widths: list[int] | None = None,
) -> list[str] | None:
    """``[render(line) for line in table_lines(...)]``, made faster: each distinct cell
    of a column is measured, laid out and rendered once (a log repeats its names,
    programs, outcomes and durations), and a row's line is its cells' rendered lines
    joined. None when the table is wider than the console (a console of a few dozen
    columns: ``table_lines`` crops each line then), or a first cell would take two lines.

    ``render`` turns a line's pieces into text, piece by piece (plain, or each styled
    piece in its escape codes), so a line rendered whole and one joined from its
    rendered cells are the same text. ``widths``: the columns' (``fitted``'s), when
    worked out already.
    """
    extra = 2 + len(columns) - 1  # SIMPLE_HEAD's two edges and the dividers, all spaces
    if widths is None:
        distinct: list[set[Cell]] = [{((col.header, "bold"),)} for col in columns]
        for row in rows:
            for found, cell in zip(distinct, row, strict=True):
                found.add(cell)
        widths = column_widths(columns, [list(cells) for cells in distinct], console_width - extra)
    table_width = sum(widths) + extra
    if table_width > console_width:
        return None
    head = [_title_line(line) for line in _title(table_width)]
    head.append(((" " * table_width, None),))
    head.extend(_row(columns, widths, [((col.header, "bold"),) for col in columns], header=True))
    head.append(((" " + "─" * (table_width - 2) + " ", None),))
    out = [render(line) for line in head]
    blocks: list[dict[Cell, list[str]]] = [{} for _ in columns]
    blanks = [" " * width for width in widths]

    def block_of(n: int, cell: Cell) -> list[str]:
        """A cell's rendered lines, padded to its column (a blank line for none)."""
        block = _simple_block(columns[n], widths[n], cell)
        if block is None:
            lines = _cell_block(columns[n], widths[n], cell, None)
            block = [render(line) for line in lines] or [blanks[n]]
        blocks[n][cell] = block
        return block

    # A row is its first cell (a start time: one line, every row its own) and the rest,
    # which rows share (listed_cells makes each distinct cell once): the rest's lines
    # are joined once per distinct set of cell objects, keyed by their ids (the rows
    # keep them alive, so an id is never reused while this runs).
    rests: dict[tuple[int, ...], tuple[str, list[str]]] = {}
    for row in rows:
        first = blocks[0].get(row[0]) or block_of(0, row[0])
        key = tuple(map(id, row[1:]))
        rest = rests.get(key)
        if rest is None:
            laid = [blocks[n].get(cell) or block_of(n, cell) for n, cell in enumerate(row) if n]
            lines = [
                " ".join(
                    [block[i] if i < len(block) else blanks[n + 1] for n, block in enumerate(laid)]
                )
                for i in range(max(map(len, laid), default=1))
            ]
            rest = rests[key] = (lines[0], [f" {blanks[0]} {line} " for line in lines[1:]])
        if len(first) != 1:
            return None  # a first column that wraps (none does: it is no_wrap): line by line
        out.append(f" {first[0]} {rest[0]} ")
        out.extend(rest[1])
    out.append(" " * table_width)
    return out


def _simple_block(column: Column, width: int, cell: Cell) -> list[str] | None:
    """An unstyled one-line cell that fits: its padded text, as ``_cell_block`` lays it
    out and any ``render`` renders it (every row's start time is one of these)."""
    if len(cell) != 1 or cell[0][1] is not None or width <= PADDING:
        return None
    text = cell[0][0]
    inner = width - PADDING
    if not _fits(text, inner):
        return None
    if column.right:
        text = text.rstrip()
        return [" " + " " * (inner - len(text)) + text + " "]
    return [" " + text + " " * (inner - len(text)) + " "]


def plain_text(line: Line) -> str:
    """A line as a pipe gets it: its pieces' text."""
    return "".join(text for text, _ in line)


def _title_line(text: str) -> Line:
    return ((text, "italic"),)


def _title(width: int) -> list[str]:
    if width >= len(TITLE):
        return [TITLE + " " * (width - len(TITLE))]
    from rich.text import Text

    console: Any = None
    return [
        line.plain for line in Text(TITLE).wrap(console, width, justify="left", overflow="fold")
    ]


def _row(
    columns: Sequence[Column],
    widths: Sequence[int],
    row: Sequence[Cell],
    *,
    header: bool,
    known: dict[tuple[int, Cell], list[Line]] | None = None,
) -> list[Line]:
    """One row's lines: each cell padded, top-aligned (the header bottom-aligned).
    ``known``: cells laid out already, by column (a log repeats its cells)."""
    style = "bold" if header else None
    laid: list[list[Line]] = []
    for n, (col, width, cell) in enumerate(zip(columns, widths, row, strict=True)):
        found = None if known is None else known.get((n, cell))
        if found is None:
            found = _cell_block(col, width, cell, style)
            if known is not None:
                known[n, cell] = found
        laid.append(found)
    tallest = max(len(cell) for cell in laid)
    height = max(1, tallest)
    if not tallest:
        style = None  # Rich's set_shape fills an empty row with unstyled blanks
    out: list[Line] = []
    for index in range(height):
        pieces: list[Piece] = [(" ", None)]
        for n, (width, shown) in enumerate(zip(widths, laid, strict=True)):
            if n:
                pieces.append((" ", None))
            at = index - (height - len(shown)) if header else index
            blank: Line = ((" " * width, style),)
            pieces.extend(shown[at] if 0 <= at < len(shown) else blank)
        pieces.append((" ", None))
        out.append(tuple(pieces))
    return out


def _cell_block(col: Column, width: int, cell: Cell, style: str | None) -> list[Line]:
    """A cell's lines with their padding, each ``width`` cells wide."""
    # A column no wider than its padding shows no line of its cell (Rich renders
    # nothing under one cell wide); the row's other cells give its height.
    lines: list[Line] = cell_lines(cell, width - PADDING, col) if width > PADDING else []
    if style:  # a header cell is bold throughout: one piece, as Rich's one segment
        lines = [(("".join(text for text, _ in line), style),) for line in lines]
    return [_shape(((" ", style), *line, (" ", style)), width) for line in lines]


def _shape(line: Line, width: int) -> Line:
    """A padded cell line at its column's width: only a column narrower than its
    padding (a console of a few dozen columns) needs Rich's ``set_shape`` to cut it."""
    if sum(cell_len(text) for text, _ in line) == width:
        return line
    return _crop(line, width)


def _crop(line: Line, width: int) -> Line:
    """A line cut to the console's width, as Rich's console crops what it prints."""
    from rich.segment import Segment
    from rich.style import Style

    segments = [Segment(text, Style.parse(style) if style else None) for text, style in line]
    cropped = Segment.adjust_line_length(segments, width)
    return tuple((s.text, str(s.style) if s.style else None) for s in cropped)


# -- writing ------------------------------------------------------------------------------
def plain_width(environ: dict[str, str] | os._Environ[str] = os.environ) -> int | None:
    """The width Rich's console takes when it writes no escape codes (to a pipe or a
    file), or None when it would write them (a terminal, ``FORCE_COLOR``, ...) or the
    case is Rich's to decide (Windows)."""
    if sys.platform == "win32" or environ.get("TTY_COMPATIBLE", "") == "1":
        return None
    if environ.get("TTY_COMPATIBLE", "") != "0":
        force = environ.get("FORCE_COLOR")
        if force is not None and force != "":
            return None
        try:
            if sys.stdout.isatty():
                return None
        except (AttributeError, ValueError):
            pass
    width = 0
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or None  # COLUMNS=0: Rich's console decides what that means
    return width or 80


def write_plain(lines: Iterable[Line], out: TextIO) -> None:
    chunk: list[str] = []
    for line in lines:
        chunk.append("".join(text for text, _ in line))
        if len(chunk) >= 512:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")


def write_styled(lines: Sequence[Line], console: Console) -> None:
    """Each styled piece wrapped in the codes Rich's console gives that style."""
    from rich.segment import Segment, Segments
    from rich.style import Style

    if console.legacy_windows or not console.is_terminal:
        for line in lines:
            segments = [
                Segment(text, Style.parse(style) if style else None) for text, style in line
            ]
            console.print(Segments(segments))
        return
    render = styled_text(console)
    console.file.write("\n".join(render(line) for line in lines) + "\n")


def styled_text(console: Console) -> Callable[[Line], str]:
    """A line as a terminal gets it: each styled piece in the codes ``console`` gives
    its style (worked out once a style), for a console that writes codes."""
    from rich.segment import Segment, Segments
    from rich.style import Style

    codes: dict[str, tuple[str, str]] = {}

    def code(style: str) -> tuple[str, str]:
        found = codes.get(style)
        if found is None:
            with console.capture() as capture:
                console.print(Segments([Segment("\0", Style.parse(style))]), end="")
            before, _, after = capture.get().partition("\0")
            found = codes[style] = (before, after)
        return found

    def render(line: Line) -> str:
        return "".join(
            text if style is None else f"{code(style)[0]}{text}{code(style)[1]}"
            for text, style in line
            if text
        )

    return render
