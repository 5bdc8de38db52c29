from __future__ import annotations

import pytest

from timer_tui.core.durations import (
    DurationError,
    format_clock,
    format_elapsed,
    parse_duration,
    spoken_duration,
)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90),
        ("45s", 45),
        ("1m30s", 90),
        ("1m 30s", 90),
        ("2m", 120),
        ("1h", 3600),
        ("1h5m", 3900),
        ("1:30", 90),
        ("0:45", 45),
        ("1:02:03", 3723),
        ("90", 90),
        ("2M", 120),
    ],
)
def test_parse_duration_accepts_every_documented_form(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (0, "more than zero"),
        (-5, "more than zero"),
        ("0s", "more than zero"),
        ("0:00", "more than zero"),
        ("1:75", "a duration is"),
        ("5 minutes", "a duration is"),
        ("abc", "a duration is"),
        ("", "a duration is"),
        ("1m1m", "repeats a unit"),
        (1.5, "fractional"),
        (True, "boolean"),
        ([1], "list"),
    ],
)
def test_parse_duration_rejects_with_the_allowed_forms(value: object, fragment: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (0.2, "0:01"), (59.01, "1:00"), (60, "1:00"), (75, "1:15"), (3725, "1:02:05")],
)
def test_format_clock_rounds_remaining_time_up(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_format_elapsed_rounds_down() -> None:
    assert format_elapsed(0.9) == "0:00"
    assert format_elapsed(61.99) == "1:01"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (30, "30 seconds"),
        (90, "90 seconds"),
        (60, "1 minute"),
        (120, "2 minutes"),
        (150, "2 minutes 30 seconds"),
        (3600, "1 hour"),
        (5400, "1 hour 30 minutes"),
    ],
)
def test_spoken_duration(seconds: int, words: str) -> None:
    assert spoken_duration(seconds) == words


@pytest.mark.parametrize("value", ["²", "٣s", "1:٣0", "５m"])
def test_non_ascii_digits_are_a_duration_error_not_a_crash(value: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(value)
