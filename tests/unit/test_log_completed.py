"""``History.completed``: the done marks' reading of the log stays small as the log grows.

The picker reads it before its first frame and ``next`` before it starts: a log of
hundreds of runs of the same few sessions must cost about as much as those few.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import FakeClock, open_log, open_run
from timer_tui.library.sessions import SessionEntry, resolve

START = dt.datetime(2026, 3, 4, 7, 30, tzinfo=dt.timezone.utc)


def session(tmp_path: Path, name: str, week: int | None) -> SessionEntry:
    program = f'[program]\nid = "prog"\nweek = {week}\nday = 1\n' if week else ""
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\n{program}[[steps]]\nkind = "run"\nduration = 10\n')
    found = resolve(str(path))
    assert found.ok, found.errors
    return found


def log_run(entry: SessionEntry, db: Path, day: int, *, skip: bool = False) -> None:
    """One run of ``entry`` on day ``day`` of March: to its end, or skipped through."""
    clock = FakeClock()
    engine, recorder = open_run(entry, clock, start=START + dt.timedelta(days=day), path=db)
    engine.start()
    if skip:
        engine.next()
    else:
        clock.advance(10)
        engine.poll()
    recorder.wait(5)


def test_one_counted_run_per_session_and_program_position(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    week1, loose = session(tmp_path, "w1", 1), session(tmp_path, "loose", None)
    for day in range(4):
        log_run(week1, db, day)
        log_run(loose, db, day)
    with open_log(db, readonly=True) as log:
        done = log.completed()
        assert sorted(r.session_id for r in done) == sorted([week1.id, loose.id])
        assert all(r.started_at.day == 4 + 3 for r in done), "the newest of each"
        assert [r.session_id for r in log.completed("prog")] == [week1.id]


def test_a_newer_run_skipped_through_hides_no_older_counted_one(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    week1 = session(tmp_path, "w1", 1)
    log_run(week1, db, 0)
    log_run(week1, db, 1, skip=True)
    with open_log(db, readonly=True) as log:
        assert len(log.sessions()) == 2
        (done,) = log.completed()
        assert done.started_at.day == 4 and done.counts_as_done
