"""Treadmill speed and incline: read in every form, kept in km/h, shown as consoles show them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timer_tui.core.field_types import INCLINE_PATTERN, SPEED_PATTERN
from timer_tui.core.kinds import Kind
from timer_tui.core.loader import parse_session
from timer_tui.core.timeline import expand
from timer_tui.core.treadmill import (
    KM_PER_MILE,
    Speed,
    SpeedUnit,
    TreadmillSettings,
    TreadmillValueError,
    apply_treadmill,
    distance_m,
    format_distance,
    format_incline,
    format_speed,
    parse_incline,
    parse_speed,
)


@pytest.mark.parametrize(
    ("text", "kmh", "unit"),
    [
        ("9.5 km/h", 9.5, SpeedUnit.KMH),
        ("10kph", 10.0, SpeedUnit.KMH),
        ("9,5 KM/H", 9.5, SpeedUnit.KMH),
        ("6 mph", 6 * KM_PER_MILE, SpeedUnit.MPH),
        ("6:00/km", 10.0, SpeedUnit.PACE_KM),
        ("5:00 min/km", 12.0, SpeedUnit.PACE_KM),
        ("9:40/mi", KM_PER_MILE * 3600 / 580, SpeedUnit.PACE_MI),
    ],
)
def test_speeds_are_read_in_every_form_and_kept_in_kmh(
    text: str, kmh: float, unit: SpeedUnit
) -> None:
    speed = parse_speed(text)
    assert speed.kmh == pytest.approx(kmh)
    assert speed.unit is unit
    assert re.match(SPEED_PATTERN, text), "the JSON Schema accepts what the loader reads"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (9.5, 'found 9.5 without a unit; write "9.5 km/h" or "9.5 mph"'),
        ("95 km/h", 'found "95 km/h"; a treadmill runs from 0.5 km/h to 30.0 km/h'),
        ("0.1 mph", "runs from 0.3 mph to 18.6 mph (0.5 to 30 km/h)"),
        ("1:00/km", "runs from 2:00/km to 120:00/km"),
        ("6:75/km", 'found "6:75/km"; expected a speed with its unit'),
        ("fast", 'found "fast"; expected a speed with its unit'),
        (True, "found true; expected a speed"),
    ],
)
def test_a_bad_speed_says_what_was_found_and_what_is_allowed(value: object, message: str) -> None:
    with pytest.raises(TreadmillValueError) as caught:
        parse_speed(value)
    assert message in str(caught.value)


def test_inclines_read_as_numbers_or_percent_strings_within_a_treadmill_range() -> None:
    assert parse_incline(1) == 1.0
    assert parse_incline("1.5 %") == 1.5
    assert parse_incline(-2) == -2.0
    assert re.match(INCLINE_PATTERN, "-2%")
    for bad in ("1", "41%", -7, float("nan"), True, 10**100):
        with pytest.raises(TreadmillValueError):
            parse_incline(bad)


def test_speeds_are_shown_as_a_treadmill_console_shows_them() -> None:
    assert format_speed(9.5) == "9.5 km/h"
    assert format_speed(6 * KM_PER_MILE, SpeedUnit.MPH) == "6.0 mph"
    assert format_speed(10.0, SpeedUnit.PACE_KM) == "6:00/km"
    assert format_speed(parse_speed("9:40/mi").kmh, SpeedUnit.PACE_MI) == "9:40/mi"
    assert format_speed(10.0, SpeedUnit.PACE_MI) == "9:39/mi"
    assert format_incline(1.0) == "1%"
    assert format_incline(1.25) == "1.2%"
    assert format_incline(-0.0) == "0%"


def test_distance_is_speed_times_active_time() -> None:
    assert distance_m(10.0, 360) == pytest.approx(1000.0)
    assert distance_m(None, 360) is None
    assert distance_m(10.0, -5) == 0.0
    assert format_distance(2345.0) == "2.35 km"
    assert format_distance(1609.344, SpeedUnit.MPH) == "1.00 mi"


SESSION = """\
name = "Hills"
[[steps]]
kind = "warmup"
duration = "5m"
[[steps]]
repeat = 2
speed = "6:00/km"
incline = "1%"
steps = [
  { kind = "run", duration = "1m" },
  { kind = "walk", duration = "90s", speed = "3.5 mph", incline = 0 },
  { kind = "rest", duration = "10s" },
]
[[steps]]
name = "Squat"
reps = 10
"""


def test_a_block_gives_its_timed_steps_its_speed_but_never_its_rests() -> None:
    session = parse_session(SESSION, Path("s.toml")).session
    assert session is not None
    steps = expand(session).steps
    run, walk, rest = steps[1], steps[2], steps[3]
    assert (run.speed_kmh, run.incline_pct, run.speed_text) == (10.0, 1.0, "6:00/km")
    assert (walk.speed_text, walk.incline_pct) == ("3.5 mph", 0.0)
    assert walk.treadmill_text == "3.5 mph · 0%"
    assert (rest.speed_kmh, rest.incline_pct, rest.treadmill_text) == (None, None, "")
    assert steps[0].speed_kmh is None and steps[-1].speed_kmh is None


def test_the_config_fills_in_only_what_the_session_leaves_out() -> None:
    session = parse_session(SESSION, Path("s.toml")).session
    assert session is not None
    settings = TreadmillSettings(
        units=SpeedUnit.KMH,
        speeds={Kind.WARMUP: Speed(5.0), Kind.RUN: Speed(12.0), Kind.WALK: Speed(5.5)},
        inclines={Kind.WARMUP: 0.5, Kind.RUN: 2.0},
    )
    steps = apply_treadmill(expand(session), settings).steps
    assert steps[0].treadmill_text == "5.0 km/h · 0.5%"  # from the config
    assert steps[1].treadmill_text == "10.0 km/h · 1%"  # the block's own, shown in km/h
    assert steps[2].treadmill_text == "5.6 km/h · 0%"
    assert steps[3].speed_kmh is None  # a rest takes nothing from the config
    assert steps[-1].speed_kmh is None  # nor does a rep step
    assert apply_treadmill(expand(session), TreadmillSettings()) == expand(session)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ('name = "Squat"\nreps = 10\nspeed = "9 km/h"', "`speed` is for timed steps"),
        ('name = "Squat"\nreps = 10\nincline = 2', "`incline` is for timed steps"),
        ('duration = 60\nspeed = "40 km/h"', 'found "40 km/h"; a treadmill runs from'),
        ("duration = 60\nspeed = 9", 'found 9 without a unit; write "9 km/h" or "9 mph"'),
        ("duration = 60\nincline = 45", "found 45; a treadmill's incline runs from -6% to 40%"),
    ],
)
def test_bad_treadmill_keys_are_located_errors(step: str, message: str) -> None:
    text = f'name = "x"\n[[steps]]\n{step}\n'
    result = parse_session(text, Path("s.toml"))
    assert result.session is None
    (error,) = result.errors
    assert message in error.message
    assert (
        error.line
        == text.splitlines().index(
            next(line for line in text.splitlines() if line.startswith(("speed", "incline")))
        )
        + 1
    )


@pytest.mark.parametrize(
    "value",
    [10**400, float("inf"), float("nan"), -5, 1e308, "999:59/km", "0 mph", "-9 km/h", "٣ km/h"],
)
def test_hostile_speeds_are_errors_never_exceptions(value: object) -> None:
    with pytest.raises(TreadmillValueError) as caught:
        parse_speed(value)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("value", [10**400, float("inf"), 1e308, "9" * 5000 + "%"])
def test_hostile_inclines_are_errors_never_exceptions(value: object) -> None:
    with pytest.raises(TreadmillValueError) as caught:
        parse_incline(value)
    assert len(str(caught.value)) < 200


def test_the_config_gives_no_speed_to_a_session_with_no_run_or_walk() -> None:
    """A strength session's warm-up ("brisk walk or marching on the spot") took the
    config's warm-up speed, so every step after it said "no speed set" and the log
    gave it a distance (QA). The config is for sessions that are run or walked."""
    settings = TreadmillSettings(
        speeds={Kind.WARMUP: Speed(5.5), Kind.RUN: Speed(9.5), Kind.COOLDOWN: Speed(5.0)},
        inclines={Kind.WARMUP: 1.0},
    )
    strength = parse_session(
        'name = "Core"\n[[steps]]\nkind = "warmup"\nduration = 60\n'
        '[[steps]]\nname = "Plank"\nkind = "work"\nduration = 30\n'
        '[[steps]]\nkind = "cooldown"\nduration = 60\n',
        Path("core.toml"),
    ).session
    assert strength is not None
    assert apply_treadmill(expand(strength), settings) == expand(strength)
    runs = parse_session(
        'name = "Runs"\n[[steps]]\nkind = "warmup"\nduration = 60\n'
        '[[steps]]\nkind = "run"\nduration = 60\n',
        Path("runs.toml"),
    ).session
    assert runs is not None
    steps = apply_treadmill(expand(runs), settings).steps
    assert [s.speed_kmh for s in steps] == [5.5, 9.5]
