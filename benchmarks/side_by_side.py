"""timer-tui counting down beside termdown: start-up CPU, steady CPU, wake-ups, peak RSS.

Each round starts both programs at the same moment, each in a tmux server of its
own of the same size, so the noise of a shared machine hits both alike. From the
whole process trees (``procs.py``) a round reads:

- CPU to start: CPU seconds used in the first ``START_SPAN`` seconds;
- steady CPU and wake-ups: CPU milliseconds and context switches (every thread,
  voluntary and not) per second between ``WARM_UP`` and ``WARM_UP + SPAN``;
- peak RSS of the main process at the end.

The table gives the median of the rounds and each median's ratio to termdown's,
and the load average the rounds ran under. ``--session`` runs another session
(RESULTS.md's 10x figure: a 3-hour session of 180 steps).

    python benchmarks/side_by_side.py [--rounds 5] [--span 20] [--size 100x30]
                                      [--session FILE] [--mute | --sound]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from procs import (
    BIN,
    Pane,
    bench_env,
    compile_bytecode,
    ensure_termdown,
    launch,
    load_average,
    machine,
    peak_rss_mb,
    tree_cpu,
    tree_switches,
)

START_SPAN = 4.0
WARM_UP = 8.0
FIGURES = ("start CPU s", "CPU ms/s", "switches/s", "peak RSS MB")
TARGETS = {"start CPU s": 1.5, "CPU ms/s": 0.3, "switches/s": 0.1, "peak RSS MB": 1.2}
"""The issue's targets: timer-tui's figure at most this many times termdown's."""

Figures = dict[str, float]


def one_round(
    commands: dict[str, str], span: float, size: tuple[int, int], tmp: str
) -> dict[str, Figures]:
    """Both programs at once; each one's figures for this round."""
    env = bench_env(tmp)
    t0 = time.monotonic()
    panes: dict[str, Pane] = {name: launch(cmd, size, env) for name, cmd in commands.items()}
    try:
        time.sleep(max(0.0, START_SPAN - (time.monotonic() - t0)))
        start = {n: tree_cpu(p.pid) for n, p in panes.items()}
        time.sleep(max(0.0, WARM_UP - (time.monotonic() - t0)))
        first = {n: (tree_cpu(p.pid), tree_switches(p.pid)) for n, p in panes.items()}
        t1 = time.monotonic()
        time.sleep(span)
        last = {n: (tree_cpu(p.pid), tree_switches(p.pid)) for n, p in panes.items()}
        took = time.monotonic() - t1
        rss = {n: peak_rss_mb(p.pid) for n, p in panes.items()}
    finally:
        for pane in panes.values():
            pane.kill()
    return {
        n: {
            "start CPU s": start[n],
            "CPU ms/s": (last[n][0] - first[n][0]) / took * 1000,
            "switches/s": (last[n][1] - first[n][1]) / took,
            "peak RSS MB": rss[n],
        }
        for n in commands
    }


def medians(rounds: list[dict[str, Figures]], name: str) -> Figures:
    return {f: statistics.median(r[name][f] for r in rounds) for f in FIGURES}


def print_table(rounds: list[dict[str, Figures]], loads: list[float]) -> None:
    """Medians, each program's ratio to termdown, and whether timer-tui meets the target."""
    names = [n for n in rounds[0] if n != "termdown"]
    base = medians(rounds, "termdown")
    print(f"\nmedian of {len(rounds)} rounds")
    print(f"{'':<14}{'termdown':>10}" + "".join(f"{n:>24}" for n in names) + f"{'target':>9}")
    for f in FIGURES:
        cells = ""
        for n in names:
            value = medians(rounds, n)[f]
            cells += f"{value:>14.3f} ({value / base[f] if base[f] else float('inf'):5.2f}x)"
        mine = medians(rounds, names[0])[f] / base[f] if base[f] else float("inf")
        verdict = "met" if mine <= TARGETS[f] else "NOT met"
        print(f"{f:<14}{base[f]:>10.3f}{cells}{'<= ' + str(TARGETS[f]) + 'x':>9} {verdict}")
    print(f"load average (1 min) at each round's end: median {statistics.median(loads):.2f},"
          f" max {max(loads):.2f} (2 cores)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--span", type=float, default=30.0, help="seconds of steady state measured")
    ap.add_argument("--size", default="100x30")
    ap.add_argument("--session", help="a session file (default: one run step, long enough)")
    ap.add_argument("--sound", action="store_true", help="sound on (default: --mute)")
    ap.add_argument(
        "--floor",
        action="store_true",
        help="also the minimal Textual app (floor.py), on Textual's driver and on ours",
    )
    args = ap.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    termdown = ensure_termdown()
    compile_bytecode()
    print(machine())
    seconds = int(WARM_UP + args.span + 30)
    ours = "timer-tui" + ("" if args.sound else " (muted)")
    with tempfile.TemporaryDirectory() as tmp:
        session = args.session or str(Path(tmp) / "step.toml")
        if args.session is None:
            Path(session).write_text(
                f'name = "CPU"\n[[steps]]\nkind = "run"\nduration = {seconds}\n'
            )
        mute = "" if args.sound else " --mute"
        commands = {
            ours: f"{BIN / 'timer-tui'} run {session}{mute}",
            "termdown": f"{termdown} {seconds}",
        }
        if args.floor:
            floor = Path(__file__).resolve().parent / "floor.py"
            commands["floor (Textual)"] = f"{BIN / 'python'} {floor} {seconds}"
            commands["floor, lean driver"] = f"{BIN / 'python'} {floor} {seconds} --lean"
        print(f"{Path(session).name}: start over {START_SPAN:.0f} s, steady state over {args.span:.0f} s"
              f" after {WARM_UP:.0f} s, {width}x{height} tmux panes, both at once")  # fmt: skip
        rounds, loads = [], []
        for n in range(args.rounds):
            rounds.append(one_round(commands, args.span, (width, height), tmp))
            loads.append(load_average()[0])
            print(f"round {n + 1}: " + "   ".join(
                f"{k}: " + ", ".join(f"{v:.2f}" for v in figs.values())
                for k, figs in rounds[-1].items()
            ) + f"   load {loads[-1]:.2f}", flush=True)  # fmt: skip
    print_table(rounds, loads)


if __name__ == "__main__":
    main()
