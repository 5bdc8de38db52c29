"""What the completion log costs the timer: per-event write time, open time, read time.

Every step end (and step start) is its own committed transaction with
``synchronous=FULL``, done inside the engine's event delivery when the log is free
(a locked log hands it to a background thread); this measures how long that delays
the next event, alone and with other processes writing at once, and how long
opening (with ``PRAGMA quick_check``) and reading a big log take.

    python benchmarks/history_write.py [SESSIONS_IN_BIG_LOG] [WRITERS]
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timer_tui.core.engine import Engine
from timer_tui.library.sessions import resolve
from timer_tui.log.recorder import open_recorder
from timer_tui.log.store import History

SESSION = 'name = "bench"\n[[steps]]\nrepeat = 40\nsteps = [{ kind = "run", duration = 1 }]\n'


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def one_run(folder: Path, db: Path, timings: list[float] | None = None) -> None:
    path = folder / "bench.toml"
    entry = resolve(str(path))
    clock = Clock()
    base = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
    recorder = open_recorder(
        entry,
        entry.timeline(),
        path=db,
        notify=lambda m: print("notice:", m),
        now=lambda: base + dt.timedelta(seconds=clock.now),
    )
    engine = Engine(entry.timeline(), clock=clock)
    engine.subscribe(recorder)
    engine.start()
    while not engine.status.is_over:
        clock.now += 1
        t0 = time.perf_counter()
        engine.poll()  # one step_ended + one step_started, each committed
        if timings is not None:
            timings.append((time.perf_counter() - t0) * 1000)
    # Writes that met another writer's lock finish in the background: wait for them
    # (a multiprocessing child ends with os._exit, which skips the wait at exit).
    recorder.wait(30)


def writer(folder: str, db: str, runs: int, out: multiprocessing.Queue[list[float]]) -> None:
    timings: list[float] = []
    for _ in range(runs):
        one_run(Path(folder), Path(db), timings)
    out.put(timings)


def summary(name: str, values: list[float]) -> None:
    values = sorted(values)

    def p(q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    print(
        f"{name:<34} n={len(values):5d}  median {statistics.median(values):7.2f} ms"
        f"  p95 {p(0.95):7.2f} ms  max {values[-1]:7.2f} ms"
    )


def main() -> None:
    big = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    writers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bench.toml").write_text(SESSION)

        db = folder / "alone.sqlite3"
        timings: list[float] = []
        for _ in range(5):
            one_run(folder, db, timings)
        summary("step boundary, one writer", timings)

        db = folder / "shared.sqlite3"
        one_run(folder, db)  # create it
        queue: multiprocessing.Queue[list[float]] = multiprocessing.Queue()
        procs = [
            multiprocessing.Process(target=writer, args=(tmp, str(db), 3, queue))
            for _ in range(writers)
        ]
        for proc in procs:
            proc.start()
        shared = [t for _ in procs for t in queue.get()]
        for proc in procs:
            proc.join()
        summary(f"step boundary, {writers} writers at once", shared)
        with History.open(db, readonly=True).history as h:  # type: ignore[union-attr]
            sessions = h.sessions(with_steps=True)
        complete = sum(1 for s in sessions if len(s.steps) == 40)
        print(f"{'':<34} {complete}/{len(sessions)} sessions with all 40 steps")

        db = folder / "big.sqlite3"
        t0 = time.perf_counter()
        for _ in range(big):
            one_run(folder, db)
        fill = time.perf_counter() - t0
        wal = Path(f"{db}-wal")
        size = db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        print(f"filled a log with {big} sessions x 40 steps in {fill:.1f} s ({size / 1e6:.1f} MB)")
        opens: list[float] = []
        for _ in range(5):
            t0 = time.perf_counter()
            opened = History.open(db)
            opens.append((time.perf_counter() - t0) * 1000)
            assert opened.history is not None
            opened.history.close()
        summary("open for writing (quick_check)", opens)
        reads: list[float] = []
        for _ in range(3):
            t0 = time.perf_counter()
            with History.open(db, readonly=True).history as h:  # type: ignore[union-attr]
                h.sessions(with_steps=True)
            reads.append((time.perf_counter() - t0) * 1000)
        summary("read every session with steps", reads)


if __name__ == "__main__":
    main()
