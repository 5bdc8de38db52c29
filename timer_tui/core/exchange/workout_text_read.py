"""Reading plain workout text (our own, or intervals.icu's) into a workout plan.

A step line is read from its end: the words a step may end with (a kind,
``score``, ``press lap``, and intervals.icu's targets such as ``60%``, ``Z2`` or
``5:00/km Pace``, which have no meaning here) are taken off, the last word left
is the length, and what stands before it is the name, so a name may hold words
such as "60 s" without being misread. A step with no kind word gets one from its
name ("Easy walk" is a walk) or its section ("Warmup"), else work (timed) or
exercise (counted). Every problem is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from timer_tui.core.exchange.plan import Move, Node, count_moves, repeated
from timer_tui.core.exchange.text_rules import MAX_NAME, control_character
from timer_tui.core.exchange.toml_out import Imported, default_kind
from timer_tui.core.exchange.workout_text import REPEAT_RE
from timer_tui.core.format_spec import MAX_REPEAT, MAX_REPS, MAX_STEPS
from timer_tui.core.loader import LoadError
from timer_tui.core.model import Kind
from timer_tui.core.safe_text import shorten
from timer_tui.core.treadmill import Speed, TreadmillValueError, parse_incline, parse_speed

MAX_SECONDS = 24 * 3600
T = TypeVar("T")

_DURATION_RE = re.compile(
    r"^(?:(?P<h>\d{1,6})h)?(?:(?P<m>\d{1,6})m)?(?:(?P<s>\d{1,6})s?)?$"
    r"|^(?:(?P<am>\d{1,6})')?(?:(?P<as>\d{1,6})\")?$",
    re.IGNORECASE,
)
_PACE_RE = re.compile(r"^\d{1,3}:\d\d/(?:km|mi)$", re.IGNORECASE)
_PERCENT_RE = re.compile(r"^-?\d+(?:[.,]\d+)?%$")
_DISTANCE_RE = re.compile(r"^\d+(?:\.\d+)?(?:km|mi|mtr|y)$", re.IGNORECASE)
_IGNORED_RE = re.compile(
    r"^(?:\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?%"  # 60%, 95-105%
    r"|z\d+(?:-z\d+)?"  # Z2, Z2-Z3
    r"|\d+(?:-\d+)?(?:rpm|w)"  # 90rpm, 220w
    r"|\d+:\d\d(?:-\d+:\d\d)?(?:/\w+)?"  # 5:00/km
    r"|hr|lthr|pace|power|ramp|freeride|mmp|intensity=\w+)$",
    re.IGNORECASE,
)
KIND_WORDS = {k.value: k for k in Kind} | {
    "warm-up": Kind.WARMUP,
    "cool-down": Kind.COOLDOWN,
    "recovery": Kind.REST,
}
_NAME_HINTS = (
    ("warm", Kind.WARMUP),
    ("cool", Kind.COOLDOWN),
    ("walk", Kind.WALK),
    ("recover", Kind.REST),
    ("rest", Kind.REST),
    ("stretch", Kind.STRETCH),
    ("jog", Kind.RUN),
    ("run", Kind.RUN),
)


@dataclass(slots=True)
class _Line:
    number: int
    text: str


@dataclass(slots=True)
class _Step:
    kind: Kind | None = None
    score: bool = False
    lap: bool = False
    speed: Speed | None = None
    incline: float | None = None
    words: list[str] = field(default_factory=list)


def parse_length(word: str) -> int | None:
    """Seconds in ``5m``, ``90s``, ``1m30s``, ``1m30``, ``1h``, ``5'``, ``1'30"``; else None."""
    match = _DURATION_RE.match(word)
    if not match or not any(match.groupdict().values()):
        return None
    g = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    bare = match.group("h") is None and match.group("m") is None and match.group("s") is not None
    if bare and not word.lower().endswith("s"):
        return None  # a bare number is a count, not a time
    return g["h"] * 3600 + g["m"] * 60 + g["s"] + g["am"] * 60 + g["as"]


class _Reader:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.errors: list[LoadError] = []

    def error(self, line: _Line, message: str, key: str = "") -> None:
        self.errors.append(LoadError(self.path, line.number, None, key, message))

    def _tail(self, line: _Line, words: list[str]) -> _Step:
        step = _Step(words=list(words))
        while step.words:
            word = step.words[-1].lower()
            if word == "lap" and len(step.words) > 1 and step.words[-2].lower() == "press":
                step.lap = True
                del step.words[-2:]
            elif word in KIND_WORDS and step.kind is None and len(step.words) > 1:
                step.kind = KIND_WORDS[word]
                step.words.pop()
            elif _PACE_RE.match(word) and step.speed is None:
                step.speed = self._treadmill(line, word, parse_speed)
                step.words.pop()
            elif (
                _PERCENT_RE.match(word)
                and len(step.words) > 1
                and step.words[-2].lower() == "incline"
            ):
                step.incline = self._treadmill(line, word, parse_incline)
                del step.words[-2:]
            elif word == "score":
                step.score = True
                step.words.pop()
            elif _IGNORED_RE.match(word):
                step.words.pop()
            else:
                break
        return step

    def _treadmill(self, line: _Line, word: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(word)
        except TreadmillValueError as exc:
            self.error(line, str(exc))
            return None

    def step(self, line: _Line, section: str | None) -> Move | None:
        words = line.text[1:].split()
        step = self._tail(line, words)
        if not step.words:
            self.error(line, "a step needs its length: 5m, 90s, 1m30s, 1h, or 10 reps")
            return None
        seconds: int | None = None
        reps: int | None = None
        last = step.words[-1]
        if last.lower() in ("reps", "rep") and len(step.words) > 1 and step.words[-2].isdigit():
            reps = int(step.words[-2][:9])
            name_words = step.words[:-2]
            if not 1 <= reps <= MAX_REPS:
                self.error(
                    line, f'found "{shorten(step.words[-2])} reps"; from 1 to {MAX_REPS:,} reps'
                )
                return None
        elif _DISTANCE_RE.match(last):
            self.error(line, f'"{last}" is a distance; timer-tui steps are timed or counted')
            return None
        else:
            seconds = parse_length(last)
            name_words = step.words[:-1]
            if seconds is None:
                self.error(
                    line,
                    f'cannot tell the step\'s length: "{shorten(last)}" is not a duration '
                    '(5m, 90s, 1m30s, 1h, 5\') nor "N reps"',
                )
                return None
            if not 1 <= seconds <= MAX_SECONDS:
                self.error(line, f'found "{last}"; a duration of 1 second to 24 hours')
                return None
        name = " ".join(name_words)
        if len(name) > MAX_NAME:
            self.error(line, f"the name is {len(name):,} characters; at most {MAX_NAME:,}")
            return None
        kind = step.kind or _kind_from(name, section) or default_kind(seconds is not None)
        if seconds is None and not name:
            self.error(line, "a rep step needs a name (which exercise?): - Push-up 10 reps")
            return None
        if step.score and seconds is not None:
            self.error(line, '"score" goes with a count (- Push-ups 20 reps score), not a time')
            return None
        if seconds is None and (step.speed or step.incline is not None):
            self.error(line, "a speed or incline goes with a timed step, not a count")
            return None
        speed = step.speed
        return Move(
            kind,
            name or kind.label,
            seconds,
            reps,
            step.score,
            speed_kmh=speed.kmh if speed else None,
            speed_unit=speed.unit if speed else None,
            incline=step.incline,
        )


def _kind_from(name: str, section: str | None) -> Kind | None:
    for text in (name, section or ""):
        lowered = text.lower()
        for hint, kind in _NAME_HINTS:
            if hint in lowered:
                return kind
    return None


def _lines(text: str, reader: _Reader) -> list[_Line]:
    lines: list[_Line] = []
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        raw = raw.removesuffix("\r").replace("\t", " ")
        bad = control_character(raw)
        if bad is not None:
            reader.error(_Line(number, raw), f"holds a control character ({bad!r}); use plain text")
            continue
        lines.append(_Line(number, raw.strip()))
    return lines


class _Builder:
    """The document read line by line: prose, headings, steps, and the repeat being filled."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.nodes: list[Node] = []
        self.prose: list[str] = []
        self.section: str | None = None
        self.times = 1
        self.body: list[Node] = []
        self.seen_step = False

    def close(self) -> None:
        """The steps gathered so far, repeated when a heading said ``Nx``."""
        self.nodes.extend(repeated(self.body, self.times, self.section if self.times > 1 else None))
        self.body, self.times = [], 1

    def line(self, line: _Line, following: str) -> None:
        if not line.text:
            self.close()
            self.section = None
        elif line.text.startswith("-"):
            self.seen_step = True
            move = self.reader.step(line, self.section)
            if move is not None:
                self.body.append(move)
        elif following.startswith("-"):  # a heading: the steps under it follow
            self.heading(line)
        elif self.seen_step:
            self.reader.error(
                line, 'a line of text with no steps under it; a step line starts with "- "'
            )
        else:
            self.prose.append(line.text)

    def heading(self, line: _Line) -> None:
        self.close()
        match = REPEAT_RE.match(line.text)
        if match is None:
            self.section = line.text
            return
        self.times = int(match.group("times")[:9])
        self.section = match.group("name")
        if not 1 <= self.times <= MAX_REPEAT:
            self.reader.error(line, f'found "{shorten(line.text)}"; a repeat of 1 to {MAX_REPEAT}x')
            self.times = 1


def read_workout_text(
    text: str, path: Path | None, fallback_name: str
) -> Imported | list[LoadError]:
    """The workout in ``text``, or every problem found (at least one)."""
    reader = _Reader(path)
    lines = _lines(text, reader)
    builder = _Builder(reader)
    for i, line in enumerate(lines):
        builder.line(line, lines[i + 1].text if i + 1 < len(lines) else "")
    builder.close()
    nodes, prose = builder.nodes, builder.prose
    if not reader.errors and not nodes:
        reader.error(_Line(1, ""), "no steps: a step is a line such as - 5m warmup")
    if not reader.errors and count_moves(nodes) > MAX_STEPS:
        reader.error(_Line(1, ""), f"more than {MAX_STEPS} steps; split the workout")
    if reader.errors:
        return sorted(reader.errors, key=lambda e: e.line)
    name = prose[0] if prose else fallback_name
    description = " ".join(prose[1:]) or None
    if len(name) > MAX_NAME or (description and len(description) > MAX_NAME):
        reader.error(_Line(1, ""), f"the name or description is over {MAX_NAME:,} characters")
        return reader.errors
    return Imported(name, tuple(nodes), description)
