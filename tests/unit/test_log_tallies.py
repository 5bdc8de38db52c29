"""The log's SQL tally (``log/tallies.py``) equals ``records.tally_steps`` over real logs.

Runs are drawn by hypothesis and played on a real engine whose events the real
recorder writes to a real SQLite file: steps completed, skipped, gone back to and
run again, rep steps done, runs quit, interrupted and resumed. Each run's tally is
then counted both ways: by SQLite in one grouped query, and by ``tally_steps`` over
the step rows read back one by one (what the log did before).
"""

from __future__ import annotations

import sqlite3
import tempfile
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FakeClock, open_log, open_run
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log.records import StepFact, StepTally, tally_steps
from timer_tui.log.tallies import step_tallies

SESSION = """name = "Mixed"
[[steps]]
kind = "run"
duration = 30
[[steps]]
name = "Squat"
kind = "exercise"
reps = 10
[[steps]]
repeat = 2
steps = [{ kind = "walk", duration = 20 }, { name = "Push-up", kind = "exercise", reps = 8 }]
[[steps]]
kind = "cooldown"
duration = 15
"""

Action = tuple[str, float]
ACTIONS = st.one_of(
    st.tuples(st.just("wait"), st.floats(0.001, 40.0)),
    st.tuples(
        st.sampled_from(["next", "previous", "plus", "minus", "quit", "interrupt"]), st.just(0.0)
    ),
    st.tuples(st.just("done"), st.integers(0, 12).map(float)),
)
RUNS = st.lists(st.lists(ACTIONS, max_size=14), min_size=1, max_size=5)


def python_tallies(db: Path) -> dict[int, StepTally]:
    """Each run's tally as the log counted it before: every step row through Python."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT session, step_index, outcome, reps_planned IS NOT NULL,"
        " planned_seconds IS NOT NULL, actual_seconds FROM steps ORDER BY session, id"
    ).fetchall()
    conn.close()
    return {
        session: tally_steps(StepFact(*row[1:]) for row in steps)
        for session, steps in groupby(rows, key=itemgetter(0))
    }


def sql_tallies(db: Path) -> dict[int, StepTally]:
    conn = sqlite3.connect(db)
    ids = [row[0] for row in conn.execute("SELECT id FROM sessions")]
    tallies, unreadable = step_tallies(conn, ids)
    conn.close()
    assert not unreadable
    return tallies


def play(entry: SessionEntry, db: Path, actions: list[Action]) -> None:
    """One run and, when it is interrupted, its resumption from the step it stopped in."""
    clock = FakeClock()
    engine, recorder = open_run(entry, clock, path=db)
    engine.start()
    for name, amount in actions:
        if engine.status.is_over:
            break
        if name == "wait":
            clock.advance(amount)
            engine.poll()
        elif name == "interrupt":
            # The process dies mid-step; the next run resumes its row at that step.
            row, index = recorder.row, engine.index
            recorder.close()
            engine, recorder = open_run(entry, clock, path=db, start_index=index, resume_row=row)
            engine.start()
        elif name == "done":
            engine.done(reps=int(amount))
        else:
            clock.advance(0.25)
            if name in ("plus", "minus"):
                engine.adjust(10 if name == "plus" else -10)
            else:
                getattr(engine, name)()
    recorder.close()


@settings(max_examples=60, deadline=None)
@given(runs=RUNS)
def test_the_sql_tally_equals_tally_steps_over_recorded_runs(runs: list[list[Action]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.toml"
        path.write_text(SESSION)
        entry = resolve(str(path))
        assert entry.ok, entry.errors
        db = Path(folder) / "history.sqlite3"
        for actions in runs:
            play(entry, db, actions)
        expected = python_tallies(db)
        assert sql_tallies(db) == expected


def bundled_log(db: Path, *, resumed: bool = False) -> None:
    """Whole runs of bundled sessions: completed, every step skipped, quit half way
    (``resumed``: and one interrupted and resumed)."""
    for name in ("c25k/week-1-run-1", "examples/strength-circuit", "presets/tabata"):
        entry = resolve(name)
        steps = len(entry.timeline())
        play(entry, db, [("wait", 4000.0)] * steps + [("done", 5.0)] * steps)
        play(entry, db, [("next", 0.0)] * steps)
        play(entry, db, [("wait", 30.0), ("done", 3.0), ("next", 0.0), ("quit", 0.0)])
        if resumed:
            play(entry, db, [("wait", 30.0), ("interrupt", 0.0), ("wait", 50.0), ("next", 0.0)])


def test_the_sql_tally_equals_tally_steps_over_bundled_sessions(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    bundled_log(db)
    expected = python_tallies(db)
    assert len(expected) == 9
    assert sql_tallies(db) == expected


def test_a_hand_edited_step_time_makes_its_run_unreadable(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    entry = resolve("presets/rest-timer")
    play(entry, db, [("wait", 4000.0)])
    play(entry, db, [("wait", 4000.0)])
    conn = sqlite3.connect(db)
    conn.execute("UPDATE steps SET actual_seconds = 'a minute' WHERE session = 1")
    conn.commit()
    tallies, unreadable = step_tallies(conn, [1, 2])
    conn.close()
    assert unreadable == {1} and list(tallies) == [2]


@settings(max_examples=25, deadline=None)
@given(
    loads=st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from(["", " 20 kg", "8 kg", "10 kg", "8 kg"])),
        max_size=8,
    )
)
def test_loads_read_without_the_steps_equal_the_loads_of_the_steps(
    loads: list[tuple[int, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.toml"
        path.write_text(SESSION)
        entry = resolve(str(path))
        db = Path(folder) / "history.sqlite3"
        for run_loads in (loads, loads[::-1], []):
            clock = FakeClock()
            engine, recorder = open_run(entry, clock, path=db)
            engine.start()
            for index, load in run_loads:
                while not engine.status.is_over and engine.index < index:
                    engine.next()
                if not engine.status.is_over and engine.step.reps is not None:
                    engine.done(reps=5)
                    recorder.set_load(engine.index - 1, load)
            recorder.close()
        with open_log(db, readonly=True) as history:
            whole = {r.row: r.loads_text for r in history.sessions(with_steps=True)}
            read = {r.row: r.loads_text for r in history.sessions(with_loads=True)}
        assert read == whole
