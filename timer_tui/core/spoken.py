"""Numbers as a voice should say them: "nine and a half", "three", "minus two".

A speech engine reads "9.5 km/h" as "nine point five k m slash h", and a runner
with their ears full of belt noise catches "nine and a half kilometres an hour"
far better. Everything that is spoken and holds a number that is not a plain
count goes through here, so the words, ``show --cues`` and the tests agree.
The figures are rounded as ``core.treadmill.format_speed`` shows them, so the
voice says what the screen and the treadmill's console show. Pure: no I/O.
"""

from __future__ import annotations

import re
from functools import partial

from timer_tui.core.treadmill import KM_PER_MILE, SpeedUnit

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_FRACTIONS = {25: "and a quarter", 50: "and a half", 75: "and three quarters"}


def number_words(n: int) -> str:
    """A whole number in words, as British English says it: 21 -> "twenty-one",
    105 -> "one hundred and five"; negatives with "minus"."""
    if n < 0:
        return f"minus {number_words(-n)}"
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = f"{_ONES[hundreds]} hundred"
        return f"{head} and {number_words(rest)}" if rest else head
    thousands, rest = divmod(n, 1000)
    head = f"{number_words(thousands)} thousand"
    if not rest:
        return head
    return f"{head} and {number_words(rest)}" if rest < 100 else f"{head} {number_words(rest)}"


def decimal_words(value: float, places: int = 1) -> str:
    """A figure as a treadmill console shows it, said for the ear.

    Halves and quarters are said as such (9.5 -> "nine and a half", 6.25 -> "six and
    a quarter"), other fractions digit by digit (6.2 -> "six point two"), whole
    numbers plainly (10.0 -> "ten"); ``places`` is how many decimals the console shows.
    """
    rounded = round(value, places)
    sign = "minus " if rounded < 0 else ""
    rounded = abs(rounded)
    whole = int(rounded)
    hundredths = round((rounded - whole) * 100)
    if hundredths == 100:
        whole, hundredths = whole + 1, 0
    text = number_words(whole)
    if hundredths in _FRACTIONS:
        return f"{sign}{text} {_FRACTIONS[hundredths]}"
    if hundredths:
        digits = f"{hundredths:02d}".rstrip("0")
        return f"{sign}{text} point {' '.join(_ONES[int(d)] for d in digits)}"
    return sign + text


def clock_words(minutes: int, seconds: int) -> str:
    """A pace's time as runners say it: 6:00 -> "six minutes", 6:30 -> "six thirty",
    9:05 -> "nine oh five"."""
    if seconds == 0:
        return f"{number_words(minutes)} {'minute' if minutes == 1 else 'minutes'}"
    tail = f"oh {_ONES[seconds]}" if seconds < 10 else number_words(seconds)
    return f"{number_words(minutes)} {tail}"


def capitalised(text: str) -> str:
    """The first letter upper case, the rest as written (names keep their case)."""
    return text[:1].upper() + text[1:]


def speed_figure_words(kmh: float, unit: SpeedUnit) -> str:
    """The figure a runner sets the belt to, without a unit for a speed: "nine and a
    half" (km/h), "six" (mph); a pace keeps its unit, as "six thirty" alone is no speed:
    "six thirty per kilometre"."""
    if unit is SpeedUnit.KMH:
        return decimal_words(kmh)
    if unit is SpeedUnit.MPH:
        return decimal_words(kmh / KM_PER_MILE)
    per = KM_PER_MILE if unit is SpeedUnit.PACE_MI else 1.0
    seconds = round(per * 3600 / kmh)
    where = "mile" if unit is SpeedUnit.PACE_MI else "kilometre"
    return f"{clock_words(seconds // 60, seconds % 60)} per {where}"


def speed_words(kmh: float, unit: SpeedUnit) -> str:
    """A speed in full: "nine and a half kilometres an hour", "six miles an hour",
    "six minutes per kilometre"."""
    figure = speed_figure_words(kmh, unit)
    if unit is SpeedUnit.KMH:
        return f"{figure} {'kilometre' if figure == 'one' else 'kilometres'} an hour"
    if unit is SpeedUnit.MPH:
        return f"{figure} {'mile' if figure == 'one' else 'miles'} an hour"
    return figure


def incline_words(pct: float) -> str:
    """ "incline one percent", "incline one and a half percent", "incline minus two
    percent", "incline zero" (flat: the button the runner presses says 0)."""
    rounded = round(pct, 1)
    if rounded == 0:
        return "incline zero"
    return f"incline {decimal_words(rounded)} percent"


_NUMBER = r"(\d+(?:[.,]\d+)?)"
_ABBREVIATIONS = (
    (re.compile(rf"\b{_NUMBER}\s?s\b"), "second"),
    (re.compile(rf"\b{_NUMBER}\s?(?:min|mins)\b"), "minute"),
    (re.compile(rf"\b{_NUMBER}\s?(?:km/h|kph)"), "kilometres an hour"),
    (re.compile(rf"\b{_NUMBER}\s?mph\b"), "miles an hour"),
    (re.compile(rf"\b{_NUMBER}\s?km\b"), "kilometre"),
    (re.compile(rf"\b{_NUMBER}\s?kg\b"), "kilo"),
)
_TIMES = re.compile(r"\b(\d+)\s?[x×]\s?(\d+)\b")


def for_the_ear(text: str) -> str:
    """A note as written for the eye, made fit to be read aloud: a speech engine says
    "1 s" as "one ess" and "3 x 25" as "three ex twenty-five"; here they become "1
    second" and "3 times 25". Only a unit right after a figure is touched."""
    for pattern, word in _ABBREVIATIONS:
        text = pattern.sub(partial(_spelled, word), text)
    return _TIMES.sub(r"\1 times \2", text)


def _spelled(word: str, match: re.Match[str]) -> str:
    """ "3 seconds", "1 second"; a unit of several words is never plural ("an hour")."""
    figure = match.group(1)
    if " " in word or figure in ("1", "1.0"):
        return f"{figure} {word}"
    return f"{figure} {word}s"
