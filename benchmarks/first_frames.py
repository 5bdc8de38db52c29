"""How long the user waits, and how that grows with the work: whole processes, wall time.

Each figure is the median of ``--runs`` fresh processes (after one to warm the file
cache), at the issue's size and at 10x:

- ``run`` to its first frame: a 30-minute session of 18 steps, and a 3-hour one of 180;
  beside it the floor, ``floor.py`` (one Label in Textual) to its first frame;
- the picker's first frame with 1,000 and 10,000 session files in the user folder
  (the tree is filled before the first frame: it shows the first program), with the
  scan cache as the previous start left it, and emptied before each start (cold);
- the history screen (ctrl+l in the picker) with 10,000 and 100,000 logged sessions
  of 18 steps each: from the key to its first frame;
- ``timer-tui log`` with 10,000 and 100,000 logged sessions: until it exits;
- ``timer-tui check`` of a 5,000-step session and of the largest the format takes
  (10,000 steps, 2x: a session that expands to more is refused, and a file over
  1 MiB); until it exits. Beside it the floor ``check-floor``: Python starting, reading
  the file and parsing it with the parser timer-tui uses (tomli), nothing else.

The full-screen cases run in a 100x30 pseudo-terminal and stop the clock when a
marker appears in what the program wrote. The logs are written by the real
recorder (one C25K run) and copied with SQL, so their rows are the program's own.

Before and after: ``--rev A --rev B`` (git revisions, or folders holding ``timer_tui``)
measures each figure of both builds in the same minutes, round by round (A B, then
B A), each build with a data folder of its own; the floors are measured once.

    python benchmarks/first_frames.py [--runs 5] [--quick] [--rev b9e3135 --rev HEAD]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import resource
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from procs import BIN, bench_env, checkout, compile_bytecode, machine, rev_label, tree_cpu

EXE = BIN / "timer-tui"
ROOT = Path(__file__).resolve().parent.parent
C25K = ROOT / "sessions" / "c25k" / "week-1-run-1.toml"
ROWS, COLUMNS = 30, 100
TIMEOUT = 600.0
SLOW = 20.0
FLOORS = {"floor": "run's", "check-floor": "check's"}
"""The figures that measure no build of timer-tui (the floors), and the target under each."""
TARGETS = {"run": 0.2, "picker": 0.3, "picker-cold": 0.3, "history": 0.3, "log": 0.3, "check": 0.1}


def spawn(
    args: list[str], env: dict[str, str], exe: Path = EXE
) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    proc = subprocess.Popen(
        [str(exe), *args], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    return proc, master


def wait_for(master: int, marker: bytes, seen: bytearray, start: float) -> float:
    """Seconds from ``start`` until ``marker`` is in what the program wrote."""
    while time.perf_counter() - start < TIMEOUT:
        if marker in seen:
            return time.perf_counter() - start
        ready, _, _ = select.select([master], [], [], 0.01)
        if ready:
            try:
                seen += os.read(master, 1 << 16)
            except OSError:
                break
    raise RuntimeError(f"no {marker!r} within {TIMEOUT} s; got {bytes(seen[-300:])!r}")


Timing = tuple[float, float]
"""(wall seconds, CPU seconds of the program's process tree)."""


def frame_time(
    args: list[str],
    marker: bytes,
    env: dict[str, str],
    *,
    key: bytes = b"",
    then: bytes = b"",
    exe: Path = EXE,
) -> Timing:
    """Launch to ``marker``; with ``key``: from typing it (after ``marker``) to ``then``."""
    proc, master = spawn(args, env, exe)
    seen = bytearray()
    try:
        took = wait_for(master, marker, seen, time.perf_counter())
        cpu = tree_cpu(proc.pid)
        if key:
            time.sleep(0.3)  # the app settles, as a person would look before typing
            seen.clear()
            start, before = time.perf_counter(), tree_cpu(proc.pid)
            os.write(master, key)
            took = wait_for(master, then, seen, start)
            cpu = tree_cpu(proc.pid) - before
        return took, cpu
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
        os.close(master)


def exit_time(args: list[str], env: dict[str, str], exe: Path = EXE) -> Timing:
    """Launch to exit, output read through a pipe (as ``| less`` would)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(exe), *args], env=env, capture_output=True, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def session_text(name: str, steps: int, seconds: int) -> str:
    return f'name = "{name}"\n[[steps]]\nrepeat = {steps}\nsteps = [{{ kind = "run", duration = {seconds} }}]\n'


def many_steps(count: int) -> str:
    """``count`` steps, each its own table: the biggest session files there are."""
    steps = "".join(f'[[steps]]\nkind = "run"\nduration = {1 + n % 90}\n' for n in range(count))
    return f'name = "{count:,} steps"\n{steps}'


def user_files(data: Path, count: int) -> None:
    folder = data / "timer-tui" / "sessions"
    folder.mkdir(parents=True, mode=0o700)
    for n in range(count):
        (folder / f"mine-{n:05d}.toml").write_text(session_text(f"Mine {n:05d}", 3, 60))


def logged_sessions(data: Path, count: int, template: Path) -> None:
    """A log of ``count`` copies of one real C25K run, two a day back from now, each
    under the id and program position of the 27 C25K sessions in turn."""
    folder = data / "timer-tui"
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    path = folder / "history.sqlite3"
    path.write_bytes(template.read_bytes())
    path.chmod(0o600)
    db = sqlite3.connect(path)
    cols = [r[1] for r in db.execute("PRAGMA table_info(sessions)") if r[1] not in ("id", "uid")]
    ts = "(:now - n * 43200.0)"

    def iso(offset: int) -> str:
        return f"strftime('%Y-%m-%dT%H:%M:%S+00:00', {ts} + {offset}, 'unixepoch')"

    # Each copy is one of the 27 C25K sessions in turn, as a user's log is.
    week, day = "(1 + (n % 27) / 3)", "(1 + n % 3)"
    timed = {
        "started_ts": ts,
        "started_at": iso(0),
        "ended_at": iso(1800),
        "last_seen_at": iso(1800),
        "session_id": f"'c25k/week-' || {week} || '-run-' || {day}",
        "program_week": week,
        "program_day": day,
    }
    select_cols = ", ".join(timed.get(c, f"t.{c}") for c in cols)
    step_cols = [
        r[1] for r in db.execute("PRAGMA table_info(steps)") if r[1] not in ("id", "session")
    ]
    with db:
        db.execute(
            f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count) "
            f"INSERT INTO sessions ({', '.join(cols)}, uid) SELECT {select_cols}, lower(hex(randomblob(16))) "
            f"FROM seq, sessions AS t WHERE t.id = 1",
            {"count": count, "now": time.time()},
        )
        db.execute(
            f"INSERT INTO steps (session, {', '.join(step_cols)}) SELECT s.id, "
            f"{', '.join('st.' + c for c in step_cols)} FROM sessions AS s JOIN steps AS st ON st.session = 1 "
            f"WHERE s.id > 1 ORDER BY s.id, st.id"
        )
        db.execute("DELETE FROM steps WHERE session = 1")
        db.execute("DELETE FROM sessions WHERE id = 1")
        # Steps copied with SQL mark their sessions' step summaries stale (schema 4's
        # trigger), as a hand edit would; every writer of the program (recorder,
        # log import, migration) writes them again, as this does.
        from timer_tui.log.tallies import refresh_tallies

        refresh_tallies(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def template_log(tmp: Path) -> Path:
    """One real run of C25K week 1 run 1 written by the recorder, on a fake clock."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import history_write

    folder = tmp / "template"
    folder.mkdir()
    (folder / "bench.toml").write_text(C25K.read_text())
    history_write.one_run(folder, folder / "log.sqlite3")
    db = sqlite3.connect(folder / "log.sqlite3")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return folder / "log.sqlite3"


def medians_of(runs: int, measures: list[Callable[[], Timing]]) -> list[Timing]:
    """Each measure's median of ``runs``, taken round by round with the order reversed
    every other round (A B, B A, ...), after one run each that warms the file cache; a
    case whose warm-up took over ``SLOW`` seconds is that one run (a 100,000-session
    ``log`` takes minutes)."""
    first = [measure() for measure in measures]
    if max(took[0] for took in first) > SLOW:
        return first
    timings: list[list[Timing]] = [[] for _ in measures]
    for round_ in range(runs):
        order = range(len(measures)) if round_ % 2 == 0 else reversed(range(len(measures)))
        for index in order:
            timings[index].append(measures[index]())
    return [
        (statistics.median(t[0] for t in each), statistics.median(t[1] for t in each))
        for each in timings
    ]


Measure = Callable[[dict[str, str]], Timing]
"""A measure, given the environment (data folder) prepared for it."""


def cases(tmp: Path, quick: bool) -> list[tuple[str, int, str, Measure]]:
    """(figure, amount, size, measure) rows, the issue's size first, then 10x (or the cap)."""
    sessions = {18: tmp / "s30m.toml", 180: tmp / "s3h.toml"}
    sessions[18].write_text(C25K.read_text())
    sessions[180].write_text(session_text("Three hours", 180, 60))
    checked = {5000: tmp / "c5k.toml", 10000: tmp / "c10k.toml"}
    for count, path in checked.items():
        path.write_text(many_steps(count))
    rows: list[tuple[str, int, str, Measure]] = []
    for steps, path in sessions.items():
        args = ["run", str(path), "--mute"]
        rows.append(
            (
                "run",
                steps,
                f"{steps} steps",
                partial(frame_time, args, f"step 1 of {steps}".encode()),
            )
        )
    # The floor: the least a Textual app costs to its first frame (benchmarks/floor.py).
    floor = [str(Path(__file__).resolve().parent / "floor.py"), "60"]
    rows.append(
        ("floor", 0, "Textual, 1 label", partial(frame_time, floor, b"1:00", exe=BIN / "python"))
    )
    for files in (1000, 10000):
        rows.append(
            ("picker", files, f"{files:,} files", partial(frame_time, [], b"Week 1, Run 1"))
        )
    for files in (1000, 10000):
        # The scan cache emptied before each start: the first start, or after an upgrade.
        cold = partial(cold_cache, partial(frame_time, [], b"Week 1, Run 1"))
        rows.append(("picker-cold", files, f"{files:,} files", cold))
    for logged in (10000, 100000)[: 1 if quick else 2]:
        history = partial(frame_time, [], b"timer-tui", key=b"\x0c", then=b"Streak")
        rows.append(("history", logged, f"{logged:,} logged", history))
        rows.append(("log", logged, f"{logged:,} logged", partial(exit_time, ["log"])))
    for steps, path in checked.items():
        rows.append(("check", steps, f"{steps:,} steps", partial(exit_time, ["check", str(path)])))
    # check's floor: Python, the file read and parsed by tomli (as timer-tui parses it;
    # compiled, a third faster than the standard library's tomllib), and no more.
    parse = "import sys, tomli; tomli.loads(open(sys.argv[1], 'rb').read().decode())"
    for steps, path in checked.items():
        floor_args = ["-c", parse, str(path)]
        rows.append(
            (
                "check-floor",
                steps,
                f"{steps:,} steps",
                partial(exit_time, floor_args, exe=BIN / "python"),
            )
        )
    return rows


def cold_cache(measure: Measure, env: dict[str, str]) -> Timing:
    """``measure`` with the cache folder (the picker's scan cache) removed first."""
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    return measure(env)


def prepare(
    folder: Path, figure: str, amount: int, template: Path, tree: str | None
) -> dict[str, str]:
    """A data folder of its own, with the user files or the log the figure needs; with
    ``tree``, the environment runs the code in that folder (``PYTHONPATH``)."""
    env = bench_env(str(folder))
    if tree is not None:
        env["PYTHONPATH"] = tree
    if figure in ("picker", "picker-cold"):
        user_files(folder / "data", amount)
        # A user's files were not all written in the last seconds: the scan cache keeps
        # only files that settled (SETTLE_NS), so a fresh folder would not be cached yet.
        from timer_tui.library.scan_cache import SETTLE_NS

        time.sleep(SETTLE_NS / 1e9 + 0.1)
        if figure == "picker":
            # The cache as a start that lived past its first frame leaves it: the picker
            # reads files it does not know after that frame, so a start killed at its
            # first frame (as each measured one is) would never write it.
            subprocess.run([str(EXE), "list", "--ids"], env=env, capture_output=True, check=True)
    if figure in ("history", "log"):
        logged_sessions(folder / "data", amount, template)
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="leave out the 100,000-session log")
    ap.add_argument(
        "--only",
        metavar="FIGURE,...",
        help=f"only these figures ({', '.join([*FLOORS, *TARGETS])}), e.g. --only history,log",
    )
    ap.add_argument(
        "--rev",
        action="append",
        default=[],
        help="timer-tui as at this git revision (or in this folder); twice or more: the "
        "builds measured round by round, A B then B A",
    )
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    compile_bytecode()
    print(machine())
    print(f"wall seconds, median of {args.runs} fresh processes, {COLUMNS}x{ROWS} pty")
    results: dict[tuple[str, str], list[tuple[str, Timing]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        builds = [(rev_label(rev), checkout(rev, Path(tmp))) for rev in args.rev]
        template = template_log(Path(tmp))
        for figure, amount, size, measure in cases(Path(tmp), args.quick):
            if only is not None and figure not in only:
                continue
            trees: list[tuple[str, str | None]] = [("", None)]
            if builds and figure not in FLOORS:
                trees = [(label, folder) for label, folder in builds]
            with tempfile.TemporaryDirectory(dir=tmp) as folder:
                envs = [
                    prepare(Path(folder) / str(n), figure, amount, template, tree)
                    for n, (_, tree) in enumerate(trees)
                ]
                tooks = medians_of(args.runs, [partial(measure, env) for env in envs])
            for (label, _), took in zip(trees, tooks, strict=True):
                results.setdefault((figure, label), []).append((size, took))
                print(
                    f"  {figure:<12}{size:>16}{took[0]:>9.3f} s  CPU {took[1]:.3f} s  {label}",
                    flush=True,
                )
    print_table(results)
    print(machine())


def print_table(results: dict[tuple[str, str], list[tuple[str, Timing]]]) -> None:
    """Wall and CPU medians at the issue's size and at 10x (or the cap), and the growth;
    with builds (``--rev``), a line for each build under each figure."""
    labels = max((len(label) for _, label in results), default=0)
    print(f"\n{'figure':<12}{'':<{labels + 1 if labels else 0}}{'size':>15}{'wall':>8}{'CPU':>7}"
          f"{'10x (or cap)':>16}{'wall':>8}{'CPU':>7}{'grows':>7}{'target':>8}")  # fmt: skip
    for (figure, label), rows in results.items():
        (size, (wall, cpu)), *more = rows
        name = f"{figure:<12}{label + ' ' if labels else '':<{labels + 1 if labels else 0}}"
        line = f"{name}{size:>15}{wall:>7.3f}s{cpu:>6.2f}s"
        if more:
            big_size, (big_wall, big_cpu) = more[0]
            line += f"{big_size:>16}{big_wall:>7.3f}s{big_cpu:>6.2f}s{big_wall / wall:>6.1f}x"
        else:
            line += " " * 37
        if figure not in TARGETS:
            print(f"{line}  (the floor under {FLOORS[figure]} target)")
            continue
        verdict = "met" if wall <= TARGETS[figure] else "NOT met"
        print(f"{line}{'<= ' + str(TARGETS[figure]):>8} {verdict}")


if __name__ == "__main__":
    main()
