"""The history screen's read (``load_history``) equals reading each session whole: the
chart's steps come as (kind, seconds) pairs (``History.step_times``), and a step
that does not read leaves its session out of the chart and the notice as before."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from tests.conftest import FakeClock, open_log, open_run
from timer_tui.library.sessions import resolve
from timer_tui.log.streak import weekly_streak
from timer_tui.log.views import iso_week_start, weekly_totals
from timer_tui.ui.screens.history import SESSIONS_SHOWN, HistoryData, load_history

SESSION = """name = "Mixed"
[[steps]]
kind = "warmup"
duration = 60
[[steps]]
kind = "run"
duration = 90
[[steps]]
kind = "walk"
duration = 45
[[steps]]
kind = "rest"
duration = 30
"""
NOW = dt.datetime(2026, 3, 11, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
EDITS = (
    "UPDATE steps SET ended_at = 'later' WHERE id = (SELECT min(id) FROM steps WHERE session = 2)",
    "UPDATE steps SET actual_seconds = 'long' WHERE id = (SELECT max(id) FROM steps WHERE session = 4)",
    "UPDATE steps SET actual_seconds = actual_seconds * 2 WHERE session = 6",  # stale summary
    "UPDATE sessions SET last_seen_at = 'now' WHERE id = 8",
)


def whole_read(path: Path, now: dt.datetime, weeks: int = 8) -> HistoryData:
    """``load_history`` as it was: the chart's sessions read with their steps."""
    with open_log(path, readonly=True) as history:
        recent = history.sessions(limit=SESSIONS_SHOWN)
        first = history.session(recent[0].row)
        assert first is not None
        recent[0] = first
        since = dt.datetime.combine(
            iso_week_start(now.date()) - dt.timedelta(weeks=weeks - 1), dt.time(), now.tzinfo
        )
        in_chart = history.sessions(since=since, with_steps=True)
        streak = weekly_streak(history, now.date(), tz=now.tzinfo)
        notice = history.unreadable_notice()
    totals = weekly_totals(in_chart, now.date(), weeks=weeks, tz=now.tzinfo)
    return HistoryData(recent, totals, streak, notice)


def test_the_chart_read_as_pairs_equals_the_whole_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    path.write_text(SESSION)
    entry = resolve(str(path))
    db = tmp_path / "history.sqlite3"
    for n in range(24):  # every 2.5 days back, over the chart's 8 weeks and before them
        clock = FakeClock()
        start = NOW - dt.timedelta(hours=60 * n)
        engine, recorder = open_run(entry, clock, start=start, path=db)
        engine.start()
        for _ in range(4 if n % 5 else 2):  # every fifth run is quit halfway
            clock.advance(90.25)
            engine.poll()
        if n % 5 == 0:
            engine.quit()
        recorder.close()
    conn = sqlite3.connect(db)
    for edit in EDITS:
        conn.execute(edit)
    conn.commit()
    conn.close()
    read = load_history(db, NOW)
    assert read == whole_read(db, NOW)
    assert read.problem is not None and "3 rows" in read.problem  # sessions 2, 4 and 8
    assert sum(w.total for w in read.weeks) > 0
