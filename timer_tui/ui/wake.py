"""When the countdown screen wakes: not every frame, only when something it shows changes.

The screen sleeps until the next change on it (a second ticking over, a flash
ending) or the engine's next deadline, whichever is sooner; each wake polls the
engine, so boundaries and cues fire on time.

A stall (a slow subscriber, a suspended laptop, a long GC) must never freeze
the screen: every wake is re-armed whatever happens, a wake is never shorter
than ``MIN_WAKE`` (Textual drops a one-shot timer that is already late when it
starts, and a zero delay kills its task), and a backstop polls whenever the wake
it expects is overdue.

The backstop costs no wake-up of its own while the countdown runs: it is armed
for just after each wake's due time (``WAKE_GRACE``) and dropped when the wake
comes, so a steady countdown wakes once a second, not twice. While the wake
sleeps (paused, a rep step waiting for its key) the backstop looks once every
``SAFETY_INTERVAL``. Every wake and every backstop also runs ``also``: the
terminal size check (``ui/repaint.py``).

Kept apart from the screen so the rules can be tested with a fake timer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Protocol

_log = logging.getLogger(__name__)

MIN_WAKE = 0.02
"""The shortest wake: a due-now deadline still gets a timer Textual will fire."""
SAFETY_INTERVAL = 1.0
"""Seconds between the backstop's looks while no wake is armed."""
WAKE_GRACE = 0.25
"""How late a wake may be (real seconds) before the backstop polls instead."""


class Stoppable(Protocol):
    """What a timer factory returns: ``textual.timer.Timer`` has ``stop``."""

    def stop(self) -> None: ...


TimerFactory = Callable[[float, Callable[[], None]], Stoppable]
"""``set_timer(delay, callback)``, as a Textual widget has it."""


class Wake:
    """One pending wake at a time; ``poll`` runs on it, ``running`` says whether to re-arm.

    ``poll`` is expected to call ``schedule`` with the delays until the next
    change; whatever it does (or raises), a running session keeps a wake.
    ``start`` arms the backstop (the screen is mounted); ``stop`` ends both.
    """

    def __init__(
        self,
        set_timer: TimerFactory,
        poll: Callable[[], None],
        running: Callable[[], bool],
        *,
        monotonic: Callable[[], float] = time.monotonic,
        also: Callable[[], None] = lambda: None,
    ) -> None:
        self._set_timer = set_timer
        self._poll = poll
        self._running = running
        self._monotonic = monotonic
        self.also = also
        """Run at every wake and every backstop (the screen sets the terminal size check)."""
        self.timer: Stoppable | None = None
        """The armed wake, if any."""
        self.due_at: float | None = None
        """When (real ``time.monotonic``) the armed wake should fire."""
        self.backstop: Stoppable | None = None
        """The armed backstop, if any: just after ``due_at``, or ``SAFETY_INTERVAL`` away."""

    def start(self) -> None:
        """The backstop's first look, ``SAFETY_INTERVAL`` from now."""
        self._arm_backstop(SAFETY_INTERVAL)

    def schedule(self, delays: Iterable[float | None]) -> None:
        """Wake after the shortest of ``delays`` (None: that one never); none at all: sleep."""
        due = [d for d in delays if d is not None]
        if due:
            self.arm(min(due))
        else:
            self._drop_wake()
            self._arm_backstop(SAFETY_INTERVAL)

    def arm(self, delay: float) -> None:
        """Replace the pending wake with one ``delay`` seconds from now (at least ``MIN_WAKE``)."""
        self._drop_wake()
        delay = max(MIN_WAKE, delay)
        self.due_at = self._monotonic() + delay
        self.timer = self._set_timer(delay, self._on_wake)
        self._arm_backstop(delay + WAKE_GRACE)

    def stop(self) -> None:
        """No more wakes and no backstop (the screen is done)."""
        self._drop_wake()
        if self.backstop is not None:
            self.backstop.stop()
        self.backstop = None

    def _drop_wake(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.timer = None
        self.due_at = None

    def _arm_backstop(self, delay: float) -> None:
        if self.backstop is not None:
            self.backstop.stop()
        self.backstop = self._set_timer(delay, self._on_backstop)

    def _on_wake(self) -> None:
        self.timer = None
        self.due_at = None
        try:
            self._poll()
            self.also()
        finally:
            # Whatever the poll did (or raised), a running session always has a wake.
            if self.timer is None and self._running():
                self.arm(SAFETY_INTERVAL)

    def _on_backstop(self) -> None:
        self.backstop = None
        try:
            self.safety_check()
            self.also()
        finally:
            if self.backstop is None:  # a poll that armed a wake armed one with it
                self._arm_backstop(SAFETY_INTERVAL)

    def safety_check(self) -> None:
        """The backstop's look: poll if a running session's wake is missing or overdue."""
        if not self._running():
            return
        if (
            self.timer is None
            or self.due_at is None
            or self._monotonic() > self.due_at + WAKE_GRACE
        ):
            _log.debug("countdown wake overdue: polling the engine")
            self._poll()
