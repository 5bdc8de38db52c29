"""What reading a big completion log costs in-process: the parts of ``timer-tui log``
and the history screen, each timed alone (CPU seconds, best of ``--runs``).

The logs are those ``first_frames.py`` measures whole processes on: copies of one
real C25K run written by the recorder, two a day back from now.

    python benchmarks/log_reads.py [--sizes 10000,100000] [--runs 3]

To compare with older code, run it with that code first on the path:
``PYTHONPATH=/path/to/old/checkout python benchmarks/log_reads.py``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from first_frames import logged_sessions, template_log
from procs import machine

from timer_tui.log.store import History


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def cases(history: History) -> dict[str, Callable[[], object]]:
    """Each read by name; a name the code under test lacks is left out."""
    found: dict[str, Callable[[], object]] = {
        "sessions()": history.sessions,
        "sessions(limit=200, with_steps=True)": lambda: history.sessions(
            limit=200, with_steps=True
        ),
    }
    try:
        from timer_tui.log.streak import weekly_streak
    except ImportError:
        pass
    else:
        found["weekly_streak"] = lambda: weekly_streak(history)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        template = template_log(Path(tmp))
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / str(size)
            logged_sessions(folder, size, template)
            opened = History.open(folder / "timer-tui" / "history.sqlite3", readonly=True)
            assert opened.history is not None, opened.message
            with opened.history as history:
                for name, work in cases(history).items():
                    took = best(args.runs, work)
                    print(f"  {size:>7,} logged  {name:<40}{took:>8.3f} s CPU", flush=True)
    print(machine())


if __name__ == "__main__":
    main()
