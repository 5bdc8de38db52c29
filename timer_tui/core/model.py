"""The domain values a session file becomes: frozen, typed, and free of any UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from timer_tui.core.kinds import Kind as Kind  # defined with its table of labels, colours, tones
from timer_tui.core.treadmill import Speed


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Program:
    """A session's place in a multi-session program such as Couch to 5K."""

    id: str
    name: str | None = None
    week: int | None = None
    day: int | None = None
    order: int | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.week or 0, self.day or 0, self.order or 0)


@dataclass(frozen=True, slots=True)
class CueSettings:
    """Session-wide cue settings from ``[cues]``; defaults suit a run/walk session."""

    countdown: int = 3
    halfway: bool = True
    halfway_min: int = 60
    voice: bool = True
    sounds: dict[Kind, Path] = field(default_factory=dict)
    say_next: bool = True
    """During a rest (or a recovery walk), say what comes next."""
    say_last_round: bool = True
    """ "Last one" as the last round of a repeated block starts."""
    say_halfway: bool = True
    """The word "halfway" after the halfway tone."""
    say_notes: bool = True
    """A step's note, the first time the step comes."""
    say_speed: bool = True
    """A step's treadmill speed and incline as it starts."""
    say_speed_change: int = 10
    """Seconds before a change of speed or incline to announce it (0: never)."""
    say_countdown: bool = False
    """ "Three, two, one" spoken instead of the countdown beeps."""
    given: frozenset[str] = frozenset()
    """The keys the session file set itself: they win over the user's config."""


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of ``steps`` that is not a block: timed (duration) or counted (reps)."""

    kind: Kind
    name: str
    duration: int | None = None
    reps: int | None = None
    sets: int = 1
    rest: int | None = None
    per_side: bool = False
    score: bool = False
    """A counted step whose count is asked for: `reps` is only the usual value."""
    note: str | None = None
    sound: Path | None = None
    say: str | None = None
    line: int = 0
    speed: Speed | None = None
    """Treadmill belt speed for a timed step (its block's when None)."""
    incline: float | None = None
    """Treadmill incline in percent for a timed step (its block's when None)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A group of steps run ``repeat`` times, with optional rest between rounds."""

    steps: tuple[Step | Block, ...]
    repeat: int = 1
    name: str | None = None
    rest_between: int | None = None
    line: int = 0
    speed: Speed | None = None
    """The default speed of the block's timed steps (rest steps excepted)."""
    incline: float | None = None
    """The default incline of the block's timed steps (rest steps excepted)."""


@dataclass(frozen=True, slots=True)
class Session:
    name: str
    steps: tuple[Step | Block, ...]
    path: Path | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    program: Program | None = None
    cues: CueSettings = field(default_factory=CueSettings)
