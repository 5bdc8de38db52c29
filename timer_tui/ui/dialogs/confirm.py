"""One confirmation dialog for every question the app asks (frogmouth's ``YesNoDialog``
is the model): a question, a line saying what follows, and a button per answer,
each answer also on a key of its own (in ``ui/bindings.py``, so it can be remapped).

Its text wraps, never cut: the dialog is as wide as it likes up to the window,
and narrow or short windows get tighter padding (breakpoint classes), down to
buttons stacked one per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from timer_tui.ui import bindings
from timer_tui.ui.dialogs import DIALOG_CSS

DIALOG_HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (36, "-narrow"), (60, "-roomy")]
"""Classes a dialog screen gets by window width: ``-tiny`` stacks its buttons."""
DIALOG_VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
"""``-short``: no blank lines around the text."""

AnswerT = TypeVar("AnswerT")


@dataclass(frozen=True, slots=True)
class Answer(Generic[AnswerT]):
    """One way out of the dialog: its button, and what ``dismiss`` returns."""

    value: AnswerT
    label: str
    """The button's text, with its key: "Quit (y)"."""
    button_id: str
    variant: ButtonVariant = "default"


class ConfirmDialog(ModalScreen[AnswerT]):
    """Asks ``question``; each answer is a button and a binding (``action_answer``).

    Subclasses give their question, answers and bindings; the keys' actions are
    ``answer(<value>)`` with the same values as the buttons.
    """

    CSS_PATH = DIALOG_CSS
    # Textual types these "ClassVar[...] | None", which mypy takes for instance variables.
    HORIZONTAL_BREAKPOINTS = DIALOG_HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = DIALOG_VERTICAL_BREAKPOINTS
    COMPACT_BELOW: ClassVar[tuple[int, int] | None] = None
    """(width, height): a window narrower or lower than this gets one-line buttons."""

    def __init__(
        self,
        question: str,
        answers: Sequence[Answer[AnswerT]],
        *,
        explain: str = "",
        hint: str = "",
        focus: str | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.answers = tuple(answers)
        self.explain = explain
        self.hint = hint
        self.focus_id = focus
        """The button focused at first (None: Textual's own choice, the first)."""

    def compose(self) -> ComposeResult:
        # File names and session names are text, not markup.
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            if self.explain:
                yield Static(self.explain, id="explain", markup=False)
            if self.hint:
                yield Static(self.hint, id="hint", markup=False)
            with Horizontal(id="buttons"):
                for answer in self.answers:
                    yield Button(answer.label, id=answer.button_id, variant=answer.variant)

    def on_mount(self) -> None:
        if self.focus_id is not None:
            self.query_one(f"#{self.focus_id}", Button).focus()
        self._fit_buttons(self.size.width, self.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit_buttons(event.size.width, event.size.height)

    def _fit_buttons(self, width: int, height: int) -> None:
        if self.COMPACT_BELOW is None:
            return
        min_width, min_height = self.COMPACT_BELOW
        small = width < min_width or height < min_height
        for button in self.query(Button):
            button.compact = small

    def on_button_pressed(self, event: Button.Pressed) -> None:
        for answer in self.answers:
            if answer.button_id == event.button.id:
                self.dismiss(answer.value)

    def action_answer(self, answer: AnswerT) -> None:
        self.dismiss(answer)


class QuitScreen(ConfirmDialog[bool]):
    """Asks before abandoning a session: one stray `q` must not end a long run."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.QUIT

    def __init__(self, question: str = "Quit this session?") -> None:
        super().__init__(
            question,
            [
                Answer(True, "Quit (y)", "yes", "error"),
                Answer(False, "Keep going (n)", "no", "primary"),
            ],
            explain="The summary shows what you did so far.",
        )


class DiscardChangesScreen(ConfirmDialog[bool]):
    """Asks before unsaved edits are thrown away; True means close without saving."""

    BINDINGS: ClassVar[list[BindingType]] = bindings.DISCARD

    def __init__(self, path: Path, *, quitting: bool = False) -> None:
        super().__init__(
            "Quit without saving?" if quitting else "Close without saving?",
            [
                Answer(True, "Discard (y)", "yes", "error"),
                Answer(False, "Keep editing (n)", "no", "primary"),
            ],
            explain=f"Your changes to {path.name} are not saved.",
            hint="ctrl+s in the editor saves them.",
            focus="no",
        )
        self.path = path
        self.quitting = quitting
