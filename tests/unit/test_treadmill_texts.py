"""The screens' words for treadmill steps: the next step's speed, the tiny line, the distance."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.unit.conftest import Cli
from timer_tui.core.engine import Engine
from timer_tui.core.kinds import Category
from timer_tui.core.loader import parse_session
from timer_tui.core.timeline import Timeline, expand
from timer_tui.core.treadmill import SpeedUnit, TreadmillSettings, apply_treadmill
from timer_tui.log.views import WeekTotal
from timer_tui.ui import texts
from timer_tui.ui.screens.history import streak_text, week_chart
from timer_tui.ui.widgets.treadmill import readout_line

SESSION = """\
name = "Hills"
[[steps]]
kind = "run"
duration = 60
speed = "10 km/h"
incline = 2
[[steps]]
kind = "walk"
duration = 60
speed = "3.5 mph"
[[steps]]
name = "Squat"
reps = 10
"""


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def timeline() -> Timeline:
    session = parse_session(SESSION, Path("s.toml")).session
    assert session is not None
    return expand(session)


def test_next_line_and_side_panel_carry_the_next_steps_speed() -> None:
    steps = timeline()
    assert texts.next_text(steps, 0) == "Next  Walk 1:00 @ 3.5 mph   then  Squat 10 reps"
    assert texts.coming_up(steps, 0).splitlines()[0] == "Walk 1:00 @ 3.5 mph"


def test_the_tiny_line_keeps_the_speed() -> None:
    clock = Clock()
    engine = Engine(timeline(), clock=clock)
    engine.start()
    clock.now = 15
    line = texts.tiny_line(engine.state(), timeline())
    assert line == "RUN 0:45 10.0 km/h · 2% · next Walk 1:00"


def test_the_readout_line() -> None:
    run, walk, squat = timeline().steps
    assert readout_line(run) == "10.0 km/h · incline 2%"
    assert readout_line(walk) == "3.5 mph"
    assert readout_line(squat) == "no speed set"
    pace = apply_treadmill(timeline(), TreadmillSettings(units=SpeedUnit.PACE_KM)).steps[0]
    assert readout_line(pace) == "6:00/km · incline 2%"


def test_the_summary_adds_the_distance_of_what_ran() -> None:
    clock = Clock()
    steps = timeline()
    engine = Engine(steps, clock=clock)
    engine.start()
    clock.now = 60
    engine.poll()
    clock.now = 90  # the walk left half-way
    engine.next()
    figures = texts.summary_figures(steps, engine.results, paused_total=0, pauses=0, finished=False)
    # 60 s at 10 km/h (166.7 m) and 30 s at 3.5 mph (46.9 m); shown in km, the first unit's
    assert figures.distance == "about 0.21 km"
    assert ("Distance", "about 0.21 km") in texts.summary_lines(figures)


def test_the_history_chart_has_a_distance_column_and_keeps_its_width() -> None:
    monday = dt.date(2026, 11, 23)
    seconds = dict.fromkeys(Category, 0.0) | {Category.RUNNING: 1200.0}
    weeks = [
        WeekTotal(monday - dt.timedelta(weeks=1), dict(seconds)),
        WeekTotal(monday, seconds, 3240.0),
    ]
    lines = week_chart(weeks).plain.splitlines()
    assert lines[1].endswith("20:00   3.24 km") and lines[0].endswith("20:00         ·")
    assert len(lines[1]) == len(week_chart(weeks[:1]).plain.splitlines()[0])
    assert week_chart(weeks, units=SpeedUnit.MPH).plain.splitlines()[1].endswith("2.01 mi")
    assert streak_text(1, weeks[1]).endswith("running 20:00, about 3.24 km")


@pytest.mark.parametrize("unit", list(SpeedUnit))
def test_every_unit_reads_back_as_it_is_shown(unit: SpeedUnit) -> None:
    from timer_tui.core.treadmill import format_speed, parse_speed

    for kmh in (5.5, 9.5, 12.0):
        shown = format_speed(kmh, unit)
        assert format_speed(parse_speed(shown).kmh, unit) == shown


def test_show_and_show_cues_carry_speed_incline_and_the_planned_distance(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "hills.toml"
    path.write_text(SESSION)
    code, out, _ = cli(["show", str(path)])
    assert code == 0
    assert "   1  run       Run        1:00  10.0 km/h · 2%" in out
    assert "   2  walk      Walk       1:00  3.5 mph" in out
    assert out.rstrip().endswith("Total 2:00 + 1 rep steps · 3 steps · about 0.26 km")
    _, out, _ = cli(["show", str(path), "--json"])
    shown = json.loads(out)
    assert shown["distance_m"] == 260.5
    assert shown["steps"][1] | {"speed": "3.5 mph", "speed_unit": "mph"} == shown["steps"][1]
    _, out, _ = cli(["show", str(path), "--cues"])
    assert "Run · 10.0 km/h · 2%" in out and "Walk · 3.5 mph" in out
    _, out, _ = cli(["show", str(path), "--cues", "--json"])
    cues = json.loads(out)
    assert [s["speed_kmh"] for s in cues["steps"]] == [10.0, 5.633, None]
    _, out, _ = cli(["list", "--json"])
    assert all("distance_m" in entry for entry in json.loads(out))
