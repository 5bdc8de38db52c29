"""SIGTERM, SIGHUP and SIGINT end the full-screen app the way plain mode ends a run.

Python's default for SIGTERM and SIGHUP ends the process where it stands, so
Textual's driver never left application mode: the shell was given back on the
alternate screen, with mouse reporting on and the cursor hidden. SIGINT raised
``KeyboardInterrupt`` into the event loop, and the app ended with status 0, as if
the session had run to its end.

Here each of them asks the app to end (``TimerApp.exit_for_signal``), in the event
loop (``loop.add_signal_handler``), never inside a handler. The app ends as ``ctrl+q``
ends it: the driver restores the terminal, and a running session is not quit, so
the log keeps it interrupted, for ``resume``. The status is the shell's for a process
that signal ended, 128 + its number (129, 130, 143, as in plain mode).

The terminal may be gone already: closing its window hangs it up, and the kernel's
SIGHUP is how the app hears of it. Textual's shutdown then waits forever on a write
that cannot happen (its writer thread dies on the closed terminal, and the restoring
sequences queue behind it), and the process lived on with the log open. So a signal
also arms a watchdog: if the app has not ended ``EXIT_GRACE`` seconds later, the
process ends there, with the same status. The log loses nothing by it: each step's
row is committed as the step ends, and the session's stays interrupted either way.

Not in the served app: Textual's web driver handles SIGINT and SIGTERM itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable

SIGNALS = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM)
EXIT_GRACE = 2.0
"""Seconds the app has to end after a signal before the process ends without it."""


def status_for(signum: int) -> int:
    """The exit status a shell reports for a process ``signum`` ended."""
    return 128 + signum


class ExitSignals:
    """The handlers for one app run: ``install`` in its loop, ``uninstall`` as it ends."""

    def __init__(self, on_signal: Callable[[int], None]) -> None:
        self.on_signal = on_signal
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        """In the running loop, on the main thread (signals go nowhere else)."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for signum in SIGNALS:
            loop.add_signal_handler(signum, self._received, signum)
        self._loop = loop

    def _received(self, signum: int) -> None:
        watchdog = threading.Timer(EXIT_GRACE, os._exit, (status_for(signum),))
        watchdog.daemon = True  # an app that ends in time ends the process with it
        watchdog.start()
        self.on_signal(signum)

    def uninstall(self) -> None:
        if self._loop is None:
            return
        for signum in SIGNALS:
            with contextlib.suppress(ValueError, RuntimeError):  # the loop already closed
                self._loop.remove_signal_handler(signum)
        self._loop = None
