"""``log.listing`` lists each session as a record read whole would (the table's new path).

Over real logs (runs played on a real engine and written by the real recorder,
drawn by hypothesis or whole runs of bundled sessions; sessions still in progress,
by a live process or an abandoned one; rows edited by hand so that they are stale,
do not parse or hold values of the wrong type), ``listed`` equals the listing of
``History.sessions(with_loads=True)``'s records, with the same rows skipped as
unreadable, for every ``--since`` and ``--limit``. And ``timer-tui log``'s whole output
over such a log is the old Rich table's (``rich_log_table``) over its records.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tests.conftest import FakeClock, open_log, open_run
from tests.unit import rich_log_table
from tests.unit.test_log_summary import play_with_loads, recorded_log
from tests.unit.test_log_tallies import RUNS, Action, bundled_log
from timer_tui.cli.log_print import started_text
from timer_tui.cli.main import main
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log.listing import listed, listed_from_record
from timer_tui.log.streak import weekly_streak

EDITS = (
    "UPDATE steps SET outcome = 'skipped' WHERE session = {row}",  # stale
    "UPDATE sessions SET started_at = 'yesterday' WHERE id = {row}",
    "UPDATE sessions SET ended_at = 'soon' WHERE id = {row}",
    "UPDATE sessions SET outcome = 'abandoned' WHERE id = {row}",
    "UPDATE sessions SET step_count = '7' WHERE id = {row}",  # text: read as a record
    "UPDATE sessions SET program_week = 2.5 WHERE id = {row}",
    "UPDATE sessions SET current_step = 'two' WHERE id = {row}",
    "UPDATE sessions SET started_at = 1764000000 WHERE id = {row}",
    "UPDATE sessions SET last_seen_at = x'00' WHERE id = {row}",
    "UPDATE sessions SET tally_last_index = 'x', tally_last_outcome = 'completed' WHERE id = {row}",
    "UPDATE steps SET actual_seconds = 'a minute' WHERE session = {row}",
    "UPDATE steps SET actual_seconds = 1e12 WHERE session = {row}",
    "UPDATE sessions SET tally_bad = 1 WHERE id = {row}",
    "UPDATE sessions SET owner_pid = 999999999, outcome = 'in_progress' WHERE id = {row}",
)


def same_listing(db: Path, since: dt.datetime | None, limit: int | None) -> None:
    with open_log(db, readonly=True) as history:
        records = history.sessions(since=since, limit=limit, with_loads=True)
        expected = [listed_from_record(r) for r in records], history.unreadable
    with open_log(db, readonly=True) as history:
        assert (listed(history, since=since, limit=limit), history.unreadable) == expected


def abandoned(entry: SessionEntry, db: Path) -> None:
    """A run whose process is gone mid-step (its row stays ``in_progress``)."""
    clock = FakeClock()
    engine, recorder = open_run(entry, clock, path=db)
    engine.start()
    clock.advance(20.0)
    engine.poll()
    recorder.close()


@settings(max_examples=30, deadline=None)
@given(
    runs=RUNS,
    edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(1, 8)), max_size=3),
    limit=st.none() | st.integers(0, 12),
    hours=st.none() | st.integers(-2, 2),
)
def test_the_listing_equals_the_records_over_real_logs(
    runs: list[list[Action]], edits: list[tuple[str, int]], limit: int | None, hours: int | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        entry, db = recorded_log(Path(tmp), runs)
        abandoned(entry, db)
        conn = sqlite3.connect(db)
        for edit, row in edits:
            conn.execute(edit.format(row=row))
        conn.commit()
        conn.close()
        since = (
            None if hours is None else dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours)
        )
        same_listing(db, since, limit)


@pytest.mark.parametrize("edit", [None, *EDITS])
def test_the_log_command_prints_the_old_table_over_a_real_log(
    tmp_path: Path, edit: str | None, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    db = Path(tmp_path) / "data" / "timer-tui" / "history.sqlite3"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "160")  # every column fits: nothing left out
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    bundled_log(db, resumed=True)
    for name in ("c25k/week-1-run-1", "examples/strength-circuit", "presets/tabata"):
        abandoned(resolve(name), db)
    play_with_loads(resolve("examples/strength-circuit"), db, [("done", 4.0)] * 30)
    if edit is not None:
        conn = sqlite3.connect(db)
        conn.execute(edit.format(row=3))
        conn.commit()
        conn.close()
    for since in (None, "2000-01-01"):
        with open_log(db, readonly=True) as history:
            records = history.sessions(with_loads=True)
            streak = weekly_streak(history)
        out = io.StringIO()
        rich_log_table.print_table(Console(file=out, width=160), records, streak=streak)
        capsys.readouterr()
        assert main(["log"] if since is None else ["log", "--since", since]) == 0
        assert capsys.readouterr().out == out.getvalue()
    same_listing(db, None, None)


@given(
    when=st.datetimes(
        min_value=dt.datetime(1, 1, 2),  # noqa: DTZ001  # hypothesis takes naive bounds
        max_value=dt.datetime(9999, 12, 30),  # noqa: DTZ001
        timezones=st.sampled_from([None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=-9))]),
    )
)
def test_a_start_is_shown_as_strftime_shows_it(when: dt.datetime) -> None:
    assert started_text(when) == when.strftime("%Y-%m-%d %H:%M")
