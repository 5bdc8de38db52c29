"""Durations as people write them in session files, and as the screen and voice say them.

Accepted forms: integer seconds (``90``), unit strings (``"45s"``, ``"1m30s"``,
``"2m"``, ``"1h"``, ``"1h 5m"``), and clock strings (``"1:30"``, ``"1:02:03"``).
"""

from __future__ import annotations

import math
import re

from timer_tui.core.wording import plural

_UNIT_RE = re.compile(r"([0-9]+)\s*(h|m|s)", re.IGNORECASE)
_UNITS_FULL_RE = re.compile(r"^\s*(?:[0-9]+\s*[hms]\s*)+$", re.IGNORECASE)
_CLOCK_RE = re.compile(r"^\s*([0-9]+):([0-5][0-9])(?::([0-5][0-9]))?\s*$")
_SECONDS = {"h": 3600, "m": 60, "s": 1}
_TOO_MANY_DIGITS_RE = re.compile(r"[0-9]{10}")

DURATION_FORMS = (
    'whole seconds (90) or a string such as "45s", "1m30s", "2m", "1h", "1:30", "1:02:03"'
)


class DurationError(ValueError):
    """A duration that cannot be read; the message says what is allowed."""


def parse_duration(value: object) -> int:
    """Return the duration in whole seconds, or raise DurationError.

    Zero and negative durations are rejected here because no step can last them.
    """
    if isinstance(value, bool):
        raise DurationError(
            f"found a boolean ({str(value).lower()}); a duration is {DURATION_FORMS}"
        )
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float):
        raise DurationError(f"found {_show(value)}, a fractional number; use {DURATION_FORMS}")
    elif isinstance(value, str):
        seconds = _parse_duration_text(value)
    else:
        raise DurationError(f"found {type(value).__name__}; a duration is {DURATION_FORMS}")
    if seconds <= 0:
        raise DurationError(f"found {_show(value)}; a duration must be more than zero seconds")
    return seconds


def _parse_duration_text(text: str) -> int:
    if _TOO_MANY_DIGITS_RE.search(text):
        # Checked before int(): past 4,300 digits Python raises, and no duration
        # of at most 24 hours needs more than a few digits.
        raise DurationError(f"found {_show(text)}; a duration may be at most 24 hours")
    clock = _CLOCK_RE.match(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + int(third)
    if _UNITS_FULL_RE.match(text):
        units = [u.lower() for _, u in _UNIT_RE.findall(text)]
        if len(set(units)) != len(units):
            raise DurationError(f"found {_show(text)}, which repeats a unit; use {DURATION_FORMS}")
        return sum(int(n) * _SECONDS[u.lower()] for n, u in _UNIT_RE.findall(text))
    if re.fullmatch(r"[0-9]+", text.strip()):
        return int(text.strip())
    raise DurationError(f"found {_show(text)}; a duration is {DURATION_FORMS}")


def format_clock(seconds: float) -> str:
    """``75 -> "1:15"``, ``3725 -> "1:02:05"``; fractions round up so 0.2 s left shows 0:01."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_elapsed(seconds: float) -> str:
    """Count-up clocks round down: 0.9 s into a set is still 0:00."""
    return format_clock(math.floor(max(0.0, seconds)))


def spoken_duration(seconds: int) -> str:
    """How the voice says a length: "90 seconds", "2 minutes", "1 minute 30 seconds"."""
    if seconds < 120 and seconds % 60:
        return plural(seconds, "second")
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(plural(hours, "hour"))
    if minutes:
        parts.append(plural(minutes, "minute"))
    if secs:
        parts.append(plural(secs, "second"))
    return " ".join(parts)


def _show(value: object) -> str:
    """The value as the error quotes it: cut short, and a huge number not printed at all."""
    if isinstance(value, str):
        return f'"{value[:60]}…"' if len(value) > 60 else f'"{value}"'
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number far too large"
    return repr(value)
