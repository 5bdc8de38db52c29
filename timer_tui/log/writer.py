"""The background writer: the log never holds up the timer.

The recorder's writes are made in the timer's thread only when the log is free
(``FAST_BUSY_MS``); a locked log hands them to a background thread that retries
them in order until they are in, and process exit waits a bounded time for what
is still queued (``wait_all``, registered with ``atexit``).

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import atexit
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable

from timer_tui.core.wording import plural
from timer_tui.log.records import Notify
from timer_tui.log.store import History, classify, is_busy

FAST_BUSY_MS = 4
"""How long a write made in the timer's own thread waits for a lock before handing over.

The timer's thread (plain mode's loop, the app's UI thread) must never stall on the
log: a step boundary is due to the millisecond. A locked log hands the writes to a
background thread that retries them, in order, until they are in.
"""
RETRY_BUSY_MS = 250
"""How long each background retry waits for the lock."""
LOCK_NOTICE_AFTER = 2.0
"""Seconds of a locked log before the user is told (a busy neighbour is not news)."""
EXIT_WAIT_SECONDS = 5.0
"""At process exit, how long unsaved writes may still wait for a locked log."""
FULL_RETRY_SECONDS = 1.0
"""Between tries while the disk is full (a refused write fails at once: no busy wait)."""


def is_full(exc: sqlite3.Error) -> bool:
    """Did the write fail for lack of space (SQLITE_FULL, or ENOSPC under it)?"""
    text = str(exc).lower()
    return "full" in text or "no space" in text


Op = Callable[[sqlite3.Connection], None]


class LogWriter:
    """Runs a recorder's writes in order, without ever making the timer wait.

    Each write is tried at once in the calling thread (the timer's), waiting at most
    ``FAST_BUSY_MS`` for the lock: in the usual case the step is committed before the
    next event is handled. When the log is locked, the write and every later one go
    to a background thread that retries them in order until they are in; the calling
    thread only queues until the queue is empty again. Nothing is dropped unless the
    log refuses the write for good (read-only, damaged): then one message.

    At process exit, unsaved writes get up to ``EXIT_WAIT_SECONDS`` (``wait_all``).
    """

    def __init__(self, history: History, notify: Notify) -> None:
        self.history = history
        self.notify = notify
        self.failed = False
        self._pending: deque[Op] = deque()
        self._cond = threading.Condition()
        """Guards the queue and the flags below."""
        self._io = threading.Lock()
        """Held while the connection is in use: one thread at a time."""
        self._handed_off = False
        """The background thread owns the queue until it is empty."""
        self._closing = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self._busy_since: float | None = None
        self._warned = False
        self._full = False
        """The last try failed for lack of space: retry after ``FULL_RETRY_SECONDS``."""

    @property
    def pending(self) -> list[Op]:
        with self._cond:
            return list(self._pending)

    @property
    def handed_off(self) -> bool:
        with self._cond:
            return self._handed_off

    def submit(self, op: Op | None = None, *, close: bool = False) -> None:
        """Queue ``op`` (then release the log if ``close``) and write what can be, now."""
        with self._cond:
            if self._closing or self._closed:
                return
            if op is not None and not self.failed:
                self._pending.append(op)
            self._closing = close
            if self._handed_off:
                self._cond.notify_all()
                return
        if not self._io.acquire(blocking=False):
            self._hand_off()  # the background thread is just finishing: it takes this too
            return
        try:
            drained = self._drain(FAST_BUSY_MS)
        finally:
            self._io.release()
        if not drained:
            self._hand_off()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every queued write is in (or refused); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending or self.failed, timeout)

    # -- inside ----------------------------------------------------------------------
    def _drain(self, busy_ms: int) -> bool:
        """Write the queue in order (``_io`` held); False when the log is locked."""
        if not self._closed:
            conn = self.history.conn
            conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
            while True:
                with self._cond:
                    if self.failed or not self._pending:
                        break
                    op = self._pending[0]
                try:
                    with self.history.write() as c:
                        op(c)
                except sqlite3.Error as exc:
                    full = is_full(exc)
                    if is_busy(exc) or full:
                        # Kept, in order: a lock is released, space is freed.
                        self._note_waiting(full=full)
                        return False
                    self._fail(exc)
                    break
                with self._cond:
                    self._pending.popleft()
                    self._busy_since = None
                    self._full = False
                    warned, self._warned = self._warned, False
                    self._cond.notify_all()
                if warned:
                    self.notify("the log is writable again; nothing was lost")
        self._close_if_done()
        return True

    def _note_waiting(self, *, full: bool) -> None:
        warn = False
        with self._cond:
            if self._busy_since is None:
                self._busy_since = time.monotonic()
            self._full = full
            if full and not self._warned:
                self._warned = warn = True
        if warn:  # a full disk is news at once (a lock only after LOCK_NOTICE_AFTER)
            self.notify(
                f"the disk holding the log {self.history.path} is full; the steps are kept "
                "and saved as soon as there is space"
            )

    def _fail(self, exc: sqlite3.Error) -> None:
        _, message = classify(exc, self.history.path)
        with self._cond:
            self.failed = True
            self._pending.clear()
            self._cond.notify_all()
        self.notify(f"{message}; the rest of this session will not be saved")

    def _close_if_done(self) -> None:
        """Release the connection once the session is over and everything is in."""
        with self._cond:
            if not self._closing or self._closed or (self._pending and not self.failed):
                return
            self._closed = True
            self._cond.notify_all()
        self.history.close()

    def _hand_off(self) -> None:
        with self._cond:
            self._handed_off = True
            self._cond.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="timer-tui-log-writer", daemon=True
                )
                _WRITERS.add(self)
                self._thread.start()

    def _run(self) -> None:
        """The background writer: retry the queue, in order, until it is empty."""
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._handed_off or self._closed)
                    if self._closed:
                        return
                with self._io:
                    drained = self._drain(RETRY_BUSY_MS)
                with self._cond:
                    if not drained and self._full:
                        # A full disk refuses at once: wait (or until closed) before retrying.
                        self._cond.wait_for(lambda: self._closed, FULL_RETRY_SECONDS)
                    if drained and (not self._pending or self.failed):
                        self._handed_off = False
                        self._cond.notify_all()
                    since = self._busy_since
                    warn = (
                        not drained
                        and not self._warned
                        and since is not None
                        and time.monotonic() - since >= LOCK_NOTICE_AFTER
                    )
                    if warn:
                        self._warned = True
                if warn:
                    self.notify(
                        f"the log {self.history.path} is locked by another program; "
                        "the steps are kept and saved as soon as it is free"
                    )
        finally:
            _WRITERS.discard(self)


_WRITERS: set[LogWriter] = set()
"""Writers with a background thread, for the bounded wait at exit."""


def wait_all(timeout: float = EXIT_WAIT_SECONDS) -> bool:
    """Give queued writes (a locked log) up to ``timeout`` seconds in all; True if all are in."""
    deadline = time.monotonic() + timeout
    ok = True
    for writer in list(_WRITERS):
        if not writer.wait(max(0.0, deadline - time.monotonic())):
            ok = False
            left = len(writer.pending)
            why = "the disk stayed full" if writer._full else "it stayed locked"
            writer.notify(
                f"the log {writer.history.path}: {why}; the last {plural(left, 'change')}"
                " of this session could not be saved"
            )
    return ok


atexit.register(wait_all)
