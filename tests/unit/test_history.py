"""The completion log: recording as the session goes, resume, migrations, bad files."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FakeClock, WallClock, logged_sessions, open_log, open_run
from timer_tui.core.engine import Engine
from timer_tui.library.paths import history_path
from timer_tui.library.sessions import SessionEntry, resolve
from timer_tui.log import owner, resume, schema, writer
from timer_tui.log.recorder import Recorder, SessionInfo, open_recorder
from timer_tui.log.records import Outcome, SessionRecord, file_sha256
from timer_tui.log.schema import SCHEMA_VERSION
from timer_tui.log.store import History, LogProblem

TZ = dt.timezone(dt.timedelta(hours=2), "UTC+2")
START = dt.datetime(2026, 3, 4, 7, 30, tzinfo=TZ)  # a Wednesday

SESSION = """\
name = "Mixed"
[program]
id = "prog"
week = 1
day = 2
[[steps]]
kind = "run"
duration = 60
[[steps]]
kind = "walk"
duration = 30
[[steps]]
name = "Squat"
reps = 10
[[steps]]
kind = "rest"
duration = 20
"""


def dead(host: str | None, pid: int | None, token: str | None) -> bool:
    return False


@pytest.fixture
def entry(tmp_path: Path) -> SessionEntry:
    path = tmp_path / "mixed.toml"
    path.write_text(SESSION)
    found = resolve(str(path))
    assert found.ok, found.errors
    return found


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def make_run(
    entry: SessionEntry,
    db: Path,
    clock: FakeClock,
    *,
    messages: list[str] | None = None,
    start_index: int = 0,
    resume_row: int | None = None,
) -> tuple[Engine, Recorder]:
    """A run into ``db`` whose wall time starts at START; ``messages`` gathers what it says."""
    notify = (messages if messages is not None else []).append
    return open_run(
        entry,
        clock,
        start=START,
        path=db,
        notify=notify,
        start_index=start_index,
        resume_row=resume_row,
    )


def run_for(seconds: int, entry: SessionEntry, db: Path, clock: FakeClock) -> Engine:
    """A run started and left ``seconds`` in: what a process killed then leaves in the log.

    Keep the engine while the test runs: it holds the recorder and its open log.
    """
    engine, _ = make_run(entry, db, clock)
    engine.start()
    clock.advance(seconds)
    engine.poll()
    return engine


def read(db: Path, *, alive: bool = True) -> list[SessionRecord]:
    return logged_sessions(db, with_steps=True, is_alive=(lambda *a: True) if alive else dead)


# -- recording ------------------------------------------------------------------------
def test_a_completed_session_is_recorded_with_every_step(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    engine, _ = make_run(entry, db, clock)
    engine.start()
    clock.advance(10)
    engine.pause()
    clock.advance(5)
    engine.resume()
    engine.adjust(+10)
    clock.advance(70)  # run: 60 + 10 added, 5 s paused: it ended at 75 s
    engine.poll()
    engine.next()  # walk skipped 10 s in
    clock.advance(40)
    engine.done(reps=8)
    clock.advance(20)
    engine.poll()

    [record] = read(db)
    assert record.outcome is Outcome.COMPLETED
    assert record.session_id == entry.id
    assert record.sha256 == file_sha256(entry.path)
    assert (record.program_id, record.program_week, record.program_day) == ("prog", 1, 2)
    assert record.started_at == START
    assert record.started_at.utcoffset() == dt.timedelta(hours=2)
    assert record.ended_at == START + dt.timedelta(seconds=145)
    assert record.planned_seconds == 110
    assert record.step_count == 4
    assert record.paused_seconds == pytest.approx(5)
    assert record.active_seconds == pytest.approx(70 + 10 + 40 + 20)
    run, walk, squat, rest = record.steps
    assert (run.kind, run.planned_seconds) == ("run", 60)
    assert run.actual_seconds == pytest.approx(70)
    assert (run.adjusted_seconds, run.skipped) == (10, False)
    assert run.paused_seconds == pytest.approx(5)
    assert walk.skipped and walk.actual_seconds == pytest.approx(10)
    assert (squat.reps_planned, squat.reps_done, squat.planned_seconds) == (10, 8, None)
    assert rest.outcome == "completed"


def test_reps_default_to_the_planned_reps_and_load_is_kept(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    engine, recorder = make_run(entry, db, clock, start_index=2)
    engine.start()
    recorder.set_load(2, " 20 kg ")
    engine.done()
    [record] = read(db)
    [squat] = record.steps
    assert (squat.reps_done, squat.load) == (10, "20 kg")


def test_load_entered_after_the_step_updates_its_row(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    engine, recorder = make_run(entry, db, clock, start_index=2)
    engine.start()
    engine.done(reps=12)
    recorder.set_load(2, "24 kg")
    assert read(db)[0].steps[0].load == "24 kg"


def test_each_finished_step_is_on_disk_before_the_session_ends(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    _engine = run_for(95, entry, db, clock)  # run and walk over; the rep step is waiting
    [record] = read(db)  # a separate connection sees what is committed
    assert record.outcome is Outcome.IN_PROGRESS  # this process is the owner, alive
    assert [s.index for s in record.steps] == [0, 1]
    assert record.current_step == 2
    [interrupted] = read(db, alive=False)
    assert interrupted.outcome is Outcome.INTERRUPTED
    assert interrupted.stopped_step == 2
    assert interrupted.outcome_text == "interrupted at step 3/4"


def test_quit_records_the_step(entry: SessionEntry, db: Path, clock: FakeClock) -> None:
    engine, _ = make_run(entry, db, clock)
    engine.start()
    clock.advance(65)
    engine.quit()
    [record] = read(db, alive=False)
    assert record.outcome is Outcome.QUIT
    assert record.outcome_text == "quit at step 2/4"
    assert [s.outcome for s in record.steps] == ["completed", "abandoned"]


def test_the_log_lives_in_the_data_dir_honouring_xdg(
    entry: SessionEntry, clock: FakeClock, isolated_dirs: Path
) -> None:
    recorder = open_recorder(entry, entry.timeline(), notify=print, now=WallClock(clock, START))
    assert recorder.saving
    assert str(history_path()).startswith(os.environ["XDG_DATA_HOME"])
    assert history_path().exists()
    recorder.close()


def test_wal_mode_and_schema_version(entry: SessionEntry, db: Path, clock: FakeClock) -> None:
    engine, _ = make_run(entry, db, clock)
    engine.start()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


# -- interrupted sessions and resume ---------------------------------------------------------
def test_owner_alive_checks_pid_and_host() -> None:
    import socket

    me = os.getpid()
    host = socket.gethostname()
    assert owner.owner_alive(host, me, owner.process_token(me))
    assert not owner.owner_alive("another-machine", me, None)
    assert not owner.owner_alive(host, None, None)
    if owner.process_token(me) is not None:  # Linux: a reused pid is noticed
        assert not owner.owner_alive(host, me, "other-boot:1")


def test_a_dead_pid_reads_as_interrupted(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not owner.owner_alive(socket.gethostname(), proc.pid, None)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_process_its_parent_has_not_reaped_yet_is_dead() -> None:
    """``kill -9`` leaves a zombie until the parent waits: its pid exists but runs nothing."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        host = socket.gethostname()
        token = owner.process_token(child.pid)
        assert owner.owner_alive(host, child.pid, token)
        os.kill(child.pid, signal.SIGKILL)
        assert until(
            lambda: Path(f"/proc/{child.pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
        )
        assert Path(f"/proc/{child.pid}").exists()  # not reaped: the pid is still there
        assert not owner.owner_alive(host, child.pid, token)
    finally:
        child.kill()
        child.wait()


def test_an_interrupted_session_is_offered_then_resumed_on_the_same_row(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    _engine = run_for(95, entry, db, clock)  # process "killed" here, in the rep step (index 2)
    wall = WallClock(clock, START)

    offers = resume.resume_offers(lambda: [entry], path=db, now=wall)
    assert offers == []  # the owner (this process) is alive: nothing to resume

    with open_log(db, is_alive=dead) as h:
        [record] = h.interrupted(wall())
    assert record.current_step == 2
    candidates = resume.resume_candidates([record], [entry], wall())
    assert [(r.row, e.id) for r, e in candidates] == [(record.row, entry.id)]

    # Resume from step 2 on the same row.
    clock.advance(60)
    engine2, _ = make_run(entry, db, clock, start_index=2, resume_row=record.row)
    engine2.start()
    engine2.done(reps=10)
    clock.advance(20)
    engine2.poll()
    [done] = read(db)
    assert done.row == record.row
    assert done.outcome is Outcome.COMPLETED
    assert done.resumes == 1
    assert [s.index for s in done.steps] == [0, 1, 2, 3]


def test_resume_is_offered_only_within_12_hours_and_for_an_unchanged_file(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    _engine = run_for(70, entry, db, clock)
    h = open_log(db, is_alive=dead)
    last = read(db)[0].last_seen_at
    assert len(h.interrupted(last + dt.timedelta(hours=11, minutes=59))) == 1
    assert h.interrupted(last + dt.timedelta(hours=12, minutes=1)) == []
    [record] = h.interrupted(last)
    entry.path.write_text(SESSION.replace("duration = 30", "duration = 45"))
    assert resume.resume_candidates([record], [resolve(str(entry.path))], last) == []
    h.close()


def test_dismissed_sessions_are_not_offered_again(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    _engine = run_for(70, entry, db, clock)
    with open_log(db, is_alive=dead) as h:
        [record] = h.interrupted(record_time := read(db)[0].last_seen_at)
        h.dismiss(record.row)
        assert h.interrupted(record_time) == []
        [after] = h.sessions()
    assert after.outcome is Outcome.INTERRUPTED
    assert after.outcome_text == "interrupted at step 2/4"
    assert after.ended_at == after.last_seen_at


def test_a_row_already_resumed_by_another_process_is_not_taken_twice(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    _engine = run_for(70, entry, db, clock)
    row = read(db)[0].row
    with open_log(db) as h:
        h.dismiss(row)
    engine2, recorder2 = make_run(entry, db, clock, start_index=1, resume_row=row)
    engine2.start()
    assert recorder2.row != row  # a new row rather than writing into a closed one
    assert len(read(db)) == 2


# -- two writers ----------------------------------------------------------------------
def test_two_recorders_interleaved_both_record_fully(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    clock2 = FakeClock()
    engine1, _ = make_run(entry, db, clock)
    engine2, _ = make_run(entry, db, clock2)
    engine1.start()
    engine2.start()
    for _ in range(3):
        clock.advance(31)
        engine1.poll()
        clock2.advance(31)
        engine2.poll()
    engine1.done()
    engine2.done()
    clock.advance(20)
    clock2.advance(20)
    engine1.poll()
    engine2.poll()
    records = read(db)
    assert [r.outcome for r in records] == [Outcome.COMPLETED] * 2
    assert [len(r.steps) for r in records] == [4, 4]


FAST = 0.1
"""Seconds: far under the 2 s a locked write used to wait (loose, for a busy test machine)."""


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_locked_log_never_stalls_the_timer_and_nothing_is_lost(
    entry: SessionEntry, db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "LOCK_NOTICE_AFTER", 0.2)
    messages: list[str] = []
    engine, recorder = make_run(entry, db, clock, messages=messages)
    engine.start()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds the log
    try:
        clock.advance(60)
        assert timed(engine.poll) < FAST  # the run step ends while locked: no wait
        assert recorder.pending
        clock.advance(30)
        assert timed(engine.poll) < FAST  # the walk too: queued behind it, in order
        assert len(recorder.pending) >= 3
        assert until(lambda: any("locked by another program" in m for m in messages))
        assert read(db)[0].steps == ()
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert recorder.wait(5)
    assert messages[-1] == "the log is writable again; nothing was lost"
    assert [s.index for s in read(db)[0].steps] == [0, 1]
    assert read(db)[0].current_step == 2
    # The queue is empty again: the next write is made at once, in the timer's thread.
    log_writer = recorder.writer
    assert log_writer is not None
    assert until(lambda: not log_writer.handed_off)
    engine.done()
    assert [s.index for s in read(db)[0].steps] == [0, 1, 2]


def test_the_last_write_under_a_lock_is_saved_in_the_background_and_waited_for_at_exit(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    messages: list[str] = []
    engine, recorder = make_run(entry, db, clock, messages=messages, start_index=3)
    engine.start()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        clock.advance(20)
        assert timed(engine.poll) < FAST  # the session finishes: nothing waits
        assert not recorder.saving and recorder.pending
        assert not writer.wait_all(0.3)  # what process exit does, bounded
        assert "could not be saved" in messages[-1]
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert writer.wait_all(5)
    [record] = read(db)
    assert record.outcome is Outcome.COMPLETED
    assert [s.index for s in record.steps] == [3]


# -- bad files --------------------------------------------------------------------------
def test_a_corrupt_file_is_reported_and_never_touched(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    db.parent.mkdir(parents=True)
    junk = b"this is not a database, it is a shopping list\n" * 200
    db.write_bytes(junk)
    messages: list[str] = []
    engine, recorder = make_run(entry, db, clock, messages=messages)
    assert not recorder.saving
    assert "damaged" in messages[0] and "will not be saved" in messages[0]
    assert "left untouched" in messages[0]
    engine.start()
    clock.advance(200)
    engine.done()
    engine.poll()
    assert db.read_bytes() == junk
    assert sorted(p.name for p in db.parent.iterdir()) == ["history.sqlite3"]
    opened = History.open(db, readonly=True)
    assert opened.problem is LogProblem.CORRUPT


def test_a_damaged_page_fails_the_check_and_is_left_alone(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    engine, _ = make_run(entry, db, clock)
    engine.start()
    clock.advance(200)
    engine.done()
    engine.poll()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 2 * page
    data[page : page + 100] = b"\xff" * 100  # wreck the second page's header
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    messages: list[str] = []
    _, recorder = make_run(entry, db, clock, messages=messages)
    assert not recorder.saving
    assert "damaged" in messages[0]
    assert db.read_bytes() == before


def test_a_read_only_file_is_reported_and_still_readable(
    entry: SessionEntry, db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = run_for(60, entry, db, clock)
    engine.quit()
    db.chmod(stat.S_IRUSR)
    if os.access(db, os.W_OK):  # root ignores file modes: make the check see them
        real_access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda p, mode, **kw: (
                False if Path(p) == db and mode == os.W_OK else real_access(p, mode, **kw)
            ),
        )
    try:
        before = db.read_bytes()
        messages: list[str] = []
        engine2, recorder = make_run(entry, db, clock, messages=messages)
        assert not recorder.saving
        assert "read-only" in messages[0] and "will not be saved" in messages[0]
        engine2.start()
        clock.advance(100)
        engine2.poll()  # the timer runs on
        assert len(read(db)) == 1
        assert db.read_bytes() == before
    finally:
        db.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_write_refused_mid_session_stops_recording_with_one_message(
    entry: SessionEntry, db: Path, clock: FakeClock
) -> None:
    messages: list[str] = []
    engine, recorder = make_run(entry, db, clock, messages=messages)
    engine.start()
    assert recorder.history is not None
    recorder.history.conn.execute("PRAGMA query_only = ON")  # writes now fail as read-only
    clock.advance(60)
    engine.poll()
    clock.advance(30)
    engine.poll()
    assert len(messages) == 1
    assert "will not be saved" in messages[0]
    assert not recorder.saving


def test_a_newer_schema_is_left_untouched(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    opened = History.open(db)
    assert opened.history is None and opened.problem is LogProblem.NEWER
    assert "newer timer-tui" in (opened.message or "")
    assert db.read_bytes() == before


# -- migrations -------------------------------------------------------------------------
def test_a_v1_log_is_migrated_and_keeps_its_rows(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(schema.MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO sessions (session_id, name, started_at, started_ts, last_seen_at,"
        " planned_seconds, step_count, outcome) VALUES"
        " ('a/b', 'Old', '2025-01-06T08:00:00+01:00', 1736146800, '2025-01-06T08:30:00+01:00',"
        " 1800, 1, 'completed')"
    )
    conn.execute(
        "INSERT INTO steps (session, step_index, name, kind, planned_seconds, actual_seconds,"
        " paused_seconds, adjusted_seconds, outcome, ended_at) VALUES"
        " (1, 0, 'Run', 'run', 1800, 1800, 0, 0, 'completed', '2025-01-06T08:30:00+01:00')"
    )
    conn.close()

    # Read-only first: a migrated view, the file itself unchanged.
    ro = History.open(db, readonly=True)
    assert ro.history is not None
    with ro.history as h:
        [old] = h.sessions(with_steps=True)
    assert old.steps[0].load is None
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    check.close()

    opened = History.open(db)
    assert opened.history is not None
    with opened.history as h:
        assert schema.schema_version(h.conn) == SCHEMA_VERSION
        [old] = h.sessions(with_steps=True)
    assert old.name == "Old" and old.steps[0].load is None
    assert old.started_at == dt.datetime(2025, 1, 6, 8, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_the_v3_migration_gives_every_older_session_its_own_stable_id() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(schema.MIGRATIONS[0] + schema.MIGRATIONS[1])
    for n in range(3):
        conn.execute(
            "INSERT INTO sessions (session_id, name, started_at, started_ts, last_seen_at,"
            " planned_seconds, step_count, outcome) VALUES"
            f" ('a/b', 'Old', '2025-01-06T08:00:00+01:00', {n}, '2025-01-06T08:30:00+01:00',"
            " 1800, 1, 'completed')"
        )
    schema.apply_migrations(conn, 2)
    # In row order: without ORDER BY, SQLite reads the unique index, sorted by uid, and
    # uids[0] could be row 2's own (then the update below changes nothing, and passes).
    uids = [row[0] for row in conn.execute("SELECT uid FROM sessions ORDER BY id")]
    assert len(set(uids)) == 3 and all(len(uid) == 32 for uid in uids)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(steps)")}
    assert {"speed_kmh", "incline_pct", "distance_m"} <= columns
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE sessions SET uid = ? WHERE id = 2", (uids[0],))


def test_migrations_start_from_an_empty_file(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.touch()
    opened = History.open(db)
    assert opened.history is not None
    with opened.history as h:
        assert schema.schema_version(h.conn) == SCHEMA_VERSION
        assert h.sessions() == []


def test_reading_a_log_that_does_not_exist_yet_creates_nothing(db: Path) -> None:
    opened = History.open(db, readonly=True)
    assert opened.history is not None
    with opened.history as h:
        assert h.sessions() == []
    assert not db.exists()


def test_a_subscriber_built_without_a_log_records_nothing(
    entry: SessionEntry, clock: FakeClock
) -> None:
    recorder = Recorder(None, SessionInfo.from_entry(entry, entry.timeline()))
    engine = Engine(entry.timeline(), clock=clock)
    engine.subscribe(recorder)
    engine.start()
    assert recorder.row is None and not recorder.saving
