"""Treadmill sessions run end to end by the real program, into a real SQLite log.

Two sessions: one with its own `speed`/`incline` (a block's default, a step's own
value, a rest with none), and one without any that takes the runner's speeds from
the config's `[treadmill]`. Each runs in plain mode (its JSON events) and in the
full-screen app in tmux, and the log holds each step's speed, incline and
distance (speed x active time).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_timer_tui
from tests.e2e.conftest import Tmux, app_command, records

pytestmark = pytest.mark.e2e

OWN_SPEEDS = """\
name = "Own speeds"
[cues]
countdown = 0
halfway = false
voice = false
[[steps]]
repeat = 1
speed = "12 km/h"
incline = "2%"
steps = [
  { kind = "run", duration = 2 },
  { kind = "walk", duration = 2, speed = "3 mph", incline = 0 },
  { kind = "rest", duration = 1 },
]
"""
NO_SPEEDS = """\
name = "Config speeds"
[cues]
countdown = 0
halfway = false
voice = false
[[steps]]
kind = "warmup"
duration = 1
[[steps]]
kind = "run"
duration = 2
[[steps]]
kind = "walk"
duration = 2
"""
CONFIG = """\
[treadmill]
units = "min/km"
run = { speed = "6:00/km", incline = 1 }
walk = "6 km/h"
"""
# (name, speed_kmh, incline_pct, distance_m) of each logged step, every step run in full
OWN_LOGGED = [
    ("Run", 12.0, 2.0, 6.7),  # 12 km/h for 2 s
    ("Walk", 4.828032, 0.0, 2.7),  # 3 mph for 2 s
    ("Rest", None, None, None),
]
CONFIG_LOGGED = [
    ("Warm-up", None, None, None),  # the config gives no warm-up speed
    ("Run", 10.0, 1.0, 5.6),
    ("Walk", 6.0, None, 3.3),
]


@pytest.fixture
def sessions(tmp_path: Path, subprocess_env: dict[str, str]) -> tuple[Path, Path]:
    own, none = tmp_path / "own.toml", tmp_path / "none.toml"
    own.write_text(OWN_SPEEDS)
    none.write_text(NO_SPEEDS)
    config = Path(subprocess_env["XDG_CONFIG_HOME"]) / "timer-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(CONFIG)
    return own, none


def logged_steps(env: dict[str, str], name: str) -> list[tuple[object, ...]]:
    (record,) = [r for r in records(env) if r.name == name]
    return [
        (
            s.name,
            s.speed_kmh,
            s.incline_pct,
            None if s.distance_m is None else round(s.distance_m, 1),
        )
        for s in record.steps
    ]


def test_plain_mode_says_the_speeds_and_logs_the_distances(
    sessions: tuple[Path, Path], subprocess_env: dict[str, str]
) -> None:
    own, none = sessions
    done = run_timer_tui(
        "run", str(own), "--plain", "--json", "--mute", env=subprocess_env, timeout=30
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    started = [e for e in events if e["event"] == "step_started"]
    assert [(e["speed"], e["incline_pct"]) for e in started] == [
        ("5:00/km", 2.0),  # 12 km/h, in the config's units
        ("12:26/km", 0.0),  # 3 mph
        (None, None),
    ]
    ended = [e.get("distance_m") for e in events if e["event"] == "step_ended"]
    assert ended == [6.7, 2.7, None]

    done = run_timer_tui("run", str(none), "--plain", "--mute", env=subprocess_env, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "RUN Run 0:02  6:00/km · 1%" in done.stdout
    assert "WALK Walk 0:02  10:00/km" in done.stdout  # shown in the config's units

    assert logged_steps(subprocess_env, "Own speeds") == OWN_LOGGED
    assert logged_steps(subprocess_env, "Config speeds") == CONFIG_LOGGED
    log = run_timer_tui("log", "--json", env=subprocess_env, timeout=30)
    totals = {s["name"]: s["distance_m"] for s in json.loads(log.stdout)}
    assert totals == {"Own speeds": 9.4, "Config speeds": 8.9}  # the steps' rounded sum


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_full_screen_app_shows_the_speeds_and_logs_the_distances(
    sessions: tuple[Path, Path], tmux: Tmux, subprocess_env: dict[str, str]
) -> None:
    own, none = sessions
    tmux.start(app_command("run", str(own), "--mute", then="sleep 60"))
    run = tmux.wait_for(lambda s: "RUN" in s and "% incline" in s, timeout=15)
    assert "/km" in run and "% incline" in run  # 5:00 and 2 drawn three rows tall
    assert "Next  Walk 0:02 @ 12:26/km" in run
    tmux.wait_for(lambda s: "Distance" in s and "Session complete" in s, timeout=15)
    tmux.run("kill-server")

    again = Tmux.fresh("timer-tui-treadmill")
    try:
        again.start(app_command("run", str(none), "--mute", then="sleep 60"))
        screen = again.wait_for(lambda s: "RUN" in s and "/km" in s, timeout=15)
        assert "% incline" in screen or "incline 1%" in screen
        summary = again.wait_for(lambda s: "Session complete" in s, timeout=15)
        assert "about 0.01 km" in summary
    finally:
        again.run("kill-server")

    assert logged_steps(subprocess_env, "Own speeds") == OWN_LOGGED
    assert logged_steps(subprocess_env, "Config speeds") == CONFIG_LOGGED
