"""A TOML code editor that marks the lines a session file's errors point at.

Each line with a problem gets a red background on its text and the message
written after it, dimmed (the way editors show diagnostics inline), so the
error sits where the fix goes instead of in a list to cross-reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widgets import TextArea

LINE_STYLE = Style(bgcolor="#5f1f1f")
MESSAGE_STYLE = Style(color="#ff8787", italic=True)


def toml_language() -> str | None:
    """``"toml"`` when tree-sitter and its TOML grammar are installed, else plain text."""
    return "toml" if "toml" in TextArea().available_languages else None


class SessionSource(TextArea):
    """``TextArea.code_editor`` for session files, with errors drawn at their lines."""

    DEFAULT_CSS = """
    SessionSource {
        height: 1fr;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        self._line_errors: dict[int, str] = {}  # before super(): it lays out the text
        super().__init__(
            text,
            language=toml_language(),
            theme="monokai",
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            id=id,
        )
        self.indent_width = 2

    @property
    def line_errors(self) -> Mapping[int, str]:
        """0-based line index -> the first message about that line."""
        return dict(self._line_errors)

    def set_errors(self, errors: Iterable[tuple[int, str]]) -> None:
        """Mark these (1-based line, message) pairs; the first message of a line wins."""
        marked: dict[int, str] = {}
        for line, message in errors:
            index = max(0, line - 1)
            marked.setdefault(index, message)
        if marked == self._line_errors:
            return
        self._line_errors = marked
        if not self.soft_wrap:  # the document's own width again; validated below
            width, height = self.document.get_size(self.indent_width)
            self.virtual_size = Size(width + self.gutter_width + 1, height)
        self.notify_style_update()  # drops the cached lines so the marks redraw
        self.refresh()

    def validate_virtual_size(self, size: Size) -> Size:
        """Widen the scrollable width so a message after a long line is not cropped.

        TextArea sizes itself from the document alone, whenever the text or the
        window changes; this reactive validator sees every size it sets.
        """
        if self.soft_wrap or not self._line_errors:
            return size
        document = self.document
        longest = 0
        for index in self._line_errors:
            if index < document.line_count:
                longest = max(longest, self.get_line(index).cell_len)
        return Size(max(size.width, longest + self.gutter_width + 1), size.height)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        message = self._line_errors.get(line_index)
        if message is None:
            return line
        if line.plain:
            line.stylize(LINE_STYLE)
        line.append(f"   ◀ {message}", style=MESSAGE_STYLE)
        return line
