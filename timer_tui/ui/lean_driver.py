"""The terminal driver: Textual's Linux driver, without the wake-ups a countdown does not need.

Measured on a countdown in a 100x30 tmux pane (``benchmarks/side_by_side.py``),
Textual's driver woke the process about 16 times a second when nothing happened:

- Its input thread looks for keys and for its own exit with a 0.1 s timeout: 10
  wakes a second, and 4-6 ms of CPU a second, more than a third of the whole
  countdown's. Here the thread sleeps until a key comes, until the parser's
  escape delay ends (a lone Esc is told from the start of a sequence by the
  time that follows it), or until ``disable_input`` wakes it through a pipe.
  End of input (a closed terminal) stops the reading; Textual's loop spun on it.
- Every write is handed to the writer thread on its own. The window title
  (``ui/title.py``) is written each second beside the frame, so the writer thread
  woke twice a second; ``write_with_next_frame`` holds it for the next write.
  A frame bracketed by synchronized-output marks (terminals that have them) is
  handed over in one piece, not three.

Everything else (modes, mouse, resize, Ctrl+Z) is Textual's own. ``TimerApp``
uses this driver unless ``TEXTUAL_DRIVER`` names another (``timer-tui serve``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder

from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

SYNC_START = "\x1b[?2026h"
SYNC_END = "\x1b[?2026l"
"""Synchronized output (Textual's ``_begin_update``/``_end_update`` write these)."""

HELD_AT_MOST = 0.25
"""Seconds a ``write_with_next_frame`` waits for a frame before it goes out alone."""


class LeanDriver(LinuxDriver):
    """Textual's ``LinuxDriver`` with a sleeping input thread and merged writes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._wake_pipe: tuple[int, int] | None = None
        """Read and write ends: a byte on it tells the input thread to look at its exit."""
        self._frame: list[str] | None = None
        """A synchronized frame being gathered (from its start mark to its end mark)."""
        self._held: list[str] = []
        """What ``write_with_next_frame`` holds for the next write."""
        self._held_timer: asyncio.TimerHandle | None = None
        self._app_thread = threading.get_ident()
        """The app's thread (Textual makes the driver on it): the only one whose writes
        are gathered or held; the input thread's own few go straight out."""

    # Output

    def write(self, data: str) -> None:
        if threading.get_ident() != self._app_thread:
            super().write(data)  # the writer thread's queue is safe from any thread
            return
        frame = self._frame  # read once: a stop's signal handler may hand it over meanwhile
        if frame is not None:
            frame.append(data)
            if data == SYNC_END and self._frame is frame:
                self._frame = None
                self._hand_over("".join(frame))
            return
        if data == SYNC_START:
            self._frame = [data]
            return
        self._hand_over(data)

    def write_with_next_frame(self, data: str) -> None:
        """Write ``data`` with whatever is written next (a frame, soon), or alone
        after ``HELD_AT_MOST`` seconds if nothing is."""
        self._held.append(data)
        if self._held_timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # not on the app's loop: no frame to wait for
                self._hand_over("")
                return
            self._held_timer = loop.call_later(HELD_AT_MOST, self._release_held)

    def _release_held(self) -> None:
        self._held_timer = None
        if self._held and self._writer_thread is not None:
            self._hand_over("")

    def _hand_over(self, data: str) -> None:
        if self._held:
            data = "".join(self._held) + data
            self._held.clear()
            if self._held_timer is not None:
                self._held_timer.cancel()
                self._held_timer = None
        if data:
            super().write(data)

    def release_pending(self) -> None:
        """Hand over whatever is gathered or held, as it is: before the terminal's modes
        are restored (the end, Ctrl+Z), which must not wait inside an unfinished frame.
        A suspend can come between a frame's marks (SIGTSTP from outside, mid-render):
        Textual's driver writes the half frame, then the restoring; so does this one."""
        frame, self._frame = self._frame, None
        if self._held_timer is not None:
            self._held_timer.cancel()
            self._held_timer = None
        if (frame or self._held) and self._writer_thread is not None:
            self._hand_over("".join(frame or ()))

    def stop_application_mode(self) -> None:
        self.release_pending()
        super().stop_application_mode()

    # Input

    # The wake pipe is opened and closed on the app's thread only, around the input
    # thread's life (Textual starts that thread in start_application_mode, and stops
    # it in disable_input, for Ctrl+Z as at the end), so no write can reach a
    # descriptor number the pipe no longer owns.

    def start_application_mode(self) -> None:
        self.open_wake_pipe()
        super().start_application_mode()  # type: ignore[no-untyped-call]  # starts the input thread

    def open_wake_pipe(self) -> None:
        """What the input thread needs before it starts."""
        if self._wake_pipe is None:
            self._wake_pipe = os.pipe()  # type: ignore[no-untyped-call]

    def disable_input(self) -> None:
        pipe = self._wake_pipe
        if pipe is not None:
            with contextlib.suppress(OSError):
                os.write(pipe[1], b"\0")
        super().disable_input()  # sets exit_event, then joins the thread
        if pipe is not None:
            self._wake_pipe = None
            os.close(pipe[0])
            os.close(pipe[1])

    def run_input_thread(self) -> None:
        """Textual's input loop (``LinuxDriver.run_input_thread``), sleeping between keys."""
        assert self._wake_pipe is not None, "start_application_mode opens the pipe"
        wake_read = self._wake_pipe[0]
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        feed = parser.feed
        decode = getincrementaldecoder("utf-8")().decode
        read = os.read
        reading = True
        try:
            while not self.exit_event.is_set():
                due = parser._timeout_time  # an escape delay being waited out
                timeout = None if due is None else max(0.0, due - get_time())
                try:
                    ready = selector.select(timeout)
                except OSError:  # its descriptors closed under it: the app has stopped
                    return
                for key, _mask in ready:
                    if key.fd == wake_read:
                        return  # disable_input: the app stops listening (the end, Ctrl+Z)
                    if reading:
                        unicode_data = decode(read(fileno, 1024 * 4))
                        if not unicode_data:  # end of input: the terminal is gone
                            reading = False
                            selector.unregister(fileno)
                            continue
                        for event in feed(unicode_data):
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass
