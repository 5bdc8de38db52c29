"""Each session's step summary (schema v4's ``tally_*`` columns) says what its steps say.

The log is read from the summary when it is fresh and from the steps when it is
stale (``tally_ok = 0``). Over real logs (runs drawn by hypothesis, played on a real
engine and written by the real recorder: steps done, skipped, gone back to, quit,
interrupted and resumed, loads set after a step ended; sessions brought in by
``log import``; a log of schema 3 migrated) every session must read the same both
ways, and every writer must leave the summary fresh. A change to the steps made
behind the program's back (by hand, with sqlite3) marks the session stale.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.conftest import FakeClock, open_log, open_run
from tests.unit.test_log_tallies import RUNS, SESSION, Action, bundled_log, play
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log import schema
from timer_tui.log.records import SessionRecord
from timer_tui.log.transfer import export_log, import_sessions
from timer_tui.log.transfer_format import parse_export

READS = ((False, False), (False, True), (True, False))
"""(with_steps, with_loads): each way the log is read."""


def read(
    db: Path, with_steps: bool = False, with_loads: bool = False
) -> tuple[list[SessionRecord], set[int]]:
    with open_log(db, readonly=True) as history:
        return history.sessions(with_steps=with_steps, with_loads=with_loads), history.unreadable


def read_all_ways(db: Path) -> list[tuple[list[SessionRecord], set[int]]]:
    return [read(db, *how) for how in READS]


def stale_copy(db: Path, folder: Path) -> Path:
    """The log with every summary marked stale: read from the steps, as before v4."""
    copy = folder / "stale.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    # Marked stale, with a summary no log holds: a reader that trusted it would show it.
    conn.execute(
        "UPDATE sessions SET tally_ok = 0, tally_rows = 1, tally_done = 99,"
        " tally_done_or_skipped = 99, tally_reps = 0, tally_reps_or_done = 99,"
        " tally_timed_us = 0, tally_bad = 0, tally_distance = -1.0, tally_loads = 0,"
        " tally_last_index = -5, tally_last_outcome = 'skipped'"
    )
    conn.commit()
    conn.close()
    return copy


def assert_fresh_and_equal(db: Path, folder: Path) -> None:
    conn = sqlite3.connect(db)
    stale = conn.execute("SELECT count(*) FROM sessions WHERE NOT tally_ok").fetchone()[0]
    conn.close()
    assert stale == 0, "a writer left a session's summary stale"
    slow = stale_copy(db, folder)
    assert read_all_ways(db) == read_all_ways(slow)


def mixed_entry(folder: Path) -> SessionEntry:
    path = folder / "mixed.toml"
    path.write_text(SESSION)
    entry = resolve(str(path))
    assert entry.ok, entry.errors
    return entry


def play_with_loads(entry: SessionEntry, db: Path, actions: list[Action]) -> None:
    """A run whose rep steps are done, each given a load after it ended (an UPDATE)."""
    clock = FakeClock()
    engine, recorder = open_run(entry, clock, path=db)
    engine.start()
    for n, (name, amount) in enumerate(actions):
        if engine.status.is_over:
            break
        if engine.step.reps is not None:
            engine.done(reps=int(amount) or 1)
            recorder.set_load(engine.index - 1, f"{n % 3 * 4} kg")
        else:
            clock.advance(amount if name == "wait" else 0.5)
            engine.poll()
            if name == "next":
                engine.next()
    recorder.close()


@settings(max_examples=40, deadline=None)
@given(runs=RUNS)
def test_the_summary_reads_as_the_steps_over_recorded_runs(runs: list[list[Action]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _, db = recorded_log(Path(tmp), runs)
        assert_fresh_and_equal(db, Path(tmp))


def recorded_log(folder: Path, runs: list[list[Action]]) -> tuple[SessionEntry, Path]:
    """Each drawn run played twice into a new log: as drawn, and with loads."""
    entry = mixed_entry(folder)
    db = folder / "history.sqlite3"
    for actions in runs:
        play(entry, db, actions)
        play_with_loads(entry, db, actions)
    return entry, db


def test_bundled_sessions_run_through_skipped_and_quit(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    bundled_log(db, resumed=True)
    records, _ = read(db)
    assert len(records) == 12
    assert any(r.steps_skipped for r in records) and any(r.rep_steps for r in records)
    assert_fresh_and_equal(db, tmp_path)


def test_imported_sessions_get_their_summary(tmp_path: Path) -> None:
    entry = mixed_entry(tmp_path)
    source = tmp_path / "source.sqlite3"
    # Finished runs (a run in progress travels once it is over).
    play(entry, source, [("wait", 40.0), ("next", 0.0)] + [("wait", 4000.0), ("done", 5.0)] * 7)
    play_with_loads(entry, source, [("done", 4.0), ("wait", 4000.0)] * 7)
    with open_log(source, readonly=True) as history:
        exported = export_log(history)
    target = tmp_path / "target.sqlite3"
    play(entry, target, [("wait", 4000.0)] * 8)
    with open_log(target) as history:
        imported = import_sessions(history, parse_export(json.dumps(exported.document).encode()))
    assert imported.added == 2
    assert_fresh_and_equal(target, tmp_path)
    assert [r.uid for r in read(target)[0]] != [r.uid for r in read(source)[0]]


def v3_log(db: Path, folder: Path) -> Path:
    """The log ``db`` as schema 3 wrote it: its rows under the first three migrations."""
    old = folder / "v3.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    for script in schema.MIGRATIONS[:3]:
        for statement in schema.statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("ATTACH DATABASE ? AS new", (str(db),))
    for table in ("sessions", "steps"):
        names = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        listed = ", ".join(names)
        conn.execute(f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM new.{table}")
    conn.execute("DETACH DATABASE new")
    conn.close()
    return old


def test_a_v3_log_is_migrated_with_every_summary(tmp_path: Path) -> None:
    entry = mixed_entry(tmp_path)
    db = tmp_path / "history.sqlite3"
    play(entry, db, [("wait", 40.0), ("done", 5.0), ("previous", 0.0), ("wait", 90.0)])
    play_with_loads(entry, db, [("done", 4.0), ("wait", 40.0), ("next", 0.0)] * 3)
    play(entry, db, [("wait", 30.0), ("interrupt", 0.0), ("next", 0.0), ("quit", 0.0)])
    expected = read_all_ways(db)
    old = v3_log(db, tmp_path)
    # Read-only: an in-memory migrated copy, the file left as schema 3.
    assert read_all_ways(old) == expected
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 3
    with open_log(old) as history:  # writable: migrated in place
        assert schema.schema_version(history.conn) == schema.SCHEMA_VERSION
    assert read_all_ways(old) == expected
    assert_fresh_and_equal(old, tmp_path)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE steps SET outcome = 'skipped' WHERE session = 1",
        "UPDATE steps SET load = '9 kg' WHERE session = 1",
        "DELETE FROM steps WHERE session = 1 AND step_index > 0",
        "UPDATE steps SET session = 2 WHERE session = 1 AND step_index = 0",
        "INSERT INTO steps (session, step_index, name, kind, planned_seconds, actual_seconds,"
        " paused_seconds, adjusted_seconds, outcome, ended_at, distance_m) SELECT session,"
        " step_index, name, kind, planned_seconds, actual_seconds, 0, 0, 'completed',"
        " ended_at, 12.5 FROM steps WHERE session = 1",
        "UPDATE steps SET actual_seconds = 'a minute' WHERE session = 1",
    ],
)
def test_a_hand_edit_of_the_steps_marks_the_summary_stale(tmp_path: Path, edit: str) -> None:
    entry = mixed_entry(tmp_path)
    db = tmp_path / "history.sqlite3"
    for _ in range(3):
        play(entry, db, [("wait", 40.0), ("done", 5.0), ("next", 0.0), ("wait", 30.0)])
    before = read(db, with_steps=True)
    conn = sqlite3.connect(db)
    conn.execute(edit)
    conn.commit()
    stale = {r[0] for r in conn.execute("SELECT id FROM sessions WHERE NOT tally_ok")}
    conn.close()
    assert 1 in stale and 3 not in stale
    assert read(db, with_steps=True) != before
    slow = stale_copy(db, tmp_path)
    assert read_all_ways(db) == read_all_ways(slow)


def test_the_migration_runs_a_trigger_as_one_statement() -> None:
    found = schema.statements(schema.MIGRATIONS[3])
    triggers = [s for s in found if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(s.endswith("END;") for s in triggers)


def test_the_logs_step_outcomes_are_the_engines() -> None:
    from timer_tui.core.engine import StepOutcome
    from timer_tui.log import records

    assert StepOutcome.COMPLETED.value == records.STEP_COMPLETED
    assert StepOutcome.SHORTENED.value == records.STEP_SHORTENED
    assert StepOutcome.SKIPPED.value == records.STEP_SKIPPED
    assert {o.value for o in StepOutcome} >= records.DONE_STEP_OUTCOMES
