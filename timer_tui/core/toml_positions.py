"""Where each key and array element of a TOML document stands (line, column).

``tomllib`` parses but forgets positions; error messages need them. This scanner
runs only on text tomllib has already accepted, so it can stay small: it tracks
table headers, array-of-tables counters, dotted keys, inline tables and arrays.
"""

from __future__ import annotations

import re
from bisect import bisect_left

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = re.compile(r"[A-Za-z0-9_-]*")
_VALUE_END = re.compile(r"[,\]}\n#]")
_SPACE = re.compile(r"[ \t\r]*")
_SPACE_AND_NEWLINES = re.compile(r"[ \t\r\n]*")


class _Scanner:
    """Moves by index only; a line and column are worked out (from where the newlines
    are) just for the positions it keeps: the picker loads every file of the user's
    folder before its first frame, and counting each character's column cost most of
    that (``benchmarks/first_frames.py``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.positions: dict[PathKey, Position] = {}
        self.aot_counts: dict[PathKey, int] = {}

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

    def here(self) -> Position:
        line = bisect_left(self.newlines, self.i)  # newlines before i: the line, from 0
        start = self.newlines[line - 1] + 1 if line else 0
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

    def document(self) -> dict[PathKey, Position]:
        table: PathKey = ()
        while True:
            self.skip_space(newlines=True)
            if not self.peek():
                return self.positions
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def key_positions(text: str) -> dict[PathKey, Position]:
    """Map each key path (``("steps", 2, "duration")``) to its 1-based (line, column)."""
    try:
        return _Scanner(text).document()
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - tomllib accepted it
        return {}


def locate(positions: dict[PathKey, Position], path: PathKey) -> Position | None:
    """The position of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), 0, -1):
        found = positions.get(path[:end])
        if found is not None:
            return found
    return None
