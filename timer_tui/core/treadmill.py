"""Treadmill speed and incline: reading them, showing them, and the distance they make.

A speed is kept in one unit, km/h, whatever the file or the config wrote
("9.5 km/h", "6 mph", a pace "6:00/km" or "9:40/mi"), so the log, the distance
and every comparison agree; the unit it was written in travels with it, because a
runner who wrote mph wants to read mph. Everything here is pure: the loader and
the config call ``parse_speed``/``parse_incline``, and every screen, the plain
lines, the voice and the exports call the ``format_*`` functions.

The limits are what treadmills have: belts run from about 0.8 km/h (0.5 mph) to
20-25 km/h, a few to 30; incline trainers go from -6% to 40%. A value outside
them is a typo ("95 km/h", "15:00/mi" meant as a speed), so the loader refuses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

from timer_tui.core.kinds import Kind

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from timer_tui.core.timeline import Timeline, TimelineStep

KM_PER_MILE = 1.609344
MIN_KMH = 0.5
MAX_KMH = 30.0
MIN_INCLINE = -6.0
MAX_INCLINE = 40.0

SPEED_FORMS = 'a speed with its unit ("9.5 km/h", "6 mph") or a pace ("6:00/km", "9:40/mi")'
INCLINE_FORMS = 'a number of percent (1, 1.5, -2) or a string such as "1%"'


class SpeedUnit(str, Enum):
    """How a speed is written and shown; the value is the config's spelling."""

    KMH = "km/h"
    MPH = "mph"
    PACE_KM = "min/km"
    PACE_MI = "min/mi"

    @property
    def is_pace(self) -> bool:
        return self in (SpeedUnit.PACE_KM, SpeedUnit.PACE_MI)

    @property
    def in_miles(self) -> bool:
        """Distances beside this unit are in miles, else kilometres."""
        return self in (SpeedUnit.MPH, SpeedUnit.PACE_MI)

    @property
    def distance_unit(self) -> str:
        return "mi" if self.in_miles else "km"


class TreadmillValueError(ValueError):
    """A speed or incline that cannot be read or is out of range; the message says why."""


@dataclass(frozen=True, slots=True)
class Speed:
    """A belt speed in km/h and the unit it was written in (shown in that unit by default)."""

    kmh: float
    unit: SpeedUnit = SpeedUnit.KMH

    def text(self, unit: SpeedUnit | None = None) -> str:
        return format_speed(self.kmh, unit or self.unit)


# -- reading ---------------------------------------------------------------------------------
_NUMBER = r"([0-9]{1,3}(?:[.,][0-9]{1,3})?)"
_SPEED_RE = re.compile(rf"^\s*{_NUMBER}\s*(km/h|kmh|kph|mph|mi/h)\s*$", re.IGNORECASE)
_PACE_RE = re.compile(
    r"^\s*([0-9]{1,3}):([0-9]{2})\s*(?:min)?\s*/\s*(km|mi|mile)\s*$", re.IGNORECASE
)
_INCLINE_RE = re.compile(r"^\s*(-?[0-9]{1,3}(?:[.,][0-9]{1,2})?)\s*%\s*$")
_UNIT_OF = {"km/h": SpeedUnit.KMH, "kmh": SpeedUnit.KMH, "kph": SpeedUnit.KMH}


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value[:40]}{"..." if len(value) > 40 else ""}"'
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number far too large"
    return str(value) if isinstance(value, int | float) else type(value).__name__


def parse_speed(value: object) -> Speed:
    """The speed a session or the config wrote, or ``TreadmillValueError`` saying why not."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not MIN_KMH <= value <= MAX_KMH:  # nan, inf, 10**400: no "inf km/h" hint
            raise TreadmillValueError(f"found {_shown(value)}; expected {SPEED_FORMS}")
        raise TreadmillValueError(
            f'found {_shown(value)} without a unit; write "{value:g} km/h" or "{value:g} mph"'
        )
    if not isinstance(value, str):
        raise TreadmillValueError(f"found {_shown(value)}; expected {SPEED_FORMS}")
    speed = _read_speed_text(value)
    if speed is None:
        raise TreadmillValueError(f"found {_shown(value)}; expected {SPEED_FORMS}")
    if not MIN_KMH <= speed.kmh <= MAX_KMH:
        kmh = "" if speed.unit is SpeedUnit.KMH else f" ({speed.kmh:.1f} km/h)"
        raise TreadmillValueError(
            f"found {_shown(value)}{kmh}; a treadmill runs from {_range_in(speed.unit)}"
        )
    return speed


def _read_speed_text(text: str) -> Speed | None:
    match = _SPEED_RE.match(text)
    if match:
        number = float(match.group(1).replace(",", "."))
        word = match.group(2).lower()
        if word in _UNIT_OF:
            return Speed(number, SpeedUnit.KMH)
        return Speed(number * KM_PER_MILE, SpeedUnit.MPH)
    match = _PACE_RE.match(text)
    if match:
        minutes, seconds, per = match.groups()
        if int(seconds) > 59:
            return None
        total = int(minutes) * 60 + int(seconds)
        unit = SpeedUnit.PACE_KM if per.lower() == "km" else SpeedUnit.PACE_MI
        if total == 0:
            return Speed(0.0, unit)
        km = 1.0 if unit is SpeedUnit.PACE_KM else KM_PER_MILE
        return Speed(km * 3600 / total, unit)
    return None


def _range_in(unit: SpeedUnit) -> str:
    """The allowed range in the unit the user wrote."""
    low = format_speed(MIN_KMH, unit)
    high = format_speed(MAX_KMH, unit)
    if unit.is_pace:  # slowest pace is the longest time
        return f"{high} to {low} (paces of {MAX_KMH:g} to {MIN_KMH:g} km/h)"
    if unit is SpeedUnit.MPH:
        return f"{low} to {high} ({MIN_KMH:g} to {MAX_KMH:g} km/h)"
    return f"{low} to {high}"


def parse_incline(value: object) -> float:
    """The incline in percent, or ``TreadmillValueError`` saying why not."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TreadmillValueError(f"found {_shown(value)}; expected {INCLINE_FORMS}")
    if isinstance(value, str):
        match = _INCLINE_RE.match(value)
        if match is None:
            raise TreadmillValueError(f"found {_shown(value)}; expected {INCLINE_FORMS}")
        pct = float(match.group(1).replace(",", "."))
    elif isinstance(value, int) and value.bit_length() > 64:
        pct = math.inf
    else:
        pct = float(value)
    if not MIN_INCLINE <= pct <= MAX_INCLINE:
        raise TreadmillValueError(
            f"found {_shown(value)}; a treadmill's incline runs from "
            f"{MIN_INCLINE:g}% to {MAX_INCLINE:g}%"
        )
    return pct


# -- showing ---------------------------------------------------------------------------------
def format_speed(kmh: float, unit: SpeedUnit = SpeedUnit.KMH) -> str:
    """As a treadmill's console shows it: "9.5 km/h", "6.0 mph", "6:00/km", "9:40/mi"."""
    if unit is SpeedUnit.KMH:
        return f"{kmh:.1f} km/h"
    if unit is SpeedUnit.MPH:
        return f"{kmh / KM_PER_MILE:.1f} mph"
    per = KM_PER_MILE if unit is SpeedUnit.PACE_MI else 1.0
    seconds = round(per * 3600 / kmh)
    return f"{seconds // 60}:{seconds % 60:02d}/{unit.distance_unit}"


def speed_number(kmh: float, unit: SpeedUnit) -> str:
    """The figure alone, for a big readout beside its unit: "9.5", "6.0", "6:00"."""
    return format_speed(kmh, unit).split(" ")[0].split("/")[0]


def unit_label(unit: SpeedUnit) -> str:
    """The unit beside ``speed_number``: "km/h", "mph", "/km", "/mi"."""
    return f"/{unit.distance_unit}" if unit.is_pace else unit.value


def format_incline(pct: float) -> str:
    """ "1%", "1.5%", "-2%", "0%": a tenth of a percent at most, as consoles step."""
    rounded = round(pct, 1)
    return f"{rounded:g}%" if rounded != 0 else "0%"


def distance_m(kmh: float | None, seconds: float) -> float | None:
    """Metres covered at ``kmh`` for ``seconds`` of active time; None without a speed."""
    if kmh is None:
        return None
    return kmh * max(seconds, 0.0) / 3.6


def format_distance(metres: float, unit: SpeedUnit | None = None) -> str:
    """ "2.35 km" or "1.46 mi" (miles beside mph and min/mi)."""
    if unit is not None and unit.in_miles:
        return f"{metres / 1000 / KM_PER_MILE:.2f} mi"
    return f"{metres / 1000:.2f} km"


def planned_distance_m(steps: Iterable[TimelineStep]) -> float | None:
    """The distance of the timed steps with a speed, run as planned; None when none has one."""
    parts = [distance_m(s.speed_kmh, s.seconds or 0) for s in steps if s.speed_kmh is not None]
    return sum(p for p in parts if p is not None) if parts else None


def distance_unit_of(steps: Iterable[TimelineStep]) -> SpeedUnit | None:
    """The unit a session's distances are shown beside: its first speed's."""
    return next((s.speed_unit for s in steps if s.speed_unit is not None), None)


def treadmill_record(step: TimelineStep) -> dict[str, object]:
    """A step's speed and incline for JSON: km/h and percent, and as the screen shows them."""
    return {
        "speed_kmh": None if step.speed_kmh is None else round(step.speed_kmh, 3),
        "speed": step.speed_text,
        "speed_unit": step.speed_unit.value if step.speed_unit else None,
        "incline_pct": step.incline_pct,
    }


# -- the runner's own speeds (config) ---------------------------------------------------------
DEFAULT_KINDS = (Kind.WARMUP, Kind.RUN, Kind.WALK, Kind.COOLDOWN)
"""Kinds the ``[treadmill]`` config gives a speed and incline to."""


@dataclass(frozen=True, slots=True)
class TreadmillSettings:
    """The config's ``[treadmill]``: speed and incline per kind, and the units to show."""

    units: SpeedUnit | None = None
    """None: each speed in the unit it was written in."""
    speeds: Mapping[Kind, Speed] = field(default_factory=dict)
    inclines: Mapping[Kind, float] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.units is None and not self.speeds and not self.inclines


def _on_a_treadmill(timeline: Timeline) -> bool:
    return any(
        step.speed_kmh is not None
        or step.incline_pct is not None
        or (step.is_timed and step.kind in (Kind.RUN, Kind.WALK))
        for step in timeline.steps
    )


def apply_treadmill(timeline: Timeline, settings: TreadmillSettings | None) -> Timeline:
    """The timeline with the config's speed and incline where the session gives none.

    A step's own value (or its block's) wins; only timed steps of ``DEFAULT_KINDS``
    take the config's. ``units`` sets the unit every speed is shown in.

    Only a session that is run or walked takes the config's: one with a timed run or
    walk step, or a speed of its own. A strength circuit's warm-up ("brisk walk or
    marching on the spot") is not on a treadmill; given a speed, it put the treadmill
    readout ("no speed set") under every lift after it, and a distance in the log.
    """
    if settings is None or settings.empty or not _on_a_treadmill(timeline):
        return timeline
    from timer_tui.core.timeline import Timeline

    steps = []
    for step in timeline.steps:
        kmh, incline, unit = step.speed_kmh, step.incline_pct, step.speed_unit
        if step.is_timed and step.kind in settings.speeds and kmh is None:
            speed = settings.speeds[step.kind]
            kmh, unit = speed.kmh, speed.unit
        if step.is_timed and step.kind in settings.inclines and incline is None:
            incline = settings.inclines[step.kind]
        if kmh is not None and settings.units is not None:
            unit = settings.units
        steps.append(replace(step, speed_kmh=kmh, incline_pct=incline, speed_unit=unit))
    return Timeline(tuple(steps))
