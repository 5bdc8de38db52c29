"""The app served to a browser: Textual's web driver, and what a closed tab means.

``timer-tui serve`` keeps one app process for all visits, so a tab closed by
mistake (or a phone whose screen locked and dropped the connection) costs nothing:
the run pauses, and the next visit finds it where it was. The server tells the app
with two meta packets beside Textual's own (``resize``, ``focus``, ``quit``):

- ``detached``: no browser shows the app any more. A running session pauses (the
  runner cannot see it), so the log never shows an "interrupted" run for a tab.
- ``attached``: a new browser terminal, blank. It gets the modes the app set on
  the first one (alternate screen, mouse, no cursor) and a full repaint.
"""

from __future__ import annotations

from textual import events
from textual.drivers.web_driver import WebDriver
from textual.geometry import Size
from textual.message import Message

SERVED_DRIVER = "timer_tui.ui.served:ServedDriver"
"""``TEXTUAL_DRIVER`` for the app process ``timer-tui serve`` starts."""


class BrowserDetached(Message):
    """The last browser showing the app went away (a tab closed, a connection lost)."""


class BrowserAttached(Message):
    """A browser shows the app again: everything must be drawn anew."""


class ServedDriver(WebDriver):
    """Textual's web driver, with the server's ``attached`` and ``detached`` packets,
    and an app that keeps the focus.

    Textual's web driver starts the app blurred until the browser's terminal takes
    the focus (a click in it, a key), and the footer builds its keys only while the
    app has the focus: on a phone, which never gives it, the footer stayed an empty
    bar. The served app is the only thing in its tab, so it counts as focused, and
    the browser's blur (another window, the phone's keyboard closed) is ignored.
    """

    def start_application_mode(self) -> None:
        super().start_application_mode()  # its last act: an AppBlur, posted soon
        self._app.call_later(self._app.post_message, events.AppFocus())

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "blur":
            return
        if packet_type == "detached":
            self._app.post_message(BrowserDetached())
        elif packet_type == "attached":
            self._set_up_terminal()
            width, height = payload.get("width"), payload.get("height")
            if isinstance(width, int) and isinstance(height, int):
                self._size = (width, height)
                size = Size(width, height)
                self._app.post_message(events.Resize(size, size))
            self._app.post_message(BrowserAttached())
        else:
            super().on_meta(packet_type, payload)

    def _set_up_terminal(self) -> None:
        """What ``start_application_mode`` wrote to the first browser's terminal."""
        self.write("\x1b[?1049h")  # the alternate screen
        self.write("\x1b[2J")
        self._enable_mouse_support()
        self.write("\x1b[?25l")  # no cursor
        self._enable_bracketed_paste()
