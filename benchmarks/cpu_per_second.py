"""Steady CPU and wake-ups per second of a counting-down step, timer-tui beside termdown.

Both programs count down at the same time, each in its own tmux server of the same
size, so the machine's noise hits both alike. After a warm-up (start-up is not
part of the figure) the whole process tree's CPU seconds and context switches
(all threads, voluntary and not) are read twice, ``SPAN`` seconds apart. Each
round prints its figures; the table gives medians and the ratio to termdown.

    python benchmarks/cpu_per_second.py [ROUNDS] [SPAN] [WIDTHxHEIGHT]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu_vs_termdown import BIN, compile_bytecode, ensure_termdown, tree_cpu

WARM_UP = 8.0
"""Seconds after launch before the first reading: start-up is measured elsewhere."""


def tree_pids(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        p = pending.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def tree_switches(pid: int) -> int:
    """Context switches of every thread of ``pid`` and its descendants."""
    total = 0
    for p in tree_pids(pid):
        try:
            tasks = list(Path(f"/proc/{p}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                status = (task / "status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
    return total


def launch(command: str, size: tuple[int, int], env: dict[str, str]) -> tuple[list[str], int]:
    tmux = ["tmux", "-L", f"bench-{uuid.uuid4().hex[:8]}"]
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "b", "-x", str(size[0]), "-y", str(size[1]),
         f"exec {command}"],
        check=True,
        env=env,
    )  # fmt: skip
    out = subprocess.run([*tmux, "display", "-p", "-t", "b", "#{pane_pid}"], capture_output=True)
    return tmux, int(out.stdout)


def one_round(
    commands: dict[str, str], span: float, size: tuple[int, int], env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    # A fresh data folder each round: the run killed at the end of the last round is
    # in the log as interrupted, and `run` would offer to resume it instead of counting.
    env = {**env, "XDG_DATA_HOME": tempfile.mkdtemp(prefix="bench-data-")}
    running = {name: launch(cmd, size, env) for name, cmd in commands.items()}
    try:
        time.sleep(WARM_UP)
        first = {n: (tree_cpu(pid), tree_switches(pid)) for n, (_, pid) in running.items()}
        start = time.monotonic()
        time.sleep(span)
        last = {n: (tree_cpu(pid), tree_switches(pid)) for n, (_, pid) in running.items()}
        took = time.monotonic() - start
    finally:
        for tmux, _ in running.values():
            subprocess.run([*tmux, "kill-server"], check=False)
    return {
        n: ((last[n][0] - first[n][0]) / took * 1000, (last[n][1] - first[n][1]) / took)
        for n in commands
    }


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    span = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    width, height = (int(n) for n in (sys.argv[3] if len(sys.argv) > 3 else "100x30").split("x"))
    termdown = ensure_termdown()
    compile_bytecode()
    length = int(WARM_UP + span + 30)
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "step.toml"
        session.write_text(f'name = "CPU"\n[[steps]]\nkind = "run"\nduration = {length}\n')
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            "XDG_CACHE_HOME": f"{tmp}/cache",
        }
        commands = {
            "timer-tui (muted)": f"{BIN / 'timer-tui'} run {session} --mute",
            "termdown": f"{termdown} {length}",
        }
        print(f"steady state over {span:.0f} s after {WARM_UP:.0f} s, {width}x{height} tmux panes,"
              " both counting down at once")  # fmt: skip
        results = []
        for n in range(rounds):
            figures = one_round(commands, span, (width, height), env)
            results.append(figures)
            print(f"round {n + 1}: " + "   ".join(
                f"{k} {cpu:.2f} ms/s {sw:.1f} switches/s" for k, (cpu, sw) in figures.items()
            ), flush=True)  # fmt: skip
    print(f"\n{'':<22}{'CPU ms/s':>10}{'ratio':>8}{'switches/s':>12}{'ratio':>8}")
    base_cpu = statistics.median(r["termdown"][0] for r in results)
    base_sw = statistics.median(r["termdown"][1] for r in results)
    for name in commands:
        cpu = statistics.median(r[name][0] for r in results)
        sw = statistics.median(r[name][1] for r in results)
        print(f"{name:<22}{cpu:>10.2f}{cpu / base_cpu:>8.2f}{sw:>12.1f}{sw / base_sw:>8.2f}")


if __name__ == "__main__":
    main()
