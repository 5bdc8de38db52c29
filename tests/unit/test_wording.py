"""Counts and times read the same everywhere: "1 rep", "5 min ago"."""

from __future__ import annotations

import datetime as dt

import pytest

from timer_tui.core.wording import ago, noun, plural, reps_text


def test_plural_is_singular_for_one_only() -> None:
    assert [plural(n, "step") for n in (0, 1, 2)] == ["0 steps", "1 step", "2 steps"]
    assert noun(1, "session") == "session" and noun(5, "session") == "sessions"


def test_reps_text() -> None:
    assert reps_text(1) == "1 rep" and reps_text(15) == "15 reps"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (59, "0 min"),
        (300, "5 min"),
        (3599, "59 min"),
        (3900, "1 h 05 min"),
        (-30, "0 min"),
    ],
)
def test_ago_to_the_minute(seconds: int, text: str) -> None:
    assert ago(dt.timedelta(seconds=seconds)) == text
