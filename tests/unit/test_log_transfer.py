"""`timer-tui log export` and `log import`: one history on two machines, merged on each
session's stable id, against real SQLite logs written by the real recorder."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conftest import (
    FakeClock,
    RunIntoLog,
    hand_to_a_dead_process,
    logged_sessions,
    open_log,
    open_run,
)
from tests.unit.conftest import Cli
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import discover, resolve
from timer_tui.log.records import Outcome, SessionRecord
from timer_tui.log.transfer import export_log
from timer_tui.log.transfer_format import parse_export
from timer_tui.log.views import program_progress, session_streak, weekly_totals

TZ = dt.timezone(dt.timedelta(hours=1))


def _uids(path: Path) -> list[str | None]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT uid FROM sessions ORDER BY id")]
    finally:
        conn.close()


def test_every_new_session_gets_its_own_stable_id(run_into_log: RunIntoLog) -> None:
    run_into_log(resolve("c25k/week-1-run-1"))
    run_into_log(resolve("c25k/week-1-run-2"), quit_at=1)
    uids = _uids(history_path())
    assert len(uids) == 2 and len(set(uids)) == 2
    assert all(u is not None and len(u) == 32 and int(u, 16) >= 0 for u in uids)


# -- two machines -------------------------------------------------------------------------
def _machine(root: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data folder at machine ``name``'s; its log's path."""
    folder = root / name
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return history_path()


def _lifting_run(session: str, start: dt.datetime, *, pause: float = 30.0) -> None:
    """A run with a pause in its first step, every rep step done with 8 reps at 12 kg."""
    clock = FakeClock()
    engine, recorder = open_run(resolve(session), clock, start=start)
    engine.start()
    first = True
    while not engine.status.is_over:
        seconds = engine.step.seconds
        if seconds is None:
            engine.done(8, "12 kg")
            continue
        if first:
            clock.advance(10)
            engine.pause()
            clock.advance(pause)
            engine.resume()
            clock.advance(seconds - 10)
            first = False
        else:
            clock.advance(seconds)
        engine.poll()
    assert recorder.wait(5)


def _dump(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT * FROM sessions ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM steps ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


def _content(records: list[SessionRecord]) -> list[tuple[object, ...]]:
    """What a session is, machine aside: its times, outcome and every step's facts."""
    return sorted(
        (
            r.session_id,
            r.started_at,
            r.ended_at,
            r.outcome,
            r.active_seconds,
            r.paused_seconds,
            tuple(
                (
                    s.index,
                    s.name,
                    s.outcome,
                    s.actual_seconds,
                    s.paused_seconds,
                    s.reps_done,
                    s.load,
                )
                for s in r.steps
            ),
        )
        for r in records
    )


TODAY = dt.date(2026, 11, 20)


def _facts(path: Path) -> tuple[int, float, int, str | None]:
    """Sessions, total active seconds in the weekly totals, streak, c25k's next session."""
    records = logged_sessions(path, with_steps=True)
    weeks = weekly_totals(records, TODAY, weeks=8, tz=TZ)
    progress = program_progress(discover(), [r for r in records if r.counts_as_done])
    return (
        len(records),
        round(sum(w.total for w in weeks), 3),
        session_streak(records, TODAY, tz=TZ),
        progress["c25k"].next_id,
    )


def test_export_then_import_twice_merges_two_machines(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> None:
    # Machine A: two weeks of Couch to 5K, a lifting session with loads and a pause, a quit run.
    log_a = _machine(tmp_path, "a", monkeypatch)
    run_into_log(resolve("c25k/week-1-run-1"), start=dt.datetime(2026, 11, 2, 7, tzinfo=TZ))
    run_into_log(resolve("c25k/week-1-run-2"), start=dt.datetime(2026, 11, 9, 7, tzinfo=TZ))
    _lifting_run("strength/hips", dt.datetime(2026, 11, 10, 18, tzinfo=TZ))
    run_into_log(
        resolve("presets/tabata"), start=dt.datetime(2026, 11, 11, 7, tzinfo=TZ), quit_at=3
    )
    with sqlite3.connect(log_a) as conn:  # a treadmill step (TREAD's columns travel too)
        conn.execute("UPDATE steps SET speed_kmh = 8.5, incline_pct = 1.0, distance_m = 708.3"
                     " WHERE id = (SELECT min(id) FROM steps)")  # fmt: skip
    conn.close()
    a_records = logged_sessions(log_a, with_steps=True)
    a_facts = _facts(log_a)
    export = tmp_path / "sync" / "a.json"
    export.parent.mkdir()  # -o makes no folder
    code, out, err = cli(["log", "export", "-o", str(export)])
    assert code == 0 and out == "" and "exported 4 sessions" in err

    # Machine B already holds sessions of its own.
    log_b = _machine(tmp_path, "b", monkeypatch)
    run_into_log(resolve("c25k/week-1-run-3"), start=dt.datetime(2026, 11, 16, 7, tzinfo=TZ))
    run_into_log(resolve("presets/rest-timer"), start=dt.datetime(2026, 11, 17, 7, tzinfo=TZ))
    b_before = _dump(log_b)
    b_records = logged_sessions(log_b, with_steps=True)
    b_facts = _facts(log_b)

    code, out, _ = cli(["log", "import", str(export)])
    assert code == 0 and "added 4 sessions" in out and "0 already" in out
    after_once = _dump(log_b)
    code, out, _ = cli(["log", "import", str(export)])
    assert code == 0 and "added 0 sessions" in out and "4 already in the log" in out
    assert _dump(log_b) == after_once  # idempotent: not a byte of a row changed
    # B's own rows are exactly as they were.
    assert after_once[0][: len(b_before[0])] == b_before[0]
    assert after_once[1][: len(b_before[1])] == b_before[1]

    merged = logged_sessions(log_b, with_steps=True)
    assert _content(merged) == sorted(_content(a_records) + _content(b_records))
    sessions, active, streak, following = _facts(log_b)
    assert sessions == a_facts[0] + b_facts[0] == 6
    assert active == round(a_facts[1] + b_facts[1], 3)
    assert (a_facts[2], b_facts[2], streak) == (2, 1, 3)  # weeks of Nov 2 and 9; 16; all three
    assert (a_facts[3], b_facts[3], following) == (
        "c25k/week-1-run-3",
        "c25k/week-1-run-1",
        "c25k/week-2-run-1",
    )
    lifted = next(r for r in merged if r.session_id == "strength/hips")
    assert lifted.paused_seconds == 30.0 and lifted.steps[0].paused_seconds == 30.0
    assert {s.load for s in lifted.steps if s.reps_planned} == {"12 kg"}
    assert {s.reps_done for s in lifted.steps if s.reps_planned} == {8}
    with sqlite3.connect(log_b) as conn:
        treadmill = conn.execute(
            "SELECT speed_kmh, incline_pct, distance_m FROM steps WHERE speed_kmh IS NOT NULL"
        ).fetchall()
    conn.close()
    assert treadmill == [(8.5, 1.0, 708.3)]
    code, out, _ = cli(["next", "c25k", "--dry-run"])
    assert (code, out) == (0, "c25k/week-2-run-1\n")
    # The same sessions by the same ids on both machines (`log --json` shows them).
    code, out, _ = cli(["log", "--json"])
    merged_uids = {d["uid"] for d in json.loads(out)}
    assert merged_uids == {r.uid for r in a_records} | {r.uid for r in b_records}
    assert len(merged_uids) == 6 and None not in merged_uids

    # Back on A: B's export brings B's two sessions, and A's own come back as already there.
    export_b = tmp_path / "sync" / "b.json"
    assert cli(["log", "export", "-o", str(export_b)])[0] == 0
    _machine(tmp_path, "a", monkeypatch)
    code, out, _ = cli(["log", "import", str(export_b)])
    assert "added 2 sessions" in out and "4 already in the log" in out
    assert _facts(log_a)[:3] == (sessions, active, streak)


def _valid_export(tmp_path: Path, cli: Cli, run_into_log: RunIntoLog) -> dict[str, Any]:
    run_into_log(resolve("c25k/week-1-run-1"), start=dt.datetime(2026, 11, 2, 7, tzinfo=TZ))
    run_into_log(resolve("presets/rest-timer"), start=dt.datetime(2026, 11, 3, 7, tzinfo=TZ))
    code, out, _ = cli(["log", "export"])
    assert code == 0
    document: dict[str, Any] = json.loads(out)
    return document


def _exported_on_a(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> Path:
    """Machine a's export of two sessions, as a file."""
    _machine(tmp_path, "a", monkeypatch)
    good = tmp_path / "a.json"
    good.write_text(json.dumps(_valid_export(tmp_path, cli, run_into_log)))
    return good


def _break(document: dict[str, Any], where: str) -> bytes:
    bad = copy.deepcopy(document)
    if where == "outcome":
        bad["sessions"][1]["steps"][0]["outcome"] = "done"
    elif where == "started_at":
        bad["sessions"][1]["started_at"] = "yesterday"
    elif where == "missing":
        del bad["sessions"][1]["name"]
    elif where == "duplicate":
        bad["sessions"][1]["uid"] = bad["sessions"][0]["uid"]
    elif where == "newer":
        bad["version"] = 99
    elif where == "foreign":
        bad = {"workouts": bad["sessions"]}
    elif where == "negative":
        bad["sessions"][1]["steps"][0]["actual_seconds"] = -5
    elif where == "far_past":
        for key in ("started_at", "ended_at", "last_seen_at"):
            bad["sessions"][1][key] = "0001-01-01T00:00:00+12:00"
    elif where == "far_future":
        bad["sessions"][1]["steps"][0]["ended_at"] = "9999-12-31T23:59:59-12:00"
    elif where == "huge_planned":
        bad["sessions"][1]["planned_seconds"] = 10**30
    elif where == "huge_week":
        bad["sessions"][0]["program_week"] = 10**20
    elif where == "huge_index":
        bad["sessions"][1]["steps"][0]["step_index"] = 2**63
    elif where == "huge_float":
        bad["sessions"][1]["active_seconds"] = 10**30
    elif where == "surrogate":
        bad["sessions"][1]["name"] = "\ud800"
    elif where == "surrogate_load":
        bad["sessions"][1]["steps"][0]["load"] = "8 kg \udfff"
    text = json.dumps(bad)
    if where == "truncated":
        text = text[: len(text) // 2]
    if where == "nan":
        text = text.replace('"active_seconds": 120.0', '"active_seconds": NaN')
    return text.encode()


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("outcome", 'sessions[1].steps[0].outcome: found "done"; allowed: completed,'),
        ("started_at", 'sessions[1].started_at: found "yesterday"; expected a date and time'),
        ("missing", "sessions[1]: name is missing"),
        ("duplicate", "sessions[1].uid:"),
        ("newer", "written by a newer timer-tui (format version 99"),
        ("foreign", 'not a timer-tui log export (it has no "format": "timer-tui-log"'),
        ("negative", "sessions[1].steps[0].actual_seconds: found -5; expected a number"),
        ("far_past", 'sessions[1].started_at: found "0001-01-01T00:00:00+12:00"; expected a date'),
        ("far_future", 'sessions[1].steps[0].ended_at: found "9999-12-31T23:59:59-12:00";'),
        ("huge_planned", "sessions[1].planned_seconds: found 1000000000000000000000000000"),
        ("huge_week", "sessions[0].program_week: found 100000000000000000000; expected a whole"),
        ("huge_index", "sessions[1].steps[0].step_index: found 9223372036854775808; expected"),
        ("huge_float", "sessions[1].active_seconds: found 1000000000000000000000000000"),
        ("surrogate", 'sessions[1].name: found "\\ud800"; expected text that UTF-8 can hold'),
        ("surrogate_load", "sessions[1].steps[0].load: found"),
        ("truncated", "line 1, column"),
        ("nan", "NaN is not a number JSON allows"),
    ],
)
def test_a_bad_file_is_refused_whole_and_changes_nothing(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    run_into_log: RunIntoLog,
    where: str,
    said: str,
) -> None:
    _machine(tmp_path, "a", monkeypatch)
    document = _valid_export(tmp_path, cli, run_into_log)
    bad = tmp_path / "bad.json"
    bad.write_bytes(_break(document, where))
    log_b = _machine(tmp_path, "b", monkeypatch)
    run_into_log(resolve("presets/tabata"))
    before = _dump(log_b)
    code, out, err = cli(["log", "import", str(bad)])
    assert code == 2 and out == ""
    assert said in err and "nothing was imported" in err, err
    assert str(bad) in err and err.count("\n") == 1  # one line, naming the file
    assert _dump(log_b) == before


def test_a_failure_inside_the_transaction_rolls_every_session_back(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> None:
    """The second session's steps fail in SQLite (a trigger): the first is not kept either."""
    good = _exported_on_a(tmp_path, cli, monkeypatch, run_into_log)
    log_b = _machine(tmp_path, "b", monkeypatch)
    run_into_log(resolve("presets/tabata"))
    with sqlite3.connect(log_b) as conn:
        conn.execute(
            "CREATE TRIGGER no_rest BEFORE INSERT ON steps WHEN NEW.name = 'Rest'"
            " BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END"
        )
    conn.close()
    before = _dump(log_b)
    code, _, err = cli(["log", "import", str(good)])
    assert code == 2 and "refused by a test trigger" in err and "nothing was imported" in err
    assert _dump(log_b) == before


def test_import_dry_run_and_files_that_are_no_export(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> None:
    good = _exported_on_a(tmp_path, cli, monkeypatch, run_into_log)
    log_b = _machine(tmp_path, "b", monkeypatch)
    code, out, _ = cli(["log", "import", "--dry-run", str(good)])
    assert code == 0 and "would add 2 sessions" in out
    assert logged_sessions(log_b) == []
    code, _, err = cli(["log", "import", str(tmp_path / "missing.json")])
    assert code == 2 and "no such file" in err
    code, _, err = cli(["log", "import", str(tmp_path)])
    assert code == 2 and "folder" in err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code, _, err = cli(["log", "import", str(fifo)])  # never blocks on it
    assert code == 2 and "FIFO" in err


def test_export_o_replaces_an_earlier_export_but_no_other_file(
    tmp_path: Path, cli: Cli, run_into_log: RunIntoLog
) -> None:
    run_into_log(resolve("presets/rest-timer"))
    target = tmp_path / "sync" / "laptop.json"
    target.parent.mkdir()  # -o makes no folder
    assert cli(["log", "export", "-o", str(target)])[0] == 0
    run_into_log(resolve("presets/tabata"))
    assert cli(["log", "export", "-o", str(target)])[0] == 0  # the routine: replaced
    assert len(json.loads(target.read_text())["sessions"]) == 2
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}')
    code, _, err = cli(["log", "export", "-o", str(notes)])
    assert code == 2 and "not a timer-tui log export" in err and "--force" in err
    assert notes.read_text() == '{"mine": true}'
    assert cli(["log", "export", "-o", str(notes), "--force"])[0] == 0
    assert json.loads(notes.read_text())["format"] == "timer-tui-log"
    assert not [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_session_still_running_waits_for_its_end(
    tmp_path: Path, cli: Cli, clock: FakeClock
) -> None:
    engine, recorder = open_run(resolve("presets/rest-timer"), clock)
    engine.start()
    assert recorder.wait(5)
    code, out, err = cli(["log", "export"])
    assert code == 0 and json.loads(out)["sessions"] == []
    assert "1 session still running or resumable left out" in err
    clock.advance(120)
    engine.poll()
    assert recorder.wait(5)
    code, out, _ = cli(["log", "export"])
    [done] = json.loads(out)["sessions"]
    assert done["outcome"] == "completed" and len(done["steps"]) == 1


def test_export_on_a_machine_with_no_log_is_empty_and_creates_nothing(cli: Cli) -> None:
    code, out, err = cli(["log", "export"])
    assert code == 0 and json.loads(out)["sessions"] == [] and "exported 0 sessions" in err
    assert not history_path().exists()


def test_an_interrupted_run_goes_along_once_it_can_no_longer_be_resumed(
    clock: FakeClock,
) -> None:
    """Killed mid-run: resumable for 12 hours (left out), then exported as interrupted."""
    engine, recorder = open_run(resolve("presets/tabata"), clock)
    engine.start()
    clock.advance(10)
    engine.poll()
    clock.advance(20)
    engine.poll()  # the first step (10 s) and the second (20 s) ended
    assert recorder.wait(5)
    hand_to_a_dead_process(history_path())
    with open_log() as history:
        [record] = history.sessions()
        assert record.outcome is Outcome.INTERRUPTED
        soon = export_log(history, now=record.last_seen_at + dt.timedelta(hours=1))
        later = export_log(history, now=record.last_seen_at + dt.timedelta(hours=13))
    assert (soon.sessions, soon.left_out) == (0, 1)
    assert (later.sessions, later.left_out) == (1, 0)
    [session] = cast("list[dict[str, Any]]", later.document["sessions"])
    assert session["outcome"] == "interrupted" and session["stopped_step"] == 2
    assert session["ended_at"] == session["last_seen_at"]
    rows = parse_export(json.dumps(later.document).encode())
    assert [r.uid for r in rows] == [record_uid(history_path())]


def record_uid(path: Path) -> str:
    [uid] = _uids(path)
    assert uid is not None
    return uid


def test_rows_without_an_id_get_one_or_are_said_to_be_left_out(
    cli: Cli, run_into_log: RunIntoLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row written before the recorder gave ids; the log locked while export would fix it."""
    run_into_log(resolve("presets/rest-timer"))
    run_into_log(resolve("presets/tabata"), quit_at=2)
    with sqlite3.connect(history_path()) as conn:
        conn.execute("UPDATE sessions SET uid = NULL WHERE session_id = 'presets/tabata'")
    conn.close()

    def locked(history: object) -> int:
        raise sqlite3.OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr("timer_tui.log.transfer.give_missing_uids", locked)
        code, out, err = cli(["log", "export"])
    assert code == 0 and len(json.loads(out)["sessions"]) == 1
    assert "1 session without an id left out" in err
    code, out, err = cli(["log", "export"])  # the log is free: the row gets its id
    assert code == 0 and len(json.loads(out)["sessions"]) == 2 and "without an id" not in err
    assert None not in _uids(history_path())


def test_a_run_downhill_with_time_taken_off_goes_along(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decline (the format allows incline down to -6%) and time taken off a step (a
    negative adjustment) are values a real run logs: its export must import."""
    session = tmp_path / "downhill.toml"
    session.write_text(
        'name = "Downhill"\n[[steps]]\nduration = "2m"\nspeed = "9 km/h"\nincline = -2\n'
    )
    _machine(tmp_path, "a", monkeypatch)
    clock = FakeClock()
    engine, _ = open_run(resolve(str(session)), clock, start=dt.datetime(2026, 11, 2, tzinfo=TZ))
    engine.start()
    clock.advance(10)
    engine.adjust(-60)
    clock.advance(50)
    engine.poll()
    assert engine.status.is_over
    exported = tmp_path / "a.json"
    assert cli(["log", "export", "-o", str(exported)])[0] == 0
    step = json.loads(exported.read_text())["sessions"][0]["steps"][0]
    assert (step["incline_pct"], step["adjusted_seconds"]) == (-2.0, -60)
    log_b = _machine(tmp_path, "b", monkeypatch)
    code, out, err = cli(["log", "import", str(exported)])
    assert code == 0 and "added 1 session" in out, err
    assert len(logged_sessions(log_b)) == 1
