"""The reps entry of a rep step: how many were done (default: planned) and a load."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from timer_tui.core.format_spec import MAX_REPS
from timer_tui.ui import bindings
from timer_tui.ui.dialogs import DIALOG_CSS


@dataclass(frozen=True, slots=True)
class RepsEntry:
    """What the dialog returns; the countdown hands both to ``engine.done``."""

    reps: int | None
    load: str | None


class RepsScreen(ModalScreen["RepsEntry | None"]):
    """Reps actually done (default: planned) and an optional load, for a rep step.

    ``planned`` None is a score step (AMRAP rounds, a test's count): the field starts
    empty and the dialog waits for a number. ``load`` pre-fills the exercise's last load.
    """

    CSS_PATH = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = bindings.REPS

    def __init__(self, name: str, planned: int | None, load: str | None = None) -> None:
        super().__init__()
        self.step_name = name
        self.planned = planned
        self.load = load

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"{self.step_name}: reps done", id="question")
            yield Input(
                value="" if self.planned is None else str(self.planned),
                placeholder="reps",
                id="reps",
                type="integer",
            )
            yield Label("Load (optional), e.g. 20 kg", id="explain")
            yield Input(value=self.load or "", placeholder="20 kg", id="load")
            yield Label("Enter to save · Esc to cancel", id="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "reps":
            self.query_one("#load", Input).focus()
            return
        text = self.query_one("#reps", Input).value.strip()
        too_many = text.isdigit() and int(text) > MAX_REPS  # SQLite's integer ends at 19 digits
        if too_many:
            self.query_one("#explain", Label).update(f"Reps done: from 0 to {MAX_REPS:,}")
        if too_many or (not text.isdigit() and self.planned is None):
            self.query_one("#reps", Input).focus()  # a score step: the count is the point
            self.app.bell()
            return
        reps = int(text) if text.isdigit() else self.planned
        load = self.query_one("#load", Input).value.strip() or None
        self.dismiss(RepsEntry(reps, load))

    def action_cancel(self) -> None:
        self.dismiss(None)
