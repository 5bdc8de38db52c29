"""The terminal window's own title (OSC 2): the time left, readable in a task bar.

The user's title is saved first (xterm's title stack: push) and given back when
the app ends (pop), so a shell prompt that sets no title of its own is not left
saying "0:00 Cool-down". Terminals without a title stack ignore both.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from timer_tui.core.safe_text import safe_text

PUSH_TITLE = "\x1b[22;2t"
POP_TITLE = "\x1b[23;2t"


class TerminalTitle:
    """Sets the title of ``app``'s terminal; does nothing when off or headless (tests)."""

    def __init__(self, app: App[Any], *, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled
        self.pushed = False
        """Whether the user's title was saved (and so must be given back)."""

    def set(self, title: str) -> None:
        """Write the window title, saving the user's title the first time."""
        # Textual has no public way to write an escape sequence; its own OSC 52
        # (copy to clipboard) writes to the driver the same way.
        driver = self.app._driver
        if not self.enabled or driver is None or self.app.is_headless:
            return
        safe = safe_text(title, keep="")  # the title sequence ends at the first BEL or ESC
        # With the frame that shows the same time, in one write (ui/lean_driver.py).
        write = getattr(driver, "write_with_next_frame", driver.write)
        if not self.pushed:
            write(PUSH_TITLE)
            self.pushed = True
        write(f"\x1b]2;{safe}\x07")

    def restore(self) -> None:
        """Give the user's title back (the app is ending)."""
        driver = self.app._driver
        if self.pushed and driver is not None:
            driver.write(POP_TITLE)
            self.pushed = False
