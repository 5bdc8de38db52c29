"""The timing engine: a pure state machine over a timeline, driven by a monotonic clock.

It never sleeps and never counts ticks. Each timed step has a deadline on the
injected clock; asking the engine what happened by time ``now`` replays every
boundary, countdown and halfway mark that fell before it, each stamped with the
time it was *due*, so a late poll never shifts the schedule and errors cannot
accumulate. Drivers (the plain runner, the app) wake at ``next_deadline()``.

Events flow one way, to subscribers (screen, audio, log), which never call back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from timer_tui.core.field_types import MAX_SECONDS
from timer_tui.core.model import CueSettings, Kind
from timer_tui.core.timeline import Timeline, TimelineStep

Clock = Callable[[], float]
Subscriber = Callable[["Event"], None]

RESTART_THRESHOLD = 3.0
"""Seconds into a step after which "previous" restarts it instead of going back."""

HOLD_KINDS = frozenset({Kind.EXERCISE, Kind.STRETCH})
"""Timed steps of these kinds are holds: "next" after a few seconds shortens them."""

CHANGE_AHEAD_ROOM = 8
"""A change of speed is announced only in a step at least this much longer than the
lead: its own start (tone, name, speed) comes first and must not be talked over."""


def announces_change(step: TimelineStep, following: TimelineStep | None, lead: int) -> bool:
    """Whether ``step`` gets a CHANGE_AHEAD mark ``lead`` seconds before its end: the
    treadmill's speed or incline changes for ``following``, and the step is long enough."""
    if not lead or step.seconds is None or following is None:
        return False
    if (step.speed_kmh, step.incline_pct) == (following.speed_kmh, following.incline_pct):
        return False
    return step.seconds >= lead + CHANGE_AHEAD_ROOM


_log = logging.getLogger(__name__)


# QUIT is the log's word for a session left before its end; the string values
# stay "abandoned"/"session_abandoned" because they are already written to the
# log database and to `run --plain --json`, which readers depend on.


class EventKind(str, Enum):
    SESSION_STARTED = "session_started"
    STEP_STARTED = "step_started"
    COUNTDOWN = "countdown"
    HALFWAY = "halfway"
    CHANGE_AHEAD = "change_ahead"
    """A change of speed or incline comes in ``count`` seconds (``[cues] say_speed_change``)."""
    STEP_ENDED = "step_ended"
    PAUSED = "paused"
    RESUMED = "resumed"
    ADJUSTED = "adjusted"
    SESSION_FINISHED = "session_finished"
    SESSION_QUIT = "session_abandoned"


class StepOutcome(str, Enum):
    COMPLETED = "completed"  # ran to its deadline, or a rep step marked done
    SKIPPED = "skipped"  # left early with "next"
    SHORTENED = "shortened"  # a hold left with "next" after a few seconds: done, shorter
    RESTARTED = "restarted"  # left with "previous": it will be run again
    QUIT = "abandoned"  # the session was quit during it


class Status(str, Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    QUIT = "abandoned"

    @property
    def is_over(self) -> bool:
        return self in (Status.FINISHED, Status.QUIT)


@dataclass(frozen=True, slots=True)
class StepResult:
    """What really happened in one step, for the summary and the log."""

    index: int
    planned: int | None
    active: float
    paused: float
    adjusted: int
    outcome: StepOutcome
    reps_done: int | None = None
    load: str | None = None
    """What a rep step was done with ("20 kg"), as the runner typed it; None for none."""


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    t: float
    """Seconds since the session started (pauses included) at which this was due."""
    index: int
    step: TimelineStep | None
    count: int | None = None
    """For COUNTDOWN and CHANGE_AHEAD: the seconds left (3, 2, 1; 10)."""
    result: StepResult | None = None
    """For STEP_ENDED."""
    delta: int | None = None
    """For ADJUSTED: the seconds added (negative: removed)."""
    stopped: float | None = None
    """For PAUSED by ``pause_for_stop``: how long the process was stopped (seconds)."""


@dataclass(frozen=True, slots=True)
class EngineState:
    """Everything a screen needs to draw one frame."""

    status: Status
    index: int
    step: TimelineStep | None
    next_step: TimelineStep | None
    step_elapsed: float
    step_remaining: float | None
    step_length: int | None
    session_elapsed: float
    session_remaining: float
    session_length: float
    paused_total: float
    t: float


class Engine:
    def __init__(
        self,
        timeline: Timeline,
        *,
        clock: Clock = time.monotonic,
        cues: CueSettings | None = None,
        start_index: int = 0,
        earlier_results: Sequence[StepResult] = (),
    ) -> None:
        """``earlier_results`` are a resumed run's logged steps: they come first in
        ``results``, so the summary counts the whole session, as the log has it."""
        if not timeline.steps:
            raise ValueError("an engine needs at least one step")
        cues = cues or CueSettings()
        self.timeline = timeline
        self.clock = clock
        self.countdown = cues.countdown
        self.halfway = cues.halfway
        self.halfway_min = cues.halfway_min
        self.change_ahead = cues.say_speed_change
        steps = timeline.steps
        self._announced = frozenset(
            i
            for i in range(len(steps) - 1)
            if announces_change(steps[i], steps[i + 1], self.change_ahead)
        )
        """Steps after which the speed or incline changes: they get a CHANGE_AHEAD mark."""
        self.status = Status.READY
        self.index = max(0, min(start_index, len(timeline) - 1))
        self.results: list[StepResult] = list(earlier_results)
        self._subscribers: list[Subscriber] = []
        self._origin = 0.0
        self._step_start = 0.0
        self._step_paused = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._adjust = 0
        self._halfway_done = False
        self._ahead_done = False
        self._counted: set[int] = set()
        self._pending: list[Event] = []
        # Planned seconds of the timed steps after each index: state() runs every repaint.
        self._planned_after = [0.0] * len(timeline)
        for i in range(len(timeline) - 2, -1, -1):
            self._planned_after[i] = self._planned_after[i + 1] + (timeline[i + 1].seconds or 0)

    # -- subscribers ------------------------------------------------------------
    def subscribe(self, subscriber: Subscriber, *, first: bool = False) -> Callable[[], None]:
        """Call ``subscriber`` with every event from now on; returns an unsubscribe.

        ``first``: ahead of those already subscribed (the sound, which never waits for the log).
        """
        self._subscribers.insert(0 if first else len(self._subscribers), subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def _emit(self, kind: EventKind, at: float, **fields: object) -> None:
        step = self.timeline[self.index] if self.index < len(self.timeline) else None
        event = Event(kind, at - self._origin, self.index, step, **fields)  # type: ignore[arg-type]
        self._pending.append(event)

    def _flush(self) -> list[Event]:
        # Subscriber by subscriber, each the whole batch in order: a step's end and the
        # next one's start reach the sound (subscribed first) before the log commits.
        events, self._pending = self._pending, []
        for subscriber in list(self._subscribers):
            for event in events:
                try:
                    subscriber(event)
                except Exception:
                    # A broken subscriber (audio, log) must never stop the timer.
                    _log.exception("subscriber %r failed on %s", subscriber, event.kind)
        return events

    # -- derived times ----------------------------------------------------------
    @property
    def step(self) -> TimelineStep:
        return self.timeline[self.index]

    def _length(self) -> int | None:
        seconds = self.step.seconds
        return None if seconds is None else seconds + self._adjust

    def _active(self, now: float) -> float:
        until = self._paused_at if self._paused_at is not None else now
        return max(0.0, until - self._step_start - self._step_paused)

    def _deadline(self) -> float | None:
        length = self._length()
        if length is None or self._paused_at is not None:
            return None
        return self._step_start + self._step_paused + length

    def _marks(self) -> list[tuple[float, EventKind, int | None]]:
        """The countdown and halfway marks of the current step still to come."""
        deadline = self._deadline()
        length = self._length()
        if deadline is None or length is None:
            return []
        marks: list[tuple[float, EventKind, int | None]] = []
        if self.halfway and not self._halfway_done and length >= self.halfway_min:
            marks.append((deadline - length / 2, EventKind.HALFWAY, None))
        lead = self.change_ahead
        if not self._ahead_done and self.index in self._announced:
            marks.append((deadline - lead, EventKind.CHANGE_AHEAD, lead))
        for n in range(self.countdown, 0, -1):
            if n < length and n not in self._counted:
                marks.append((deadline - n, EventKind.COUNTDOWN, n))
        marks.sort(key=lambda m: m[0])
        return marks

    def next_deadline(self) -> float | None:
        """When the next event is due on the clock, or None if nothing is scheduled."""
        if self.status is not Status.RUNNING:
            return None
        marks = self._marks()
        return marks[0][0] if marks else self._deadline()

    # -- queries ----------------------------------------------------------------
    def state(self, now: float | None = None) -> EngineState:
        now = self.clock() if now is None else now
        ready = self.status is Status.READY
        length = self._length()
        active = 0.0 if ready or self.status.is_over else self._active(now)
        remaining = None if length is None else max(0.0, length - active)
        if self.status.is_over:
            remaining = None if length is None else 0.0
        steps = self.timeline.steps
        later = self._planned_after[self.index]
        paused_total = self._paused_total
        if self._paused_at is not None:
            paused_total += now - self._paused_at
        t = 0.0 if ready else now - self._origin
        elapsed = t - paused_total
        session_remaining = (remaining or 0.0) + later
        return EngineState(
            status=self.status,
            index=self.index,
            step=self.step,
            next_step=steps[self.index + 1] if self.index + 1 < len(steps) else None,
            step_elapsed=active,
            step_remaining=remaining,
            step_length=length,
            session_elapsed=elapsed,
            session_remaining=session_remaining,
            session_length=elapsed + session_remaining,
            paused_total=paused_total,
            t=t,
        )

    # -- the clock moves ----------------------------------------------------------
    def poll(self, now: float | None = None) -> list[Event]:
        """Emit everything due by ``now``, each stamped with the time it was due."""
        now = self.clock() if now is None else now
        self._advance(now)
        return self._flush()

    def _advance(self, now: float) -> None:
        while self.status is Status.RUNNING:
            deadline = self._deadline()
            if deadline is None:
                return
            for at, kind, count in self._marks():
                if at > now or at > deadline:
                    break
                if kind is EventKind.HALFWAY:
                    self._halfway_done = True
                    self._emit(kind, at)
                elif kind is EventKind.CHANGE_AHEAD:
                    self._ahead_done = True
                    self._emit(kind, at, count=count)
                else:
                    assert count is not None
                    self._counted.add(count)
                    self._emit(kind, at, count=count)
            if now < deadline:
                return
            self._end_step(deadline, StepOutcome.COMPLETED)
            self._go_to(self.index + 1, deadline)

    # -- commands -------------------------------------------------------------------
    def start(self, now: float | None = None) -> list[Event]:
        now = self.clock() if now is None else now
        if self.status is not Status.READY:
            return []
        self._origin = now
        self.status = Status.RUNNING
        self._emit(EventKind.SESSION_STARTED, now)
        self._begin_step(self.index, now)
        return self._flush()

    def toggle_pause(self, now: float | None = None) -> list[Event]:
        if self.status is Status.PAUSED:
            return self.resume(now)
        return self.pause(now)

    def pause(self, now: float | None = None) -> list[Event]:
        now = self._catch_up(now)
        if self.status is Status.RUNNING:
            self.status = Status.PAUSED
            self._paused_at = now
            self._emit(EventKind.PAUSED, now)
        return self._flush()

    def pause_for_stop(self, stopped_at: float, now: float | None = None) -> list[Event]:
        """The process was stopped (Ctrl+Z, ``SIGSTOP``, a suspend) from ``stopped_at`` to ``now``.

        That time is a pause, not time in the step: what was due before the stop comes
        out, then the session is paused *at* ``stopped_at``, so no step ends in the
        stopped interval and no burst of events follows it. A session already paused
        stays as it is (the time already counts as paused).
        """
        now = self.clock() if now is None else now
        stopped_at = min(stopped_at, now)
        self._advance(stopped_at)
        if self.status is Status.RUNNING:
            self.status = Status.PAUSED
            self._paused_at = stopped_at
            self._emit(EventKind.PAUSED, stopped_at, stopped=now - stopped_at)
        return self._flush()

    def resume(self, now: float | None = None) -> list[Event]:
        now = self.clock() if now is None else now
        if self.status is Status.PAUSED and self._paused_at is not None:
            self._close_pause(now)
            self._paused_at = None
            self.status = Status.RUNNING
            self._emit(EventKind.RESUMED, now)
        return self._flush()

    def next(self, now: float | None = None) -> list[Event]:
        """Leave the current step early and start the next.

        A hold (a timed exercise or stretch: a plank, a wall sit) left after a few
        seconds was held to failure, not skipped: it ends "shortened", and counts as
        done. Anything else left early is skipped.
        """
        now = self._catch_up(now)
        if not self.status.is_over and self.status is not Status.READY:
            held = self.step.kind in HOLD_KINDS and self._active(now) > RESTART_THRESHOLD
            self._end_step(now, StepOutcome.SHORTENED if held else StepOutcome.SKIPPED)
            self._go_to(self.index + 1, now)
        return self._flush()

    def previous(self, now: float | None = None) -> list[Event]:
        """Restart the step if it is more than a few seconds in, else go back one."""
        now = self._catch_up(now)
        if not self.status.is_over and self.status is not Status.READY:
            target = self.index
            if self._active(now) <= RESTART_THRESHOLD and self.index > 0:
                target = self.index - 1
            self._end_step(now, StepOutcome.RESTARTED)
            self._go_to(target, now)
        return self._flush()

    def done(
        self, reps: int | None = None, load: str | None = None, now: float | None = None
    ) -> list[Event]:
        """Mark a rep step done, with the reps actually done and the load they were
        done with (blank is none); timed steps ignore it."""
        now = self._catch_up(now)
        if self.status in (Status.RUNNING, Status.PAUSED) and not self.step.is_timed:
            self._end_step(now, StepOutcome.COMPLETED, reps_done=reps, load=load)
            self._go_to(self.index + 1, now)
        return self._flush()

    def adjust(self, delta: int, now: float | None = None) -> list[Event]:
        """Add (or with a negative delta, remove) time on the current timed step."""
        now = self._catch_up(now)
        length = self._length()
        if self.status in (Status.RUNNING, Status.PAUSED) and length is not None:
            # Never below what has already run: removing too much ends the step now.
            floor = max(1, int(self._active(now)))
            # Never past the format's longest step either (plain mode's +N takes any N).
            applied = min(max(delta, floor - length), MAX_SECONDS - length)
            if applied:
                self._adjust += applied
                remaining = length + applied - self._active(now)
                self._counted = {n for n in self._counted if n >= remaining}
                self._skip_passed_marks(now)
                self._emit(EventKind.ADJUSTED, now, delta=applied)
                self._advance(now)
        return self._flush()

    def quit(self, now: float | None = None) -> list[Event]:
        now = self._catch_up(now)
        if self.status in (Status.RUNNING, Status.PAUSED):
            self._end_step(now, StepOutcome.QUIT)
            self.status = Status.QUIT
            self._emit(EventKind.SESSION_QUIT, now)
        elif self.status is Status.READY:
            self.status = Status.QUIT
        return self._flush()

    # -- internals ---------------------------------------------------------------------
    def _catch_up(self, now: float | None) -> float:
        """Commands act on the step current at ``now``: replay anything due first."""
        now = self.clock() if now is None else now
        self._advance(now)
        return now

    def _skip_passed_marks(self, now: float) -> None:
        """After the length changes, marks now due in the past are spent, not replayed late.

        Without this, +10 s then -10 s at 2 s left would beep "2" a second time.
        """
        for at, kind, count in self._marks():
            if at > now:
                break
            if kind is EventKind.HALFWAY:
                self._halfway_done = True
            elif kind is EventKind.CHANGE_AHEAD:
                self._ahead_done = True
            elif count is not None:
                self._counted.add(count)

    def _close_pause(self, now: float) -> None:
        if self._paused_at is not None:
            spent = now - self._paused_at
            self._step_paused += spent
            self._paused_total += spent
            self._paused_at = now

    def _begin_step(self, index: int, at: float) -> None:
        self.index = index
        self._step_start = at
        self._step_paused = 0.0
        self._adjust = 0
        self._halfway_done = False
        self._ahead_done = False
        self._counted = set()
        self._emit(EventKind.STEP_STARTED, at)

    def _end_step(
        self,
        at: float,
        outcome: StepOutcome,
        reps_done: int | None = None,
        load: str | None = None,
    ) -> None:
        self._close_pause(at)
        step = self.step
        if reps_done is None and outcome is StepOutcome.COMPLETED:
            reps_done = step.reps
        result = StepResult(
            index=self.index,
            planned=step.seconds,
            active=self._active(at),
            paused=self._step_paused,
            adjusted=self._adjust,
            outcome=outcome,
            reps_done=reps_done if step.reps is not None else None,
            load=(load or "").strip() or None,
        )
        self.results.append(result)
        self._emit(EventKind.STEP_ENDED, at, result=result)

    def _go_to(self, index: int, at: float) -> None:
        if index >= len(self.timeline):
            if self._paused_at is not None:
                self._close_pause(at)
                self._paused_at = None
            self.status = Status.FINISHED
            self._emit(EventKind.SESSION_FINISHED, at)
            return
        self._begin_step(index, at)
