"""Rows of a real log that do not parse are skipped and said once; the rest still read."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import RunIntoLog, open_log
from timer_tui.cli.main import main
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import resolve
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
    run_into_log(resolve("presets/rest-timer"))
    run_into_log(resolve("presets/rest-timer"))
    conn = sqlite3.connect(history_path())
    conn.execute(edit)
    conn.commit()
    conn.close()
    assert main(["log", *how]) == 0
    err = capsys.readouterr().err
    assert "internal error" not in err
    notice = "1 row of the log could not be read (session id 1) and was skipped"
    if "tally_" not in edit and "step_index" not in edit:
        # A summary is read from the steps when it does not parse; other values skip the row.
        assert notice in err, (edit, err)
    data = load_history()
    assert [r.row for r in data.sessions] in ([2], [2, 1])
