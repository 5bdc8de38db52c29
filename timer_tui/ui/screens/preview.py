"""A session's expanded timeline and total, opened from the picker; Enter starts it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from timer_tui.core.safe_text import safe_lines, safe_text
from timer_tui.core.timeline import Timeline
from timer_tui.library.sessions import SessionEntry
from timer_tui.ui import bindings, texts
from timer_tui.ui.widgets.keybar import KeyBar
from timer_tui.ui.widgets.palette import KIND_COLOURS


class PreviewScreen(Screen[None]):
    """A session's expanded timeline and total; Enter starts it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.PREVIEW

    @dataclass
    class Start(Message):
        """Start this session (the app builds the countdown screen)."""

        entry: SessionEntry

    def __init__(self, entry: SessionEntry) -> None:
        super().__init__()
        # The runner's [treadmill] speeds, as the countdown will have them.
        config = getattr(self.app, "config", None)
        # Read now, if the row came from the scan cache: shown and started as it is now.
        entry = entry.loaded().with_treadmill(getattr(config, "treadmill", None))
        self.entry = entry
        self.timeline: Timeline | None = entry.timeline() if entry.ok else None

    def compose(self) -> ComposeResult:
        entry = self.entry
        with Vertical(id="preview-head"):
            # A name is text, never markup ([link=...] would be a hyperlink; [/x] an error).
            yield Label(safe_text(entry.name), id="preview-name", markup=False)
            if entry.session and entry.session.description:
                description = safe_lines(entry.session.description)
                yield Static(description, id="preview-description", markup=False)
            if self.timeline is not None:
                yield Label(f"Total {texts.timeline_size(self.timeline)}", id="preview-total")
            else:
                yield Static(
                    "This file does not load; fix it and try again:\n"
                    + "\n".join(e.format() for e in entry.errors),
                    id="preview-errors",
                    markup=False,
                )
            yield Label(safe_text(str(entry.path)), id="preview-path", markup=False)
        if self.timeline is not None:
            yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield KeyBar(palette=True)

    def on_mount(self) -> None:
        if self.timeline is None:
            return
        table: DataTable[str | Text] = self.query_one(DataTable)
        table.add_columns("#", "Kind", "Step", "Length", "Counters")
        treadmill = any(step.treadmill_text for step in self.timeline.steps)
        if treadmill:
            table.add_column("Treadmill")
        for step in self.timeline.steps:
            kind = Text(texts.phase_word(step.kind), style=f"bold {KIND_COLOURS[step.kind]}")
            name = Text(safe_text(step.name))  # a str cell would be read as markup
            cells: list[str | Text] = [str(step.index + 1), kind, name, step.amount, step.label]
            table.add_row(*cells, *([step.treadmill_text] if treadmill else []))
        table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.timeline is not None
        return True

    def action_start(self) -> None:
        self.post_message(self.Start(self.entry))
