"""Treadmill speed and incline in every export: a FIT speed target, ZWO and text read back.

The session below has speeds in each way the format allows (a block's default
for its timed steps but not its rests, a step's own in mph or as a pace, an
incline) and the runner's ``[treadmill]`` config gives the warm-up its speed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import fitdecode
import pytest

from tests.unit.conftest import Cli
from timer_tui.core.exchange.plan import flatten, timeline_move, workout_plan
from timer_tui.core.kinds import Kind
from timer_tui.core.loader import load_session, parse_session
from timer_tui.core.model import Session
from timer_tui.core.timeline import Timeline, expand
from timer_tui.core.treadmill import (
    Speed,
    SpeedUnit,
    TreadmillSettings,
    apply_treadmill,
    format_speed,
)
from timer_tui.library.exchange import import_workout, render
from timer_tui.library.paths import config_path

TREADMILL = """
name = "Treadmill intervals"

[[steps]]
kind = "warmup"
duration = "5m"

[[steps]]
name = "Intervals"
repeat = 4
speed = "10 km/h"
incline = 1
steps = [
  { kind = "run", duration = "2m" },
  { kind = "walk", duration = "1m", speed = "3.5 mph", incline = 0 },
  { kind = "rest", duration = "30s" },
]

[[steps]]
kind = "run"
name = "Tempo"
duration = "10m"
speed = "5:30/km"
incline = 2.5

[[steps]]
kind = "cooldown"
duration = "5m"
"""

SETTINGS = TreadmillSettings(speeds={Kind.WARMUP: Speed(5.0, SpeedUnit.KMH)})


def session() -> Session:
    loaded = parse_session(TREADMILL, Path("treadmill.toml"))
    assert loaded.session is not None, [e.format() for e in loaded.errors]
    return loaded.session


def timeline() -> Timeline:
    return apply_treadmill(expand(session()), SETTINGS)


def test_the_plan_carries_the_timeline_speeds_and_inclines() -> None:
    moves = list(flatten(workout_plan(session(), SETTINGS)))
    assert moves == [timeline_move(s) for s in timeline().steps]
    assert moves[0].speed_kmh == 5.0  # from the config
    assert moves[3].speed_kmh is None  # the block's rest is off the belt


def fit_steps(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    workout: dict[str, Any] = {}
    steps: list[dict[str, Any]] = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                if frame.name == "workout":
                    workout = fields
                elif frame.name == "workout_step":
                    steps.append(fields)
    return workout, steps


def test_fit_has_a_speed_target_around_each_speed() -> None:
    workout, steps = fit_steps(render(session(), "fit", treadmill=SETTINGS))
    assert workout["sub_sport"] == "treadmill"
    moves = [s for s in steps if s["duration_type"] == "time"]
    by_name = {s["wkt_step_name"]: s for s in moves}
    expected = {"Warm-up": 5.0, "Run": 10.0, "Walk": 3.5 * 1.609344, "Tempo": 3600 / 330}
    for name, kmh in expected.items():
        step = by_name[name]
        assert step["target_type"] == "speed", name
        low, high = step["custom_target_speed_low"], step["custom_target_speed_high"]
        assert low * 3.6 == pytest.approx(kmh - 0.2, abs=0.01)
        assert high * 3.6 == pytest.approx(kmh + 0.2, abs=0.01)
    assert by_name["Rest"]["target_type"] == "open"
    assert "incline 2.5%" in by_name["Tempo"]["notes"]
    assert by_name["Tempo"]["notes"].startswith("5:30/km")
    assert by_name["Walk"]["notes"].startswith("3.5 mph")


def rows(
    timeline: Timeline, *, pace: bool
) -> list[tuple[str, str, int | None, str | None, float | None]]:
    out = []
    for step in timeline.steps:
        speed = None
        if step.speed_kmh is not None:
            unit = SpeedUnit.PACE_KM if pace else (step.speed_unit or SpeedUnit.KMH)
            speed = format_speed(step.speed_kmh, unit)
        out.append((step.kind.value, step.name, step.seconds, speed, step.incline_pct))
    return out


@pytest.mark.parametrize(("fmt", "suffix"), [("zwo", "zwo"), ("text", "txt")])
def test_speeds_and_inclines_survive_export_and_import(
    fmt: str, suffix: str, tmp_path: Path
) -> None:
    source = tmp_path / f"treadmill.{suffix}"
    source.write_bytes(render(session(), fmt, treadmill=SETTINGS))
    result = import_workout(source)
    loaded = load_session(result.path)
    assert loaded.session is not None
    back = expand(loaded.session)
    # ZWO keeps each speed in its own unit; text writes paces, as intervals.icu reads them.
    assert rows(back, pace=fmt == "text") == rows(timeline(), pace=fmt == "text")


def test_text_writes_paces_and_inclines_intervals_icu_reads() -> None:
    text = render(session(), "text").decode()
    assert "- Tempo 10m run 5:30/km Pace incline 2.5%" in text
    assert "- 1m walk 17:09/mi Pace incline 0%"  # mph: a pace per mile in text


def test_export_uses_the_runners_treadmill_config(cli: Cli, tmp_path: Path) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('[treadmill]\nwalk = { speed = "5.5 km/h" }\n', encoding="utf-8")
    code, out, err = cli(["export", "c25k/week-1-run-1", "-f", "text"])
    assert code == 0, err
    assert "- 1m30s walk 10:55/km Pace" in out


def test_a_bad_pace_in_text_is_located(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "bad.txt"
    source.write_text("- 1m run\n- 2m run 0:30/km Pace\n", encoding="utf-8")
    code, _, err = cli(["import", str(source)])
    assert code == 2
    assert f'{source}:2: found "0:30/km"' in err
