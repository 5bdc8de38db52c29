"""The log keeps each step's planned speed and incline and an estimated distance.

Runs go through the real recorder into a real SQLite log on a fake clock, and are
read back as `timer-tui log` reads them (JSON, CSV, the weekly totals).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import FakeClock, logged_sessions, open_run
from tests.unit.conftest import Cli
from timer_tui.library.config import parse_config
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log.views import weekly_totals

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
SESSION = """\
name = "Hill intervals"
[[steps]]
kind = "run"
duration = 60
speed = "12 km/h"
incline = "2%"
[[steps]]
kind = "walk"
duration = 30
[[steps]]
kind = "rest"
duration = 10
"""


def entry_of(tmp_path: Path, text: str = SESSION) -> SessionEntry:
    path = tmp_path / "hills.toml"
    path.write_text(text)
    return resolve(str(path))


def run_with_a_skip(entry: SessionEntry, skip_after: float | None = None) -> None:
    """Every step run in full, but the walk left after ``skip_after`` seconds."""
    clock = FakeClock()
    engine, recorder = open_run(entry, clock, start=START)
    engine.start()
    while not engine.status.is_over:
        step = engine.step
        if step.kind.value == "walk" and skip_after is not None:
            clock.advance(skip_after)
            engine.poll()
            engine.next()
            continue
        clock.advance(step.seconds or 0)
        engine.poll()
    assert recorder.wait(5)


def test_each_step_logs_its_planned_speed_incline_and_distance(tmp_path: Path) -> None:
    config = parse_config('[treadmill]\nwalk = { speed = "6 km/h", incline = 1 }\n')
    run_with_a_skip(entry_of(tmp_path).with_treadmill(config.treadmill), skip_after=12)
    (record,) = logged_sessions(with_steps=True)
    run, walk, rest = record.steps
    assert (run.speed_kmh, run.incline_pct, run.distance_m) == (12.0, 2.0, 200.0)
    # The walk's speed came from the config; it was skipped after 12 s of its 30.
    assert (walk.speed_kmh, walk.incline_pct, walk.distance_m) == (6.0, 1.0, 20.0)
    assert (rest.speed_kmh, rest.incline_pct, rest.distance_m) == (None, None, None)
    assert record.distance_m == pytest.approx(220.0)


def test_a_session_without_speeds_has_no_distance(tmp_path: Path) -> None:
    run_with_a_skip(entry_of(tmp_path, SESSION.replace('speed = "12 km/h"\n', "")))
    (record,) = logged_sessions(with_steps=True)
    assert record.distance_m is None
    assert all(s.distance_m is None for s in record.steps)


def test_log_json_and_csv_carry_the_distance(tmp_path: Path, cli: Cli) -> None:
    run_with_a_skip(entry_of(tmp_path))
    code, out, _ = cli(["log", "--json"])
    (session,) = json.loads(out)
    assert code == 0 and session["distance_m"] == 200.0
    assert (
        session["steps"][0] | {"speed_kmh": 12.0, "incline_pct": 2.0, "distance_m": 200.0}
        == (session["steps"][0])
    )
    _, out, _ = cli(["log", "--csv"])
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["distance_m"] == "200.0"
    _, out, _ = cli(["log", "--csv", "--steps"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["speed_kmh"], r["incline_pct"], r["distance_m"]) for r in rows] == [
        ("12.0", "2.0", "200.0"),
        ("", "", ""),
        ("", "", ""),
    ]
    _, out, _ = cli(["log"])
    assert "Dist." in out and "0.20 km" in out


def test_the_log_table_shows_distance_in_the_configured_units(tmp_path: Path, cli: Cli) -> None:
    run_with_a_skip(entry_of(tmp_path))
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "timer-tui"  # the test's own config folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text('[treadmill]\nunits = "mph"\n')
    _, out, _ = cli(["log"])
    assert "0.12 mi" in out


def test_weekly_totals_add_up_the_distance_of_the_week(tmp_path: Path) -> None:
    entry = entry_of(tmp_path)
    run_with_a_skip(entry)
    run_with_a_skip(entry.with_treadmill(parse_config('[treadmill]\nwalk = "6 km/h"\n').treadmill))
    weeks = weekly_totals(logged_sessions(with_steps=True), START.date(), weeks=2)
    assert [w.metres for w in weeks] == [None, pytest.approx(200.0 + 250.0)]
