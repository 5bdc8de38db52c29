"""What ``timer-tui run SESSION`` costs to start, finely, and what each commit changed.

``side_by_side.py`` reads CPU from /proc in clock ticks (10 ms) over three rounds, too
coarse for a cut of 20 ms. Here each figure comes from ``wait4``'s resource usage of
the killed process (the kernel's nanosecond run time of all its threads), over many
rounds that interleave every program, so a busy minute hits all alike:

- first frame: wall seconds from launch until the countdown's first line is on the
  pseudo-terminal, and the CPU seconds used by then (the process is killed there);
- CPU in the first 4 s (``side_by_side.py``'s start figure) and the peak RSS by then
  (VmHWM, read just before the kill), in a second launch.

Beside timer-tui: the floor (``floor.py``, one Textual Label) and termdown (no first
frame is read from it: its digits are a figlet font). ``--rev`` runs timer-tui as it
was at a git revision (``git archive`` of the package into a temporary folder, put
first on ``PYTHONPATH``; or a folder that holds one), so a commit's before and after
are measured in the same minutes::

    python benchmarks/start_cost.py [--runs 10] [--rev HEAD~1 --rev HEAD]
"""

from __future__ import annotations

import argparse
import os
import select
import signal
import statistics
import tempfile
import time
from pathlib import Path

from first_frames import spawn
from procs import (
    BIN,
    bench_env,
    checkout,
    compile_bytecode,
    ensure_termdown,
    machine,
    peak_rss_mb,
    rev_label,
)

SPAN = 4.0
SECONDS = 68
TIMEOUT = 60.0


class Program:
    """One program to start: its command line, its first frame's marker, its environment."""

    def __init__(self, name: str, args: list[str], marker: bytes | None, path: str = "") -> None:
        self.name, self.args, self.marker, self.path = name, args, marker, path

    def env(self, tmp: str) -> dict[str, str]:
        env = bench_env(tempfile.mkdtemp(dir=tmp))
        if self.path:
            env["PYTHONPATH"] = self.path
        return env


def _drain(master: int, seen: bytearray, until: float) -> None:
    while time.perf_counter() < until:
        ready, _, _ = select.select([master], [], [], 0.01)
        if ready:
            try:
                seen += os.read(master, 1 << 16)
            except OSError:
                return


def _launch(program: Program, tmp: str) -> tuple[int, int, float]:
    proc, master = spawn(program.args[1:], program.env(tmp), Path(program.args[0]))
    proc.returncode = 0  # reaped below with wait4, not by Popen
    return proc.pid, master, time.perf_counter()


def _kill(pid: int, master: int) -> float:
    """Kill the program's process group; the CPU seconds its main process used."""
    os.killpg(pid, signal.SIGKILL)
    _, _, usage = os.wait4(pid, 0)
    os.close(master)
    return usage.ru_utime + usage.ru_stime


def to_first_frame(program: Program, tmp: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from launch to the first frame."""
    assert program.marker is not None
    pid, master, start = _launch(program, tmp)
    seen = bytearray()
    while program.marker not in seen:
        if time.perf_counter() - start > TIMEOUT:
            _kill(pid, master)
            raise RuntimeError(f"{program.name}: no first frame; got {bytes(seen[-300:])!r}")
        _drain(master, seen, time.perf_counter() + 0.01)
    wall = time.perf_counter() - start
    return wall, _kill(pid, master)


def first_seconds(program: Program, tmp: str) -> tuple[float, float]:
    """(CPU seconds, peak RSS MB) over the first ``SPAN`` seconds."""
    pid, master, start = _launch(program, tmp)
    _drain(master, bytearray(), start + SPAN)
    rss = peak_rss_mb(pid)
    return _kill(pid, master), rss


def programs(revs: list[str], tmp: Path) -> list[Program]:
    session = tmp / "step.toml"
    session.write_text(f'name = "CPU"\n[[steps]]\nkind = "run"\nduration = {SECONDS}\n')
    run = [str(BIN / "timer-tui"), "run", str(session), "--mute"]
    marker = b"step 1 of 1"
    found = [
        Program(f"timer-tui {rev_label(rev)}", run, marker, checkout(rev, tmp))
        for rev in revs
    ]  # fmt: skip
    if not revs:
        found.append(Program("timer-tui (this tree)", run, marker))
    floor = [str(BIN / "python"), str(Path(__file__).resolve().parent / "floor.py")]
    found.append(Program("floor (Textual)", [*floor, str(SECONDS)], b"1:08"))
    found.append(Program("termdown", [str(ensure_termdown()), str(SECONDS)], None))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument(
        "--rev", action="append", default=[], help="a git revision, or a folder holding timer_tui"
    )
    args = ap.parse_args()
    compile_bytecode()
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        found = programs(args.rev, tmp)
        figures: dict[str, list[tuple[float, ...]]] = {p.name: [] for p in found}
        loads = []
        for n in range(args.runs):
            for program in found:
                frame = to_first_frame(program, folder) if program.marker else (0.0, 0.0)
                figures[program.name].append((*frame, *first_seconds(program, folder)))
            loads.append(os.getloadavg()[0])
            print(f"round {n + 1} of {args.runs}, load {loads[-1]:.2f}", flush=True)
    print_table(figures, loads)


def print_table(figures: dict[str, list[tuple[float, ...]]], loads: list[float]) -> None:
    medians = {
        n: [statistics.median(r[i] for r in rows) for i in range(4)] for n, rows in figures.items()
    }
    termdown, floor = medians["termdown"][2], medians["floor (Textual)"][2]
    print(f"\nmedians of {len(loads)} rounds, 100x30 pty")
    print(f"{'':<24}{'first frame':>12}{'CPU to it':>10}{'CPU 4 s':>9}{'x termdown':>11}"
          f"{'x floor':>8}{'peak RSS':>10}")  # fmt: skip
    for name, (wall, cpu, first, rss) in medians.items():
        frame = f"{wall:>11.3f}s{cpu:>9.3f}s" if wall else f"{'-':>12}{'-':>10}"
        print(f"{name:<24}{frame}{first:>8.3f}s{first / termdown:>10.2f}x"
              f"{first / floor:>7.2f}x{rss:>7.1f} MB")  # fmt: skip
    print(f"load average (1 min) after each round: median {statistics.median(loads):.2f},"
          f" max {max(loads):.2f} (2 cores)")  # fmt: skip


if __name__ == "__main__":
    main()
