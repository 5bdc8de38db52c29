"""The streak read a week at a time (``log/streak.py``) equals ``views.session_streak``
over every session, on logs written by the real recorder.

Runs are drawn by hypothesis: each started some days before "today" (gaps of
weeks break a streak), and run through (it counts), quit, or skipped through
(finished, but under half the planned time ran: it does not count).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FakeClock, open_log, open_run
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log.streak import weekly_streak
from timer_tui.log.views import session_streak

SESSION = """name = "Short"
[[steps]]
kind = "run"
duration = 60
[[steps]]
kind = "walk"
duration = 60
"""
TODAY = dt.datetime(2026, 3, 11, 12, 0, tzinfo=dt.timezone.utc)
ZONES = st.sampled_from(
    [
        None,
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=-11)),
        dt.timezone(dt.timedelta(hours=13)),
    ]
)
RUNS = st.lists(
    st.tuples(
        st.integers(-3, 200),  # days before TODAY (a few after it too)
        st.integers(0, 23),  # hour it started
        st.sampled_from(["through", "quit", "skipped"]),
    ),
    max_size=25,
)


def run(entry: SessionEntry, db: Path, start: dt.datetime, how: str) -> None:
    clock = FakeClock()
    engine, recorder = open_run(entry, clock, start=start, path=db)
    engine.start()
    if how == "quit":
        clock.advance(30)
        engine.quit()
    else:
        for _ in range(2):
            clock.advance(60 if how == "through" else 1)
            engine.poll() if how == "through" else engine.next()
    recorder.close()


def both(db: Path, today: dt.date, tz: dt.tzinfo | None) -> tuple[int, int]:
    with open_log(db, readonly=True) as history:
        return weekly_streak(history, today, tz), session_streak(history.sessions(), today, tz)


@settings(max_examples=40, deadline=None)
@given(runs=RUNS, tz=ZONES, shift=st.integers(0, 6))
def test_the_streak_read_a_week_at_a_time_equals_the_whole_read(
    runs: list[tuple[int, int, str]], tz: dt.tzinfo | None, shift: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "short.toml"
        path.write_text(SESSION)
        entry = resolve(str(path))
        db = Path(folder) / "history.sqlite3"
        for days, hour, how in runs:
            start = (TODAY - dt.timedelta(days=days)).replace(hour=hour)
            run(entry, db, start, how)
        if not runs:
            return
        today = (TODAY + dt.timedelta(days=shift)).date()
        fast, whole = both(db, today, tz)
        assert fast == whole


def test_a_long_streak_and_its_end(tmp_path: Path) -> None:
    """Weekly runs for 80 weeks (past a batch of 64), a gap, then older ones; in each
    week the newest run was skipped through, so the week's other run must be read."""
    path = tmp_path / "short.toml"
    path.write_text(SESSION)
    entry = resolve(str(path))
    db = tmp_path / "history.sqlite3"
    for week in [*range(80), *range(82, 90)]:
        start = TODAY - dt.timedelta(weeks=week)
        run(entry, db, start - dt.timedelta(hours=3), "through")
        run(entry, db, start, "skipped")
    fast, whole = both(db, TODAY.date(), dt.timezone.utc)
    assert fast == whole == 80


def test_unreadable_start_times_are_left_out_as_the_whole_read_leaves_them(tmp_path: Path) -> None:
    path = tmp_path / "short.toml"
    path.write_text(SESSION)
    entry = resolve(str(path))
    db = tmp_path / "history.sqlite3"
    for week in range(3):
        run(entry, db, TODAY - dt.timedelta(weeks=week), "through")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE sessions SET started_at = 'last week' WHERE id = 2")
    conn.execute("UPDATE sessions SET ended_at = 'soon' WHERE id = 1")
    conn.commit()
    conn.close()
    fast, whole = both(db, TODAY.date(), dt.timezone.utc)
    assert fast == whole == 0  # rows 1 and 2 (this week and last) are unreadable: no streak


EDITS = (
    "UPDATE sessions SET ended_at = 'soon' WHERE id = 1",
    "UPDATE sessions SET last_seen_at = '2026-02-30T10:00:00+00:00' WHERE id = 2",
    "UPDATE sessions SET tally_bad = 1 WHERE id = 3",
    "UPDATE sessions SET planned_seconds = 'long' WHERE id = 4",
    "UPDATE steps SET actual_seconds = actual_seconds / 4 WHERE session = 5",  # stale summary
    "UPDATE sessions SET tally_ok = 'yes' WHERE id = 6",
    "UPDATE sessions SET outcome = 'done' WHERE id = 7",
    "UPDATE sessions SET tally_timed_us = 'x' WHERE id = 8",
    "UPDATE sessions SET tally_rows = 0, active_seconds = 100 WHERE id = 9",
    "UPDATE sessions SET started_at = X'31' WHERE id = 10",
)
"""Hand edits, one a row: each makes a row unreadable, read from its steps, or not count."""


def test_counting_answers_as_the_records_do_on_hand_edited_rows(tmp_path: Path) -> None:
    """``History.counting`` (the streak's narrow read) says of each run what reading it
    whole says (``counts_as_done``), and leaves the same rows unreadable."""
    path = tmp_path / "short.toml"
    path.write_text(SESSION)
    entry = resolve(str(path))
    db = tmp_path / "history.sqlite3"
    hows = ["through"] * 10 + ["quit", "skipped", "through"]
    for n, how in enumerate(hows):
        run(entry, db, TODAY - dt.timedelta(days=n), how)
    conn = sqlite3.connect(db)
    for edit in EDITS:
        conn.execute(edit)
    conn.commit()
    conn.close()
    ids = list(range(1, len(hows) + 1))
    with open_log(db, readonly=True) as narrow, open_log(db, readonly=True) as whole:
        counted = narrow.counting(ids)
        assert counted == {r.row for r in whole.by_ids(ids) if r.counts_as_done}
        assert narrow.unreadable == whole.unreadable == {1, 2, 3, 4, 7, 10}
    # 5 ran a quarter of its time, 11 quit, 12 was skipped through; 9 counts by its
    # active seconds (its summary says it has no steps).
    assert counted == {6, 8, 9, 13}
