"""The load a lifter lifts is recorded whole, and a score step asks for its score.

Plain mode's ``d N LOAD``, the log's last load per exercise (offered again on the next
set and the next session), the load in the ``log`` table and CSV, and ``score = true``
steps (AMRAP rounds, fitness-test push-ups) that never log their placeholder.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import FakeClock, logged_sessions, open_log, open_run
from tests.unit.conftest import Cli
from timer_tui.cli.loads import LoadMemory
from timer_tui.cli.plain import handle_command
from timer_tui.core.engine import Engine, Status
from timer_tui.core.loader import load_session
from timer_tui.core.timeline import expand
from timer_tui.library.sessions import resolve
from timer_tui.log.loads import last_loads

LIFT = """\
name = "Lift"
[[steps]]
name = "Goblet squat"
reps = 10
sets = 2
[[steps]]
name = "Rounds"
reps = 1
score = true
"""


def lift(tmp_path: Path) -> Path:
    path = tmp_path / "lift.toml"
    path.write_text(LIFT, encoding="utf-8")
    return path


def engine_for(tmp_path: Path, clock: FakeClock) -> Engine:
    result = load_session(lift(tmp_path))
    assert result.session is not None, result.errors
    engine = Engine(expand(result.session), clock=clock)
    engine.start()
    return engine


@pytest.mark.parametrize("typed", ["d 9 20kg", "d 9 20 kg", "D 9  20 KG", "d 9 20 kg "])
def test_plain_mode_takes_a_load_after_the_reps(
    typed: str, tmp_path: Path, clock: FakeClock
) -> None:
    engine = engine_for(tmp_path, clock)
    assert handle_command(engine, typed) is None
    (result,) = engine.results
    assert (result.reps_done, result.load) == (9, "20 kg")


def test_plain_mode_offers_the_load_again_on_the_next_set(tmp_path: Path, clock: FakeClock) -> None:
    engine = engine_for(tmp_path, clock)
    loads = LoadMemory({"Goblet squat": "16 kg"})  # from the log: the last session's
    assert "16 kg" in loads.hint(engine.step)
    handle_command(engine, "d 10 20 kg", loads)
    assert "20 kg" in loads.hint(engine.step)  # set 2: this run's own load comes first
    handle_command(engine, "", loads)  # Enter: the same load as set 1
    assert [r.load for r in engine.results] == ["20 kg", "20 kg"]


def test_enter_on_a_score_step_asks_for_the_count(tmp_path: Path, clock: FakeClock) -> None:
    engine = engine_for(tmp_path, clock)
    handle_command(engine, "d")
    handle_command(engine, "d")
    assert engine.step.name == "Rounds" and engine.step.score
    message = handle_command(engine, "")
    assert message is not None and "enter the count: d N" in message
    assert engine.status is Status.RUNNING and engine.step.name == "Rounds"
    handle_command(engine, "d 7")
    assert engine.results[-1].reps_done == 7
    assert engine.status.is_over


def test_score_is_only_for_counted_steps(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "X"\n[[steps]]\nkind = "work"\nduration = 60\nscore = true\n')
    result = load_session(path)
    assert result.session is None
    assert any("score" in e.message and "reps" in e.message for e in result.errors)


@pytest.mark.parametrize(
    ("session", "name"),
    [
        ("presets/amrap-15", "Rounds completed"),
        ("presets/amrap-15", "Extra reps"),
        ("fitness-test/runners-fitness-test", "Push-ups done"),
    ],
)
def test_bundled_score_steps_are_marked(session: str, name: str) -> None:
    steps = [s for s in resolve(session).timeline().steps if s.name == name]
    assert steps and all(s.score for s in steps)


def run_with_load(clock: FakeClock, load: str) -> None:
    entry = resolve("examples/strength-circuit")
    engine, recorder = open_run(entry, clock)
    engine.start()
    while not engine.status.is_over:
        if engine.step.is_timed:
            clock.advance(engine.step.seconds or 0)
            engine.poll()
        else:
            engine.done(reps=12, load=load if engine.step.name == "Single-leg bridge" else None)
    recorder.close()


def test_the_log_knows_the_last_load_of_each_exercise(clock: FakeClock) -> None:
    run_with_load(clock, "8 kg")
    run_with_load(clock, "10 kg")
    with open_log(readonly=True) as log:
        loads = last_loads(log, ["Single-leg bridge", "Bent-knee calf raise", "Nothing"])
    assert loads == {"Single-leg bridge": "10 kg"}


def test_the_load_is_in_the_log_table_and_the_csv(
    cli: Cli, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    run_with_load(clock, "8 kg")
    (record,) = logged_sessions(with_steps=True)
    assert {s.load for s in record.steps if s.name == "Single-leg bridge"} == {"8 kg"}
    code, out, _ = cli(["log"])
    assert code == 0 and "Single-leg bridge 8 kg" in out
    code, out, _ = cli(["log", "--csv"])
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["loads"] == "Single-leg bridge 8 kg"


@pytest.mark.parametrize(
    "typed", ["d 10001", "d 99999999999999999999", "d 99999999999999999999 5kg"]
)
def test_plain_mode_refuses_a_count_past_the_formats_limit(
    typed: str, tmp_path: Path, clock: FakeClock
) -> None:
    """A count SQLite cannot hold failed the recorder and lost the session (QA)."""
    engine = engine_for(tmp_path, clock)
    message = handle_command(engine, typed)
    assert message is not None and "from 0 to 10,000" in message
    assert engine.results == [] and engine.step.name == "Goblet squat"
    assert handle_command(engine, "d 10000") is None
    assert [r.reps_done for r in engine.results] == [10_000]
