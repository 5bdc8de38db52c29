"""`log --csv` for a spreadsheet: date-times it reads as such, and a per-step CSV.

LibreOffice and Excel read "2026-11-27 10:01:26" as a date and time, and load
"2026-11-27T10:01:26.424670+00:00" as text; the times are the runner's local time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest

from tests.conftest import RunIntoLog
from tests.unit.conftest import Cli
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
