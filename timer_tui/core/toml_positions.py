"""Where each key and array element of a TOML document stands (line, column).

``tomllib`` parses but forgets positions; error messages need them. This scanner
runs only on text tomllib has already accepted, so it can stay small: it tracks
table headers, array-of-tables counters, dotted keys, inline tables and arrays.
"""

from __future__ import annotations

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.col = 1
        self.positions: dict[PathKey, Position] = {}
        self.aot_counts: dict[PathKey, int] = {}

    # -- low-level movement -------------------------------------------------
    def peek(self, n: int = 0) -> str:
        j = self.i + n
        return self.text[j] if j < len(self.text) else ""

    def startswith(self, s: str) -> bool:
        return self.text.startswith(s, self.i)

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "\n":
                self.line += 1
                self.col = 1
            else:
                self.col += 1
            self.i += 1

    def skip_space(self, newlines: bool) -> None:
        while self.i < len(self.text):
            c = self.text[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.advance()
            elif c == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.advance()
            else:
                return

    def here(self) -> Position:
        return (self.line, self.col)

    # -- grammar --------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_space(newlines=False)
            c = self.peek()
            if c in "\"'":
                parts.append(self.string())
            else:
                start = self.i
                while self.peek() in _BARE and self.peek():
                    self.advance()
                parts.append(self.text[start : self.i])
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
        while self.i < len(self.text) and self.peek() != quote:
            if quote == '"' and self.peek() == "\\":
                out.append(self.peek(1))
                self.advance(2)
                continue
            out.append(self.peek())
            self.advance()
        self.advance()
        return "".join(out)

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
            while self.peek() and self.peek() not in ",]}\n#":
                self.advance()

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
