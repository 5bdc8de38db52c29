"""`timer-tui log`, `next` and `resume` as users and scripts see them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
from pathlib import Path

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
from timer_tui.cli.commands.log import parse_since
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import resolve
from timer_tui.log.records import Outcome

TZ = dt.timezone(dt.timedelta(hours=1))


def test_log_on_an_empty_history(cli: Cli) -> None:
    code, out, _ = cli(["log"])
    assert code == 0 and "No sessions in the log yet" in out
    assert not history_path().exists()  # reading never creates the log
    code, out, _ = cli(["log", "--json"])
    assert json.loads(out) == []


def test_log_table_json_and_csv_after_runs(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    c25k = resolve("c25k/week-1-run-1")
    run_into_log(c25k)
    run_into_log(resolve("c25k/week-1-run-2"), quit_at=1)

    code, out, _ = cli(["log"])
    assert code == 0
    assert "Couch to 5K - Week 1, Run 1" in out and "completed" in out
    assert "quit at step 2/" in out
    assert "c25k W1D1" in out
    assert "streak: 1 week in a row" in out

    code, out, _ = cli(["log", "--json"])
    data = json.loads(out)
    assert [d["outcome"] for d in data] == ["quit", "completed"]
    done = data[1]
    assert done["session"] == "c25k/week-1-run-1"
    assert done["program"] == {"id": "c25k", "week": 1, "day": 1, "order": None}
    assert len(done["steps"]) == len(c25k.timeline())
    first = done["steps"][0]
    assert first["planned_seconds"] == 300 and first["actual_seconds"] == 300
    assert dt.datetime.fromisoformat(done["started_at"]).tzinfo is not None

    code, out, _ = cli(["log", "--csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["outcome"] for r in rows] == ["quit", "completed"]
    assert rows[1]["steps_done"] == str(len(c25k.timeline()))
    assert rows[0]["stopped_at_step"] == "2"


def test_log_since_filters_by_start(cli: Cli, run_into_log: RunIntoLog) -> None:
    old = dt.datetime(2025, 1, 6, 8, tzinfo=TZ)
    run_into_log(resolve("presets/rest-timer"), start=old)
    run_into_log(resolve("c25k/week-1-run-1"))
    _, out, _ = cli(["log", "--json", "--since", "2025-06-01"])
    assert [d["session"] for d in json.loads(out)] == ["c25k/week-1-run-1"]
    _, out, _ = cli(["log", "--json", "--since", "2025-01-01"])
    assert len(json.loads(out)) == 2
    code, _, err = cli(["log", "--since", "last tuesday"])
    assert code == 2 and "--since" in err


def test_parse_since_forms() -> None:
    now = dt.datetime(2026, 3, 10, 15, 45, tzinfo=TZ)
    assert parse_since("7d", now) == dt.datetime(2026, 3, 3, tzinfo=TZ)
    assert parse_since("2w", now) == dt.datetime(2026, 2, 24, tzinfo=TZ)
    assert parse_since("2026-03-01", now) == dt.datetime(2026, 3, 1, tzinfo=TZ)
    utc = parse_since("2026-03-01T10:00+00:00", now)
    assert utc.utcoffset() == dt.timedelta(0)


def test_log_on_a_corrupt_file_says_so_and_leaves_it(
    cli: Cli,
) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    code, _, err = cli(["log"])
    assert code == 2 and "damaged" in err and "left untouched" in err
    assert path.read_bytes() == b"garbage" * 1000


def test_next_follows_program_order_and_the_last_program(
    cli: Cli,
    run_into_log: RunIntoLog,
) -> None:
    code, _, err = cli(["next", "--dry-run"])
    assert code == 2 and "no program in the log yet" in err and "c25k" in err
    code, out, _ = cli(["next", "c25k", "--dry-run"])
    assert (code, out) == (0, "c25k/week-1-run-1\n")

    run_into_log(resolve("c25k/week-1-run-1"))
    run_into_log(resolve("c25k/week-1-run-2"), quit_at=1)  # quit: not done
    code, out, _ = cli(["next", "--dry-run"])
    assert (code, out) == (0, "c25k/week-1-run-2\n")

    code, _, err = cli(["next", "c26k", "--dry-run"])
    assert code == 2 and 'no program "c26k"' in err


def test_next_runs_the_session_in_plain_mode(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "timer-tui" / "sessions" / "mini"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder.mkdir(parents=True)
    for day in (1, 2):
        (folder / f"day-{day}.toml").write_text(
            f'name = "Mini {day}"\n[program]\nid = "mini"\nday = {day}\n'
            '[cues]\ncountdown = 0\nhalfway = false\n[[steps]]\nname = "Squat"\nreps = 3\n'
        )
    read_end, write_end = os.pipe()
    os.write(write_end, b"\n")  # Enter: the rep step is done
    os.close(write_end)
    monkeypatch.setattr("sys.stdin", os.fdopen(read_end))
    code, out, err = cli(["next", "mini", "--plain", "--json", "--mute"])
    assert code == 0, err
    assert "next: mini/day-1" in err
    assert json.loads(out.splitlines()[-1])["event"] == "session_finished"
    code, out, _ = cli(["next", "--dry-run"])
    assert out == "mini/day-2\n"


def test_resume_with_nothing_to_resume(cli: Cli) -> None:
    code, _, err = cli(["resume", "--plain"])
    assert code == 2 and "nothing to resume" in err


def test_resume_dismiss(cli: Cli) -> None:
    clock = FakeClock()
    engine, _ = open_run(resolve("c25k/week-1-run-1"), clock)
    engine.start()
    clock.advance(301)
    engine.poll()  # in step 2 when its process "dies": hand the row to a dead pid
    hand_to_a_dead_process(history_path())

    code, out, _ = cli(["resume", "--dismiss"])
    assert code == 0 and "stopped at step 2" in out
    code, _, err = cli(["resume", "--plain"])
    assert code == 2 and "nothing to resume" in err
    [record] = logged_sessions()
    assert record.outcome is Outcome.INTERRUPTED
    assert record.outcome_text.startswith("interrupted at step 2/")


def test_a_kill_between_the_step_row_and_the_next_step_is_corrected(
    tmp_path: Path,
) -> None:
    """``current_step`` written after the step row: a kill in between leaves it behind."""
    db = tmp_path / "h.sqlite3"
    clock = FakeClock()
    engine, _ = open_run(resolve("c25k/week-1-run-1"), clock, path=db)
    engine.start()
    clock.advance(300 + 60)
    engine.poll()  # steps 0 and 1 done, in step 2
    conn = sqlite3.connect(db)
    conn.execute("UPDATE sessions SET current_step = 1")  # as if killed before the write
    conn.commit()
    conn.close()
    with open_log(db, readonly=True, is_alive=lambda *a: False) as h:
        [record] = h.sessions()
    assert record.current_step == 2 and record.stopped_step == 2


def test_a_session_skipped_through_is_logged_but_does_not_count(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, run_into_log: RunIntoLog
) -> None:
    """`n` through every step of c25k week 1 run 1: finished, but not done for the program."""
    monkeypatch.setenv("COLUMNS", "200")
    steps = len(resolve("c25k/week-1-run-1").timeline())
    read_end, write_end = os.pipe()
    os.write(write_end, b"n\n" * steps)
    os.close(write_end)
    monkeypatch.setattr("sys.stdin", os.fdopen(read_end))
    code, out, err = cli(["next", "c25k", "--plain", "--json", "--mute"])
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["event"] == "session_finished"

    code, out, _ = cli(["next", "c25k", "--dry-run"])
    assert (code, out) == (0, "c25k/week-1-run-1\n")  # still the next one
    _, out, _ = cli(["log", "--json"])
    [logged] = json.loads(out)
    assert logged["outcome"] == "completed"
    assert (logged["steps_completed"], logged["steps_skipped"]) == (0, steps)
    assert logged["counts_as_done"] is False
    _, out, _ = cli(["log"])
    assert f"completed, {steps} skipped, not counted" in out
    assert "streak: 0 weeks" in out
    _, out, _ = cli(["log", "--csv"])
    [row] = csv.DictReader(io.StringIO(out))
    assert (row["steps_done"], row["steps_skipped"], row["counts_as_done"]) == (
        "0",
        str(steps),
        "0",
    )

    run_into_log(resolve("c25k/week-1-run-1"))  # run for real this time
    code, out, _ = cli(["next", "c25k", "--dry-run"])
    assert out == "c25k/week-1-run-2\n"
