"""`log --csv` for a spreadsheet: date-times it reads as such, and a per-step CSV.

LibreOffice and Excel read "2026-11-27 10:01:26" as a date and time, and load
"2026-11-27T10:01:26.424670+00:00" as text; the times are the runner's local time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock, RunIntoLog, open_run
from tests.unit.conftest import Cli
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import resolve

SPREADSHEET_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
START = dt.datetime(2026, 11, 27, 10, 1, 26, 424670, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_session_csv_times_read_as_local_date_times(cli: Cli, run_into_log: RunIntoLog) -> None:
    run_into_log(resolve("presets/rest-timer"), start=START)
    code, out, _ = cli(["log", "--csv"])
    (row,) = csv.DictReader(io.StringIO(out))
    assert code == 0
    assert row["started_at"] == "2026-11-27 11:01:26"  # UTC+1 in Berlin in November
    assert SPREADSHEET_TIME.match(row["ended_at"]), row["ended_at"]


def test_a_csv_row_per_step(cli: Cli, run_into_log: RunIntoLog) -> None:
    entry = resolve("examples/strength-circuit")
    run_into_log(entry, start=START)
    code, out, _ = cli(["log", "--csv", "--steps"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(entry.timeline())
    first = rows[0]
    assert first["session"] == "examples/strength-circuit" and first["step"] == "1"
    assert first["started_at"] == "2026-11-27 11:01:26"
    assert SPREADSHEET_TIME.match(first["ended_at"])
    assert first["name"] == "March on the spot" and first["outcome"] == "completed"
    assert {"kind", "planned_seconds", "actual_seconds", "reps_planned", "reps_done", "load"} <= (
        set(first)
    )
    reps = next(r for r in rows if r["reps_planned"])
    assert reps["reps_done"] == reps["reps_planned"]


def test_steps_goes_with_csv(cli: Cli) -> None:
    code, _, err = cli(["log", "--steps"])
    assert code == 2 and "--steps" in err and "--csv" in err


FORMULAS = ('=HYPERLINK("http://evil","x")', "@SUM(1+1)", "+1+1", "-1+1", "\t=1+1", "\r=1+1")
"""Text a spreadsheet would run as a formula (OWASP's CSV injection list)."""


def test_text_a_spreadsheet_would_run_is_quoted_and_numbers_stay_numbers(
    cli: Cli, tmp_path: Path
) -> None:
    """LibreOffice and Excel run a cell that begins with = + - @ (or a tab or CR before
    one): a session or step name from a shared file must load as text, with a single
    quote before it. A negative number (time taken off a step) is still a number."""
    session = tmp_path / "formula.toml"
    session.write_text(
        'name = "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n'
        '[[steps]]\nname = "@SUM(1+1)"\nduration = "2m"\n'
        '[[steps]]\nname = "+1+1"\nreps = 5\n'
    )
    for _ in FORMULAS:
        clock = FakeClock()
        engine, _ = open_run(resolve(str(session)), clock, start=START)
        engine.start()
        clock.advance(10)
        engine.adjust(-60)
        clock.advance(50)
        engine.poll()
        engine.done(5, "-1+1 kg")
        assert engine.status.is_over
    conn = sqlite3.connect(history_path())
    for row, name in enumerate(FORMULAS, start=1):
        conn.execute("UPDATE sessions SET name = ?, session_id = ? WHERE id = ?", (name, name, row))
    conn.commit()
    conn.close()
    code, out, _ = cli(["log", "--csv"])
    sessions = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    # A carriage return is shown escaped, as on a terminal: "\\r=1+1" runs nothing.
    quoted = sorted(f"'{n}" if n[0] != "\r" else "\\r=1+1" for n in FORMULAS)
    assert sorted(r["name"] for r in sessions) == quoted
    assert sorted(r["session"] for r in sessions) == quoted
    assert {r["loads"] for r in sessions} == {"'+1+1 -1+1 kg"}  # a step's name comes first
    code, out, _ = cli(["log", "--csv", "--steps"])
    steps = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(steps) == 2 * len(FORMULAS)
    assert {r["name"] for r in steps} == {"'@SUM(1+1)", "'+1+1"}
    assert {r["load"] for r in steps} == {"", "'-1+1 kg"}
    assert {r["adjusted_seconds"] for r in steps} == {"-60", "0"}
    assert {r["session"] for r in steps} == set(quoted)
