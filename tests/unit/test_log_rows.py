"""Rows of a real log that do not parse are skipped and said once; the rest still read."""

from __future__ import annotations

import sqlite3
import time

import pytest

from tests.conftest import RunIntoLog, open_log
from timer_tui.cli.main import main
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import resolve
from timer_tui.log.streak import weekly_streak
from timer_tui.ui.screens.history import load_history


def test_unparseable_rows_are_skipped_with_one_notice(run_into_log: RunIntoLog) -> None:
    for _ in range(3):
        run_into_log(resolve("presets/rest-timer"))
    conn = sqlite3.connect(history_path())
    conn.execute("UPDATE sessions SET started_at = 'yesterday' WHERE id = 1")
    conn.execute("UPDATE sessions SET outcome = 'exploded' WHERE id = 2")
    conn.commit()
    conn.close()
    with open_log(readonly=True) as history:
        records = history.sessions(with_steps=True)
        history.sessions()  # read twice: still two rows, one notice
        assert [r.row for r in records] == [3]
        notice = history.unreadable_notice()
    assert notice == "2 rows of the log could not be read (session id 1, 2) and were skipped"
    data = load_history()
    assert [r.row for r in data.sessions] == [3]
    assert data.problem == notice


SESSION_NUMBERS = (
    "started_ts",
    "planned_seconds",
    "step_count",
    "active_seconds",
    "paused_seconds",
    "program_week",
    "program_day",
    "current_step",
    "stopped_step",
    "resumes",
    "tally_rows",
    "tally_done",
    "tally_timed_us",
    "tally_distance",
)
STEP_NUMBERS = (
    "step_index",
    "planned_seconds",
    "actual_seconds",
    "paused_seconds",
    "adjusted_seconds",
    "reps_planned",
    "reps_done",
    "distance_m",
)


SESSION_TEXTS = ("name", "started_at", "outcome", "program_id", "tally_last_outcome")
STEP_TEXTS = ("name", "kind", "outcome", "ended_at", "load")


def log_after_edit(
    run_into_log: RunIntoLog, edit: str, how: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> str:
    """Two runs logged, ``edit`` applied to the log by hand, then ``timer-tui log HOW``:
    its stderr, which must hold no internal error."""
    run_into_log(resolve("presets/rest-timer"))
    run_into_log(resolve("presets/rest-timer"))
    conn = sqlite3.connect(history_path())
    conn.execute(edit)
    conn.commit()
    conn.close()
    assert main(["log", *how]) == 0
    err = capsys.readouterr().err
    assert "internal error" not in err
    return err


@pytest.mark.parametrize(
    "edit",
    [f"UPDATE sessions SET {c} = 'abc' WHERE id = 1" for c in SESSION_NUMBERS]
    + [f"UPDATE steps SET {c} = 'abc' WHERE session = 1" for c in STEP_NUMBERS]
    + [f"UPDATE sessions SET {c} = X'1b5b32' WHERE id = 1" for c in SESSION_TEXTS]
    + [f"UPDATE steps SET {c} = X'1b5b32' WHERE session = 1" for c in STEP_TEXTS],
)
@pytest.mark.parametrize("how", [(), ("--json",), ("--csv",), ("--csv", "--steps"), ("export",)])
def test_text_where_a_number_belongs_skips_the_row(
    run_into_log: RunIntoLog, edit: str, how: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand edit that leaves text in a number's column, or bytes in a text's (SQLite
    keeps either), is an unreadable row like any other: skipped and said, never an
    internal error."""
    err = log_after_edit(run_into_log, edit, how, capsys)
    notice = "1 row of the log could not be read (session id 1) and was skipped"
    if "tally_" not in edit and "step_index" not in edit:
        # A summary is read from the steps when it does not parse; other values skip the row.
        assert notice in err, (edit, err)
    data = load_history()
    assert [r.row for r in data.sessions] in ([2], [2, 1])


FAR_TIMES_COLUMNS = ("started_at", "ended_at", "last_seen_at")
FAR_TIMES = ("0001-01-01T00:00:00+12:00", "9999-12-31T23:59:59-12:00")
"""Times ``fromisoformat`` reads whose UTC form is past what ``datetime`` holds."""


@pytest.mark.parametrize(
    "edit",
    [f"UPDATE sessions SET {c} = '{t}' WHERE id = 1" for c in FAR_TIMES_COLUMNS for t in FAR_TIMES]
    + [f"UPDATE steps SET ended_at = '{t}' WHERE session = 1" for t in FAR_TIMES],
)
@pytest.mark.parametrize("how", [(), ("--json",), ("--csv",), ("--csv", "--steps"), ("export",)])
def test_a_time_past_what_datetime_holds_skips_the_row(
    run_into_log: RunIntoLog, edit: str, how: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """A row whose time parses but whose UTC form is in year 0 or 10000 (an old import,
    a hand edit, a synced log) is unreadable like one that does not parse: every
    reader that reads the time skips the row and says so (a step's time only where
    the steps are read)."""
    err = log_after_edit(run_into_log, edit, how, capsys)
    step_time = "UPDATE steps" in edit
    if not step_time or how in (("--json",), ("--csv", "--steps"), ("export",)):
        assert "1 row of the log could not be read (session id 1) and was skipped" in err, err
    data = load_history()
    assert [r.row for r in data.sessions] == ([2, 1] if step_time else [2])
    with open_log(readonly=True) as history:
        assert weekly_streak(history) == 1


def test_a_time_past_what_datetime_holds_in_local_time_skips_the_row(
    run_into_log: RunIntoLog, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """UTC 0001-01-01 02:00 is fine, but west of Greenwich its local form is in year 0:
    the table's date and the CSV's local time cannot be made."""
    run_into_log(resolve("presets/rest-timer"))
    run_into_log(resolve("presets/rest-timer"))
    conn = sqlite3.connect(history_path())
    conn.execute("UPDATE sessions SET started_at = '0001-01-01T02:00:00+00:00' WHERE id = 1")
    conn.commit()
    conn.close()
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        for how in [(), ("--csv",), ("--csv", "--steps")]:
            assert main(["log", *how]) == 0
            err = capsys.readouterr().err
            assert "1 row of the log could not be read (session id 1)" in err, (how, err)
        assert [r.row for r in load_history().sessions] == [2]
    finally:
        monkeypatch.undo()
        time.tzset()
