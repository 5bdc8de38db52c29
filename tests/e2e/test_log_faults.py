"""The log and the data folder when something is wrong with them, with the real program.

Issue 11, items 6 and 9: a log without its tables, a FIFO in place of the log, a
data folder that is a file, rows that do not parse, and the file modes at umask 022.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import run_timer_tui, timer_tui_command
from tests.e2e.conftest import db_path
from timer_tui.log.schema import SCHEMA_VERSION

pytestmark = pytest.mark.e2e

SESSION = """name = "Faults"
[cues]
countdown = 0
halfway = false
[[steps]]
kind = "run"
duration = 1
"""


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "faults.toml"
    path.write_text(SESSION)
    return path


def _data(env: dict[str, str]) -> Path:
    return Path(env["XDG_DATA_HOME"]) / "timer-tui"


def test_folder_and_log_are_private_whatever_the_umask(
    session: Path, subprocess_env: dict[str, str]
) -> None:
    done = subprocess.run(
        [
            "sh",
            "-c",
            'umask 022; exec "$@"',
            "sh",
            *timer_tui_command(),
            "run",
            str(session),
            "--plain",
            "--mute",
        ],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    folder = _data(subprocess_env)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    log = db_path(subprocess_env)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    # The WAL files exist while a connection is open: open one and look.
    conn = sqlite3.connect(log)
    conn.execute("SELECT count(*) FROM sessions").fetchone()
    try:
        for extra in ("-wal", "-shm"):
            side = log.with_name(log.name + extra)
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) == 0o600, extra
    finally:
        conn.close()


def test_an_existing_world_readable_log_is_made_private(
    session: Path, subprocess_env: dict[str, str]
) -> None:
    assert (
        run_timer_tui(
            "run", str(session), "--plain", "--mute", env=subprocess_env, timeout=20
        ).returncode
        == 0
    )
    log = db_path(subprocess_env)
    log.chmod(0o644)
    _data(subprocess_env).chmod(0o755)
    assert (
        run_timer_tui(
            "run", str(session), "--plain", "--mute", env=subprocess_env, timeout=20
        ).returncode
        == 0
    )
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(_data(subprocess_env).stat().st_mode) == 0o700


def test_a_log_with_its_version_but_no_tables_is_refused_and_the_timer_runs(
    session: Path, subprocess_env: dict[str, str]
) -> None:
    log = db_path(subprocess_env)
    log.parent.mkdir(parents=True)
    conn = sqlite3.connect(log)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.close()
    done = run_timer_tui("run", str(session), "--plain", "--mute", env=subprocess_env, timeout=20)
    assert done.returncode == 0, done.stderr
    assert "session complete" in done.stdout
    assert "will not be saved" in done.stderr and "tables" in done.stderr
    shown = run_timer_tui("log", env=subprocess_env, timeout=20)
    assert shown.returncode == 2 and "tables" in shown.stderr, shown.stderr


def _run_with_watchdog(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [*timer_tui_command(), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    timer = threading.Timer(15, proc.kill)
    timer.start()
    try:
        out, err = proc.communicate()
    finally:
        timer.cancel()
    assert proc.returncode != -9, "it hung"
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def test_a_fifo_for_the_log_never_blocks(session: Path, subprocess_env: dict[str, str]) -> None:
    log = db_path(subprocess_env)
    log.parent.mkdir(parents=True)
    os.mkfifo(log)
    done = _run_with_watchdog(["run", str(session), "--plain", "--mute"], subprocess_env)
    assert done.returncode == 0, done.stderr
    assert "not a regular file" in done.stderr
    shown = _run_with_watchdog(["log"], subprocess_env)
    assert shown.returncode == 2 and "not a regular file" in shown.stderr


def test_a_data_folder_that_is_a_file_is_a_clear_error(
    session: Path, subprocess_env: dict[str, str]
) -> None:
    folder = _data(subprocess_env)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    for args in (["new", "mine"], ["log"]):
        done = run_timer_tui(*args, env=subprocess_env, timeout=20)
        assert done.returncode == 2, (args, done.stderr)
        assert f"the data folder {folder} is a file" in done.stderr, done.stderr
        assert "internal error" not in done.stderr and "No sessions" not in done.stdout
    ran = run_timer_tui("run", str(session), "--plain", "--mute", env=subprocess_env, timeout=20)
    assert ran.returncode == 0 and "is a file" in ran.stderr


def test_rows_that_do_not_parse_are_skipped_with_one_notice(
    session: Path, subprocess_env: dict[str, str]
) -> None:
    for _ in range(3):
        assert (
            run_timer_tui(
                "run", str(session), "--plain", "--mute", env=subprocess_env, timeout=20
            ).returncode
            == 0
        )
    conn = sqlite3.connect(db_path(subprocess_env))
    conn.execute("UPDATE sessions SET started_at = 'yesterday' WHERE id = 1")
    conn.execute("UPDATE sessions SET outcome = 'exploded' WHERE id = 2")
    conn.commit()
    conn.close()
    for args in (["log"], ["log", "--json"], ["log", "--csv"], ["next", "--plain", "--mute"]):
        done = run_timer_tui(*args, env=subprocess_env, timeout=30)
        assert done.returncode in (0, 2), (args, done.stderr)
        assert "internal error" not in done.stderr, (args, done.stderr)
        if args[0] == "log":
            assert done.returncode == 0
            assert done.stderr.count("2 rows of the log could not be read") == 1, done.stderr
