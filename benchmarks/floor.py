"""The floor: the least a Textual app can cost while it shows a countdown.

One Label, updated once a second when its digits change, by a one-shot timer armed
for the next whole second of a monotonic deadline; no footer, no command palette,
no bindings beyond Textual's own, no CSS file. Whatever this costs is Textual's
(and Python's): ``side_by_side.py --floor`` runs it beside timer-tui and termdown,
so the gap between timer-tui and termdown splits into Textual's part (floor minus
termdown) and ours (timer-tui minus floor).

With ``--lean`` the same app runs on timer-tui's terminal driver
(``timer_tui/ui/lean_driver.py``) and without OpenSSL (``timer_tui.cli.launch.
without_tls``): Textual tuned as far as an app can tune it from the outside, which
is the floor for every figure once ours does the same.

    python benchmarks/floor.py SECONDS [--lean]
"""

from __future__ import annotations

import math
import sys
import time

if "--lean" in sys.argv:
    sys.modules["ssl"] = None  # type: ignore[assignment]  # as launch.without_tls

from textual.app import App, ComposeResult
from textual.widgets import Label


class Floor(App[None]):
    ENABLE_COMMAND_PALETTE = False
    CSS = "Label { width: 100%; content-align: center middle; height: 100%; }"

    def __init__(self, seconds: float, *, lean: bool = False) -> None:
        driver = None
        if lean:
            from timer_tui.ui.lean_driver import LeanDriver

            driver = LeanDriver
        super().__init__(driver_class=driver)
        self.deadline = time.monotonic() + seconds
        self.label = Label("", markup=False)
        self.shown = ""

    def compose(self) -> ComposeResult:
        yield self.label

    def on_mount(self) -> None:
        self.tick()

    def tick(self) -> None:
        left = max(0.0, self.deadline - time.monotonic())
        whole = math.ceil(left)
        text = f"{whole // 60}:{whole % 60:02d}"
        if text != self.shown:
            self.shown = text
            self.label.update(text)
        if left <= 0:
            self.exit()
            return
        # Wake when the digits next change (a hair after the whole second).
        self.set_timer(left - (whole - 1) + 0.001, self.tick)


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a != "--lean"]
    Floor(float(numbers[0]) if numbers else 60.0, lean="--lean" in sys.argv).run()
