"""Rules on text that every exchange format shares: one clean line, in and out.

Other tools' files are a place where control characters do harm (XML 1.0 has no
way to hold most of them, a newline would split a line of workout text), so the
writers put a space where a session's name or note has one; the readers refuse
them instead, with the line they are on.
"""

from __future__ import annotations

import unicodedata

from timer_tui.core.treadmill import (
    KM_PER_MILE,
    SpeedUnit,
    TreadmillValueError,
    format_speed,
    parse_incline,
    parse_speed,
)

MAX_NAME = 2000
"""The session format's limit on one string."""


def plain_line(text: str) -> str:
    """``text`` with every control character (newlines too) made a space, and trimmed."""
    if text.isprintable():
        return text.strip()
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(cleaned.split()) if "\n" in text or "\r" in text else cleaned.strip()


def control_character(text: str) -> str | None:
    """The first control character in ``text`` (tabs count), or None."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return char
    return None


def speed_value(kmh: float, unit: SpeedUnit | None) -> str:
    """A speed as a session file takes it, in its own unit, exact enough to read back.

    ``format_speed`` rounds to what a console shows (one decimal); a file keeps three.
    """
    unit = unit or SpeedUnit.KMH
    if unit is SpeedUnit.KMH:
        return f"{round(kmh, 3):g} km/h"
    if unit is SpeedUnit.MPH:
        return f"{round(kmh / KM_PER_MILE, 3):g} mph"
    return format_speed(kmh, unit)  # a pace, to the second: what a file can say


def targets_text(kmh: float | None, unit: SpeedUnit | None, incline: float | None) -> str:
    """``" · 9.5 km/h · incline 1%"``: what follows a step's name where a format has no field."""
    parts = [speed_value(kmh, unit)] if kmh is not None else []
    if incline is not None:
        parts.append(f"incline {incline:g}%")
    return "".join(f" · {p}" for p in parts)


def split_targets(text: str) -> tuple[str, float | None, SpeedUnit | None, float | None]:
    """``targets_text`` read back from the end of a name: (name, km/h, unit, incline)."""
    parts = text.split(" · ")
    kmh: float | None = None
    unit: SpeedUnit | None = None
    incline: float | None = None
    if len(parts) > 1 and parts[-1].startswith("incline "):
        try:
            incline = parse_incline(parts[-1].removeprefix("incline "))
            parts.pop()
        except TreadmillValueError:
            pass
    if len(parts) > 1:
        try:
            speed = parse_speed(parts[-1])
            kmh, unit = speed.kmh, speed.unit
            parts.pop()
        except TreadmillValueError:
            pass
    return " · ".join(parts), kmh, unit, incline
