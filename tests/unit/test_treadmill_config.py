"""The config's [treadmill]: the runner's speeds per kind, located errors like every section."""

from __future__ import annotations

from pathlib import Path

import pytest

from timer_tui.core.kinds import Kind
from timer_tui.core.treadmill import KM_PER_MILE, SpeedUnit, planned_distance_m
from timer_tui.library.config import SECTIONS, parse_config
from timer_tui.library.sessions import discover

GOOD = """\
[treadmill]
units = "mph"
run = { speed = "9.5 km/h", incline = 1 }
walk = "5.5 km/h"

[treadmill.warmup]
speed = "3 mph"
incline = "0.5%"
"""


def test_speeds_and_inclines_per_kind_and_the_units_to_show() -> None:
    config = parse_config(GOOD, Path("config.toml"))
    assert config.errors == ()
    settings = config.treadmill
    assert settings.units is SpeedUnit.MPH
    assert settings.speeds[Kind.RUN].kmh == 9.5
    assert settings.speeds[Kind.WALK].kmh == 5.5
    assert settings.speeds[Kind.WARMUP].kmh == pytest.approx(3 * KM_PER_MILE)
    assert settings.inclines == {Kind.RUN: 1.0, Kind.WARMUP: 0.5}
    assert "treadmill" in SECTIONS


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('[treadmill]\nunits = "furlongs"\n', (2, 1), 'found "furlongs"; expected "km/h", "mph"'),
        ('[treadmill]\nrun = "95 km/h"\n', (2, 1), "a treadmill runs from 0.5 km/h to 30.0 km/h"),
        ("[treadmill]\nrun = { speed = 9 }\n", (2, 9), 'without a unit; write "9 km/h"'),
        ("[treadmill]\nrun = { incline = 60 }\n", (2, 9), "incline runs from -6% to 40%"),
        ('[treadmill]\njog = "8 km/h"\n', (2, 1), "unknown key `jog` in [treadmill]"),
        ("[treadmill]\nwalk = { sped = 1 }\n", (2, 10), "did you mean `speed`?"),
        ("treadmill = 5\n", (1, 1), "expected a table: [treadmill]"),
        ('[tredmill]\nrun = "9 km/h"\n', (1, 1), "did you mean `treadmill`?"),
    ],
)
def test_each_mistake_is_a_located_error_and_the_rest_still_applies(
    text: str, where: tuple[int, int], message: str
) -> None:
    config = parse_config(text + '[keys]\n"countdown.pause" = "k"\n', Path("config.toml"))
    (error,) = config.errors
    assert (error.line, error.col) == where, error.format()
    assert message in error.message
    assert error.format().startswith(f"config.toml:{where[0]}:{where[1]}: ")
    assert config.keys == {"countdown.pause": "k"}


def test_the_bundled_couch_to_5k_shows_the_runners_speeds_without_editing_a_file() -> None:
    settings = parse_config(GOOD).treadmill
    entries = [e for e in discover() if e.program and e.program.id == "c25k"]
    assert len(entries) == 27
    for entry in entries:
        steps = entry.with_treadmill(settings).timeline().steps
        runs = [s for s in steps if s.kind is Kind.RUN]
        assert runs and all(s.speed_text == "5.9 mph" and s.incline_pct == 1.0 for s in runs)
        assert all(s.speed_kmh is None for s in entry.timeline().steps)  # the file's own: none


def test_the_season_runs_take_the_runners_speeds_and_no_bundled_file_invents_one() -> None:
    """The references give times, not speeds or distances: the bundled files carry no
    `speed`, and every run of the season programs gets a distance from the config."""
    settings = parse_config(GOOD).treadmill
    entries = discover()
    assert all(s.speed_kmh is None for e in entries for s in e.timeline().steps)
    runs = [e for e in entries if e.program and e.program.id.endswith("season") and "run" in e.id]
    assert len(runs) >= 10
    for entry in runs:
        assert planned_distance_m(entry.with_treadmill(settings).timeline().steps), entry.id
