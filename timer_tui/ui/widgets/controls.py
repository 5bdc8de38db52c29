"""Buttons a finger can press: pause or resume, back, +10 s (done on a rep step), next.

A phone at the treadmill has no keyboard, and the footer's key hints are small
targets; these are tall and wide. Each button runs the countdown's own action
(the key's), so the engine, the log and the sound hear a tap as they hear a key.
The buttons never take the focus: space and Enter stay the screen's keys.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

PAUSE, BACK, MORE, DONE, NEXT = "pad-pause", "pad-back", "pad-more", "pad-done", "pad-next"

ACTIONS: dict[str, str] = {
    BACK: "previous",
    MORE: "adjust(10)",
    DONE: "done",
    NEXT: "next",
}
"""Each button's countdown action; the pause button's is ``pause`` or ``resume``."""


class ControlPad(Horizontal):
    """The countdown's buttons; ``show_state`` sets the words and which ones are on."""

    DEFAULT_CSS = """
    ControlPad {
        height: auto;
        padding: 0 1;
    }
    ControlPad Button {
        width: 2fr;
        min-width: 6;
        margin: 0 0 0 1;
    }
    ControlPad Button:first-child { margin: 0; }
    /* half as wide again as the others; "◀ Back" still fits at 43 columns */
    ControlPad #pad-pause { width: 3fr; }
    ControlPad .-off { display: none; }
    """

    LABELS: ClassVar[dict[str, str]] = {
        PAUSE: "Pause",
        BACK: "◀ Back",
        MORE: "+10 s",
        DONE: "Done",
        NEXT: "Next ▶",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paused = False
        self.timed = True

    def compose(self) -> ComposeResult:
        for button_id in (BACK, PAUSE, MORE, DONE, NEXT):
            button = Button(self.LABELS[button_id], id=button_id, compact=False)
            button.can_focus = False  # space and Enter stay the countdown's keys
            if button_id == PAUSE:
                button.variant = "primary"
            yield button

    def show_state(self, *, paused: bool, timed: bool) -> None:
        """Resume when paused; +10 s on a timed step, Done on a rep step."""
        if (paused, timed) == (self.paused, self.timed) and self.is_mounted:
            return
        self.paused, self.timed = paused, timed
        if self.is_mounted:
            self._show()

    def on_mount(self) -> None:
        """The state it was given before it was mounted (the countdown mounts it when a
        size first shows it, maybe paused, maybe on a rep step)."""
        self._show()

    def _show(self) -> None:
        pause = self.query_one(f"#{PAUSE}", Button)
        pause.label = "Resume" if self.paused else "Pause"
        pause.variant = "success" if self.paused else "primary"
        self.query_one(f"#{MORE}", Button).set_class(not self.timed, "-off")
        self.query_one(f"#{DONE}", Button).set_class(self.timed, "-off")

    def action_for(self, button_id: str) -> str:
        if button_id == PAUSE:
            return "resume" if self.paused else "pause"
        return ACTIONS[button_id]

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id is not None:
            await self.screen.run_action(self.action_for(event.button.id))
