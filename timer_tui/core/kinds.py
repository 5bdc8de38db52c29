"""Every kind of step and everything that follows from it, in one table.

A kind decides the word on screen and in the voice, the accent colour, the
log's weekly category and the tone that starts the step. Keeping all of it in
one row per kind means a new kind is the enum member, its row here and its WAV
in ``sounds/`` (made by ``tools/gen_sounds.py``); a test checks that every kind
has a full row and that every tone exists.

The colours are the Okabe-Ito palette: Okabe and Ito chose these eight to stay
distinct for the common forms of colour blindness (protanopia, deuteranopia),
so run and walk never look alike to a red-green colour-blind runner. The word is
always written as well: colour is never the only signal. They are plain
``#RRGGBB`` strings, so the core stays free of any UI library.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
REDDISH_PURPLE = "#CC79A7"


class Category(str, Enum):
    """The log's weekly totals group kinds into these; the values are what views show."""

    RUNNING = "running"
    WALKING = "walking"
    STRENGTH = "strength"
    OTHER = "other"


class Kind(str, Enum):
    """What a step is; the screen colour, the tones and the log's totals follow it."""

    WARMUP = "warmup"
    RUN = "run"
    WALK = "walk"
    WORK = "work"
    REST = "rest"
    COOLDOWN = "cooldown"
    EXERCISE = "exercise"
    STRETCH = "stretch"

    @property
    def label(self) -> str:
        """The word written on screen and spoken: never only a colour."""
        return KINDS[self].label

    @property
    def colour(self) -> str:
        return KINDS[self].colour

    @property
    def category(self) -> Category | None:
        return KINDS[self].category

    @property
    def start_tone(self) -> str:
        return KINDS[self].start_tone

    @property
    def is_active(self) -> bool:
        """Rest does not count as training time in totals: it is the kind with no category."""
        return KINDS[self].category is not None


@dataclass(frozen=True, slots=True)
class KindInfo:
    label: str
    """The word shown and spoken ("Warm-up")."""
    colour: str
    """The accent colour (``#RRGGBB``): phase band, digits, progress bars."""
    category: Category | None
    """Where the log's weekly totals count it; None is not training time (rest)."""
    start_tone: str
    """The bundled sound (``sounds/<name>.wav``) that starts a step of this kind."""


KINDS: dict[Kind, KindInfo] = {
    Kind.WARMUP: KindInfo("Warm-up", REDDISH_PURPLE, Category.OTHER, "start-warmup"),
    Kind.RUN: KindInfo("Run", VERMILLION, Category.RUNNING, "start-run"),
    Kind.WALK: KindInfo("Walk", BLUISH_GREEN, Category.WALKING, "start-walk"),
    Kind.WORK: KindInfo("Work", ORANGE, Category.STRENGTH, "start-work"),
    Kind.REST: KindInfo("Rest", SKY_BLUE, None, "start-rest"),
    Kind.COOLDOWN: KindInfo("Cool-down", REDDISH_PURPLE, Category.OTHER, "start-cooldown"),
    Kind.EXERCISE: KindInfo("Exercise", BLUE, Category.STRENGTH, "start-exercise"),
    Kind.STRETCH: KindInfo("Stretch", YELLOW, Category.OTHER, "start-stretch"),
}
