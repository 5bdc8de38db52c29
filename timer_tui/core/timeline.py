"""Expand a session's nested steps, sets and blocks into one flat list of concrete steps.

A pure function: the same session always gives the same timeline, so the engine,
the screen, the cues and the log all agree on what step 7 is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from timer_tui.core.durations import format_clock
from timer_tui.core.model import Block, Kind, Session, Side, Step
from timer_tui.core.treadmill import Speed, SpeedUnit, format_incline, format_speed
from timer_tui.core.wording import reps_text


@dataclass(frozen=True, slots=True)
class Round:
    """Where a step sits in a repeated block: round ``number`` of ``total``."""

    number: int
    total: int
    name: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineStep:
    index: int
    name: str
    kind: Kind
    seconds: int | None
    reps: int | None = None
    set_no: int | None = None
    sets: int | None = None
    side: Side | None = None
    rounds: tuple[Round, ...] = ()
    note: str | None = None
    say: str | None = None
    sound: Path | None = None
    line: int = 0
    score: bool = False
    """Done asks for the count (``reps`` is only the usual value), never logs ``reps``."""
    speed_kmh: float | None = None
    """Planned treadmill speed (the step's, its block's, else the config's for its kind)."""
    incline_pct: float | None = None
    """Planned treadmill incline in percent, found the same way as the speed."""
    speed_unit: SpeedUnit | None = None
    """The unit to show ``speed_kmh`` in: the config's ``units``, else as it was written."""

    @property
    def speed_text(self) -> str | None:
        """The speed as a treadmill shows it ("9.5 km/h", "6:00/km"); None without one."""
        if self.speed_kmh is None:
            return None
        return format_speed(self.speed_kmh, self.speed_unit or SpeedUnit.KMH)

    @property
    def incline_text(self) -> str | None:
        return None if self.incline_pct is None else format_incline(self.incline_pct)

    @property
    def treadmill_text(self) -> str:
        """Speed and incline together: "9.5 km/h · 1%", "incline 2%", or ""."""
        parts = [self.speed_text or "", f"incline {self.incline_text}" if self.incline_text else ""]
        if self.speed_text and self.incline_text:
            parts[1] = self.incline_text
        return " · ".join(p for p in parts if p)

    @property
    def is_timed(self) -> bool:
        return self.seconds is not None

    @property
    def label(self) -> str:
        """Counters people read at a glance: "Round 2/8 · Set 1/3, left"."""
        parts = [f"{r.name + ' ' if r.name else ''}Round {r.number}/{r.total}" for r in self.rounds]
        if self.sets and self.sets > 1 and self.set_no:
            side = f", {self.side.value}" if self.side else ""
            parts.append(f"Set {self.set_no}/{self.sets}{side}")
        elif self.side:
            parts.append(self.side.value.capitalize())
        return " · ".join(parts)

    @property
    def amount(self) -> str:
        """The step's size in words: "1:30" or "15 reps"."""
        if self.seconds is not None:
            return format_clock(self.seconds)
        return reps_text(self.reps or 0)


@dataclass(frozen=True, slots=True)
class Timeline:
    steps: tuple[TimelineStep, ...]

    @property
    def total_seconds(self) -> int:
        """Planned time of the timed steps; rep steps take as long as they take."""
        return sum(s.seconds or 0 for s in self.steps)

    @property
    def rep_steps(self) -> int:
        return sum(1 for s in self.steps if s.seconds is None)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> TimelineStep:
        return self.steps[index]


@dataclass(frozen=True, slots=True)
class _Treadmill:
    """The speed and incline a block hands its steps, the innermost block's first."""

    speed: Speed | None = None
    incline: float | None = None

    def under(self, block: Block) -> _Treadmill:
        return _Treadmill(block.speed or self.speed, _first(block.incline, self.incline))


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def expand(session: Session) -> Timeline:
    steps = _walk(session.steps, (), _Treadmill())
    return Timeline(tuple(replace(s, index=i) for i, s in enumerate(steps)))


def _walk(
    nodes: tuple[Step | Block, ...], rounds: tuple[Round, ...], treadmill: _Treadmill
) -> Iterator[TimelineStep]:
    for node in nodes:
        if isinstance(node, Step):
            yield from _expand_step(node, rounds, treadmill)
        else:
            for n in range(1, node.repeat + 1):
                inner = (*rounds, Round(n, node.repeat, node.name)) if node.repeat > 1 else rounds
                steps = list(_walk(node.steps, inner, treadmill.under(node)))
                if node.rest_between and n < node.repeat:
                    # The rest between rounds takes the place of a rest that ends the
                    # round (Tabata's 10 s): never two rests in a row.
                    if steps and steps[-1].kind is Kind.REST:
                        steps.pop()
                    steps.append(_rest(node.rest_between, inner, node.line))
                yield from steps


def _expand_step(
    step: Step, rounds: tuple[Round, ...], treadmill: _Treadmill
) -> Iterator[TimelineStep]:
    sides: tuple[Side | None, ...] = (Side.LEFT, Side.RIGHT) if step.per_side else (None,)
    # A block's speed and incline are the defaults of its timed steps, not of its rests
    # (a rest is off the belt; a walking recovery is a walk step).
    inherit = step.duration is not None and step.kind is not Kind.REST
    speed = step.speed or (treadmill.speed if inherit else None)
    incline = _first(step.incline, treadmill.incline if inherit else None)
    for set_no in range(1, step.sets + 1):
        for side in sides:
            yield TimelineStep(
                index=-1,
                name=step.name,
                kind=step.kind,
                seconds=step.duration,
                reps=step.reps,
                set_no=set_no if step.sets > 1 else None,
                sets=step.sets if step.sets > 1 else None,
                side=side,
                rounds=rounds,
                note=step.note,
                say=step.say,
                sound=step.sound,
                line=step.line,
                score=step.score,
                speed_kmh=speed.kmh if speed else None,
                incline_pct=incline,
                speed_unit=speed.unit if speed else None,
            )
        if step.rest and (set_no < step.sets or step.sets == 1):
            yield _rest(step.rest, rounds, step.line)


def _rest(seconds: int, rounds: tuple[Round, ...], line: int) -> TimelineStep:
    return TimelineStep(
        index=-1, name=Kind.REST.label, kind=Kind.REST, seconds=seconds, rounds=rounds, line=line
    )
