"""The cue queue: one sound at a time, and rules for what may cut what short.

Pure logic over an injected output and clock, so the rules are tested without
a sound card. The worker process (``timer_tui.audio.worker``) runs it.

The rules, in order of what matters to someone running with headphones on:

1. A cue that marks time (a countdown beep, a step's start tone) starts the moment
   it arrives. It cuts short whatever is playing with a lower priority, and a
   tone cuts short an equal-priority sound, because the newest boundary is the
   one that is true now.
2. Anything else waits for the current sound to end, in priority order, then in
   arrival order: the words "Run, 90 seconds" follow the run tone. A sound ends
   when the device is done with it *and* its length has passed since it
   started (plus ``GAP_SECONDS``): a device that takes samples faster than it
   plays them (a mixer's stream, a file, ALSA's ``null``) reports a clip done
   early, and the words must not open a second stream over the tone.
3. A boundary makes older queued lower-priority cues obsolete: the last step's
   words are never said over the next step.
4. A queued cue that could not start in time (``Request.expires``) is dropped
   rather than played late, out of step with the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from timer_tui.core.priority import Priority

DRAIN_SECONDS = 4.0
"""At most this long for the last sounds of a finished session before the worker quits."""
TONE_MAX_WAIT = 0.3
"""Seconds a queued tone may wait behind another sound before it is pointless."""
SPEECH_MAX_WAIT = 2.0
"""Seconds queued words may wait: long enough to follow a start tone and a beep."""
GAP_SECONDS = 0.03
"""Silence between a sound and the one that waited for it, so they never touch."""


class Playing(Protocol):
    """What an output returns for a sound it started (simpleaudio's PlayObject fits)."""

    def is_playing(self) -> bool: ...

    def stop(self) -> None: ...


class Output(Protocol):
    def play(self, key: str) -> Playing:
        """Start the sound ``key`` now; raise if the device fails."""
        ...

    def seconds(self, key: str) -> float:
        """How long ``key`` plays, whole."""
        ...


@dataclass(frozen=True, slots=True)
class Request:
    key: str
    priority: int
    is_tone: bool
    expires: float
    """Clock time after which this request must not start any more."""
    seq: int = 0

    def preempts(self, other: Request) -> bool:
        if self.priority != other.priority:
            return self.priority > other.priority
        return self.is_tone


@dataclass(frozen=True, slots=True)
class Report:
    """What happened to a request: ``started``, ``finished``, ``cut``, ``dropped``."""

    what: str
    key: str
    at: float


class CueQueue:
    def __init__(
        self,
        output: Output,
        clock: Callable[[], float],
        report: Callable[[Report], None] = lambda r: None,
    ) -> None:
        self._output = output
        self._clock = clock
        self._report = report
        self._current: tuple[Request, Playing] | None = None
        self._ends = 0.0
        """When the current sound has played whole (its start plus its length and the gap)."""
        self._pending: list[Request] = []
        self._seq = 0

    @property
    def busy(self) -> bool:
        """Whether ``poll`` has anything to watch: a sound playing or waiting."""
        return self._current is not None or bool(self._pending)

    @property
    def current(self) -> str | None:
        return self._current[0].key if self._current else None

    @property
    def pending(self) -> list[str]:
        return [r.key for r in sorted(self._pending, key=_order)]

    def request(
        self, key: str, priority: int, *, is_tone: bool, max_wait: float | None = None
    ) -> None:
        """Ask for ``key`` to play: now, after the current sound, or not at all."""
        now = self._clock()
        if max_wait is None:
            max_wait = TONE_MAX_WAIT if is_tone else SPEECH_MAX_WAIT
        self._seq += 1
        self.push(Request(key, priority, is_tone, now + max_wait, self._seq))

    def push(self, request: Request) -> None:
        if request.priority >= Priority.BOUNDARY:
            obsolete = [r for r in self._pending if r.priority < request.priority]
            for r in obsolete:
                self._pending.remove(r)
                self._report(Report("dropped", r.key, self._clock()))
        self._finish_if_done()
        if self._current is None:
            self._start(request)
        elif request.preempts(self._current[0]):
            self._cut()
            self._start(request)
        else:
            self._pending.append(request)

    def poll(self) -> None:
        """Notice a sound that ended and start the next one still worth playing."""
        self._finish_if_done()
        while self._current is None and self._pending:
            nxt = min(self._pending, key=_order)
            self._pending.remove(nxt)
            if self._clock() > nxt.expires:
                self._report(Report("dropped", nxt.key, self._clock()))
                continue
            self._start(nxt)

    def stop(self) -> None:
        """Silence now and forget everything queued (mute, quit)."""
        for r in self._pending:
            self._report(Report("dropped", r.key, self._clock()))
        self._pending.clear()
        if self._current is not None:
            self._cut()

    def _finish_if_done(self) -> None:
        if self._current is None or self._clock() < self._ends:
            return
        if not self._current[1].is_playing():
            self._report(Report("finished", self._current[0].key, self._clock()))
            self._current = None

    def _cut(self) -> None:
        assert self._current is not None
        request, playing = self._current
        self._current = None
        playing.stop()
        self._report(Report("cut", request.key, self._clock()))

    def _start(self, request: Request) -> None:
        playing = self._output.play(request.key)
        self._current = (request, playing)
        now = self._clock()
        self._ends = now + self._output.seconds(request.key) + GAP_SECONDS
        self._report(Report("started", request.key, now))


def _order(request: Request) -> tuple[int, int]:
    return (-request.priority, request.seq)
