"""Where each key and array element of a TOML document stands (line, column).

``tomli`` (the TOML parser) forgets positions; error messages need them. This
scanner runs only on text tomli has already accepted, so it can stay small: it tracks
table headers, array-of-tables counters, dotted keys, inline tables and arrays.

Most lines of a session file are plain: ``[[steps]]`` or ``key = 60``. Runs of
such lines are matched by one regex; their headers are read at once (a step's
line is needed whether or not anything is wrong), and the keys under each header
only when someone asks for a position under it, which is when there is an error
to place. ``timer-tui check`` of a 5,000-step file spent 60 ms here on keys that
nothing asked for. ``scan_positions`` keeps the statement-by-statement scan that
the fast path must equal (tests/unit/test_toml_positions.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = re.compile(r"[A-Za-z0-9_-]*")
_VALUE_END = re.compile(r"[,\]}\n#]")
_SPACE = re.compile(r"[ \t\r]*")
_SPACE_AND_NEWLINES = re.compile(r"[ \t\r\n]*")

# A plain line: blank or a comment, a header of bare keys, or a bare (dotted) key with a
# one-line value: a string without escapes, or a number, boolean or date. Each such line
# is one whole statement, so the line after it starts a statement too.
_KEY = r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*"
_VALUE = r"""(?:"[^"\\\n]*"|'[^'\n]*'|[^"'\[{\n#,\]} \t\r](?:[^\n#,\]}]*[^\n#,\]} \t\r])?)"""
_PLAIN_STATEMENT = rf"\[\[[ \t]*{_KEY}[ \t]*\]\]|\[[ \t]*{_KEY}[ \t]*\]|{_KEY}[ \t]*=[ \t]*{_VALUE}"
_PLAIN_LINES = re.compile(
    # Written so that no two parts can take the same spaces: a line that is not plain
    # fails in time linear in its length, however many spaces it holds.
    # At most 64 lines a match: a regex repeated over 20,000 lines keeps a mark for each,
    # and growing that stack cost a 5,000-step file 10 ms.
    rf"(?:[ \t]*(?:(?:{_PLAIN_STATEMENT})[ \t]*)?(?:#[^\n]*)?\r?(?:\n|\Z)){{0,64}}"
)
# A header line with the newline before it: the search then skips to each newline at
# once, where ``^`` in MULTILINE mode tried every character (0.7 ms of 5,000 headers).
# The run's first line, which has no newline of its own before it at the file's start,
# is matched by the same pattern without it.
_PLAIN_HEADER = re.compile(rf"\n([ \t]*)(\[\[?)[ \t]*({_KEY})[ \t]*\]")
_FIRST_HEADER = re.compile(rf"([ \t]*)(\[\[?)[ \t]*({_KEY})[ \t]*\]")
_PLAIN_KEY = re.compile(rf"^[ \t]*({_KEY})[ \t]*=", re.MULTILINE)


class _Scanner:
    """Moves by index only; a line and column are worked out (from where the newlines
    are) just for the positions it keeps: the picker loads every file of the user's
    folder before its first frame, and counting each character's column cost most of
    that (``benchmarks/first_frames.py``)."""

    def __init__(self, text: str, *, plain_runs: bool) -> None:
        self.text = text
        self.i = 0
        self.plain_runs = plain_runs
        self._counted_to = 0
        self._line = 0
        self.positions: dict[PathKey, Position] = {}
        self.aot_counts: dict[PathKey, int] = {}
        self.spans: list[tuple[PathKey, int, int, int]] = []
        """Keys not yet placed: (a table's path, start, end, line of start) of plain lines,
        one a header, kept as they come (a 5,000-step file has 5,000)."""
        self.bodies: dict[PathKey, list[tuple[int, int, int]]] = {}
        """The same spans by table, grouped once a position is asked for that is not known."""

    # -- low-level movement -------------------------------------------------
    def peek(self, n: int = 0) -> str:
        j = self.i + n
        return self.text[j : j + 1]  # "" at the end

    def startswith(self, s: str) -> bool:
        return self.text.startswith(s, self.i)

    def advance(self, n: int = 1) -> None:
        self.i = min(self.i + n, len(self.text))

    def skip_space(self, newlines: bool) -> None:
        space = _SPACE_AND_NEWLINES if newlines else _SPACE
        while True:
            match = space.match(self.text, self.i)
            self.i = match.end() if match else self.i  # (it always matches: a * pattern)
            if self.text[self.i : self.i + 1] != "#":
                return
            end = self.text.find("\n", self.i)
            self.i = len(self.text) if end < 0 else end

    def line_index(self, i: int) -> int:
        """How many newlines come before ``i``: its line, counted from 0.

        Counted on from the last place asked about, since the scan only moves forward.
        """
        if i < self._counted_to:  # pragma: no cover - the scan does not move back
            self._counted_to, self._line = 0, 0
        self._line += self.text.count("\n", self._counted_to, i)
        self._counted_to = i
        return self._line

    def here(self) -> Position:
        line = self.line_index(self.i)
        start = self.text.rfind("\n", 0, self.i) + 1
        return (line + 1, self.i - start + 1)

    # -- grammar --------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_space(newlines=False)
            c = self.peek()
            if c in "\"'":
                parts.append(self.string())
            else:
                bare = _BARE.match(self.text, self.i)
                end = bare.end() if bare else self.i
                parts.append(self.text[self.i : end])
                self.i = end
            self.skip_space(newlines=False)
            if self.peek() == ".":
                self.advance()
                continue
            return parts

    def string(self) -> str:
        quote = self.peek()
        if self.startswith(quote * 3):
            self.advance(3)
            end = self.text.find(quote * 3, self.i)
            # A multi-line string may end with up to two extra quotes.
            while self.text.startswith(quote, end + 3):
                end += 1
            value = self.text[self.i : end]
            self.advance(end + 3 - self.i)
            return value
        self.advance()
        out: list[str] = []
        while True:
            close = self.text.find(quote, self.i)
            close = len(self.text) if close < 0 else close
            escape = self.text.find("\\", self.i, close) if quote == '"' else -1
            if escape < 0:
                out.append(self.text[self.i : close])
                self.i = close
                self.advance()
                return "".join(out)
            out.append(self.text[self.i : escape])
            out.append(self.text[escape + 1 : escape + 2])  # the escaped character as it is
            self.i = min(escape + 2, len(self.text))

    def value(self, path: PathKey) -> None:
        c = self.peek()
        if c in "\"'":
            self.string()
        elif c == "{":
            self.advance()
            while True:
                self.skip_space(newlines=True)
                if self.peek() == "}":
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                self.key_value(path)
                if not self.peek():
                    return
        elif c == "[":
            self.advance()
            index = 0
            while True:
                self.skip_space(newlines=True)
                if self.peek() == "]":
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                if not self.peek():
                    return
                self.positions.setdefault((*path, index), self.here())
                self.value((*path, index))
                index += 1
        else:
            end = _VALUE_END.search(self.text, self.i)
            self.i = end.start() if end else len(self.text)

    def key_value(self, table: PathKey) -> None:
        pos = self.here()
        parts = self.key()
        full = (*table, *parts)
        self.positions.setdefault(full, pos)
        self.skip_space(newlines=False)
        if self.peek() == "=":
            self.advance()
        self.skip_space(newlines=False)
        self.value(full)

    def header(self) -> PathKey:
        is_array = self.startswith("[[")
        pos = self.here()
        self.advance(2 if is_array else 1)
        parts = self.key()
        self.advance(2 if is_array else 1)
        return self.open_table(parts, is_array, pos)

    def open_table(self, parts: list[str], is_array: bool, pos: Position) -> PathKey:
        """The path a ``[header]`` or ``[[header]]`` opens, an array of tables counted."""
        resolved: list[str | int] = []
        for part in parts[:-1]:
            resolved.append(part)
            count = self.aot_counts.get(tuple(resolved))
            if count is not None:
                resolved.append(count - 1)
        resolved.append(parts[-1])
        base = tuple(resolved)
        if is_array:
            count = self.aot_counts.get(base, 0)
            self.aot_counts[base] = count + 1
            self.positions.setdefault(base, pos)
            path = (*base, count)
        else:
            path = base
        self.positions.setdefault(path, pos)
        return path

    def plain_lines(self, table: PathKey) -> PathKey:
        """Pass a run of plain lines from the start of ``self.i``'s line: each header is
        opened now, the keys under it are kept as spans for ``place_keys``."""
        text = self.text
        start = text.rfind("\n", 0, self.i) + 1
        if text[start : self.i].strip(" \t\r"):  # pragma: no cover - a statement starts a line
            return table
        end = start
        while True:
            more = _PLAIN_LINES.match(text, end).end()  # type: ignore[union-attr]  # (a * pattern)
            if more == end:
                break
            end = more
        if end == start:
            return table
        line = self.line_index(start)
        body = start
        positions, counts, spans = self.positions, self.aot_counts, self.spans
        first = _FIRST_HEADER.match(text, start, end) if start == 0 else None
        headers = _PLAIN_HEADER.finditer(text, max(start - 1, 0), end)  # (from the newline)
        for header in itertools.chain((first,) if first else (), headers):
            at = header.start(2)
            spans.append((table, body, at, line))
            line += text.count("\n", body, at)
            pos = (line + 1, at - header.start(1) + 1)
            brackets, key = header.group(2, 3)
            if len(brackets) == 2 and "." not in key:
                # ``[[steps]]``, thousands of times: open_table's steps, inline (the
                # array's own position is its first element's).
                array = (key,)
                count = counts.get(array, 0)
                counts[array] = count + 1
                if not count:
                    positions.setdefault(array, pos)
                table = (key, count)
                positions.setdefault(table, pos)
            else:
                parts = [part.strip(" \t") for part in key.split(".")]
                table = self.open_table(parts, len(brackets) == 2, pos)
            body = header.end()
        spans.append((table, body, end, line))
        self.i = end
        return table

    def grouped_bodies(self) -> dict[PathKey, list[tuple[int, int, int]]]:
        """``bodies``, with the spans kept since the last call added to it."""
        for table, start, end, line in self.spans:
            self.bodies.setdefault(table, []).append((start, end, line))
        self.spans.clear()
        return self.bodies

    def place_keys(self, table: PathKey) -> None:
        """The positions of the keys in ``table``'s plain lines, now that one is asked for.

        The first position of a path is kept, as the scan in order keeps it.
        """
        text, positions = self.text, self.positions
        for start, end, line in self.bodies.pop(table, ()):
            last = start
            for match in _PLAIN_KEY.finditer(text, start, end):
                at = match.start(1)
                line += text.count("\n", last, at)
                last = at
                pos = (line + 1, at - text.rfind("\n", 0, at))
                parts = [part.strip(" \t") for part in match.group(1).split(".")]
                full = (*table, *parts)
                known = positions.get(full)
                if known is None or pos < known:
                    positions[full] = pos

    def document(self) -> None:
        table: PathKey = ()
        while True:
            self.skip_space(newlines=True)
            if self.plain_runs and self.peek():
                table = self.plain_lines(table)
                self.skip_space(newlines=True)
            if not self.peek():
                return
            start = self.i
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)
            if self.i <= start:  # pragma: no cover - not text that tomli accepted
                return


class Positions(Mapping[PathKey, Position]):
    """Each key path's 1-based (line, column); the keys of plain lines placed when asked."""

    def __init__(self, scanner: _Scanner) -> None:
        self._scanner = scanner
        self._known = scanner.positions

    def __getitem__(self, path: PathKey) -> Position:
        found = self._known.get(path)
        if found is not None:  # (a path has one position in TOML that tomli accepts)
            return found
        bodies = self._scanner.grouped_bodies()
        if bodies:
            for end in range(len(path)):
                if path[:end] in bodies:
                    self._scanner.place_keys(path[:end])
        return self._known[path]

    def get(self, path: PathKey, default: Position | None = None) -> Position | None:  # type: ignore[override]
        """``Mapping.get`` without its ``try: self[path]``: asked once a step by the loader."""
        found = self._known.get(path)
        if found is not None:
            return found
        try:
            return self[path]
        except KeyError:
            return default

    def _place_all(self) -> None:
        for table in list(self._scanner.grouped_bodies()):
            self._scanner.place_keys(table)

    def __iter__(self) -> Iterator[PathKey]:
        self._place_all()
        return iter(self._known)

    def __len__(self) -> int:
        self._place_all()
        return len(self._known)


def key_positions(text: str) -> Positions:
    """Map each key path (``("steps", 2, "duration")``) to its 1-based (line, column)."""
    scanner = _Scanner(text, plain_runs=True)
    try:
        scanner.document()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - tomli accepted it
        return Positions(_Scanner("", plain_runs=False))
    return Positions(scanner)


def scan_positions(text: str) -> dict[PathKey, Position]:
    """Every position, found statement by statement: what ``key_positions`` must equal."""
    scanner = _Scanner(text, plain_runs=False)
    try:
        scanner.document()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - tomli accepted it
        return {}
    return scanner.positions


def locate(positions: Mapping[PathKey, Position], path: PathKey) -> Position | None:
    """The position of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), 0, -1):
        found = positions.get(path[:end])
        if found is not None:
            return found
    return None
