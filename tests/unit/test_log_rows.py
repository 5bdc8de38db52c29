"""Rows of a real log that do not parse are skipped and said once; the rest still read."""

from __future__ import annotations

import sqlite3

from tests.conftest import RunIntoLog, open_log
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
