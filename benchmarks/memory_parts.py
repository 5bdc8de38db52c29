"""Where timer-tui's resident memory goes, beside the tuned floor and termdown.

``side_by_side.py`` gives one figure, peak RSS. This splits it by what is mapped:
each program counts down in a tmux pane of its own (the same size, started at the
same moment, as there), and at ``--at`` seconds its ``/proc/PID/smaps`` is summed by
mapping: Python's heap (anonymous memory and ``[heap]``: every Python object, code
included), the interpreter (``libpython``), SQLite (the completion log's library and
its module), ``unicodedata`` (its name tables are paged in by a Unicode name lookup),
the other shared libraries and extension modules, and the rest (stacks, locale).

The tuned floor is ``floor.py --lean``, the least a Textual app costs while it counts
down; the last column is timer-tui's part beyond it, part by part.

    python benchmarks/memory_parts.py [--rounds 3] [--at 6] [--size 100x30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from procs import BIN, bench_env, compile_bytecode, ensure_termdown, launch, machine

PARTS = (
    "Python heap",
    "libpython",
    "SQLite",
    "unicodedata",
    "tomli (mypyc)",
    "other libraries",
    "the rest",
)


def part_of(mapping: str) -> str:
    """The part of the table a mapping's resident pages count in."""
    name = Path(mapping).name
    if mapping in ("", "[heap]"):
        return "Python heap"
    if name.startswith("libpython"):
        return "libpython"
    if name.startswith(("libsqlite3", "_sqlite3")):
        return "SQLite"
    if name.startswith("unicodedata"):
        return "unicodedata"
    if "__mypyc" in name or "/tomli/" in mapping:
        return "tomli (mypyc)"
    if ".so" in name:
        return "other libraries"
    return "the rest"


def resident_parts(pid: int) -> dict[str, float]:
    """MB resident now in each part, from ``/proc/PID/smaps``."""
    parts = dict.fromkeys(PARTS, 0.0)
    mapping = ""
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split(maxsplit=5)
        if "-" in head[0] and ":" not in head[0]:  # a mapping's first line: range perms ...
            mapping = head[5] if len(head) > 5 else ""
        elif line.startswith("Rss:"):
            parts[part_of(mapping)] += int(head[1]) / 1024
    return parts


def one_round(
    commands: dict[str, str], at: float, size: tuple[int, int], tmp: str
) -> dict[str, dict[str, float]]:
    """All three at once; each one's parts at ``at`` seconds."""
    env = bench_env(tmp)
    panes = {name: launch(cmd, size, env) for name, cmd in commands.items()}
    try:
        time.sleep(at)
        return {name: resident_parts(p.pid) for name, p in panes.items()}
    finally:
        for p in panes.values():
            p.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--at", type=float, default=6.0, help="seconds after the start")
    ap.add_argument("--size", default="100x30")
    args = ap.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    termdown = ensure_termdown()
    compile_bytecode()
    print(machine())
    floor = Path(__file__).resolve().parent / "floor.py"
    seconds = int(args.at + 30)
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "step.toml"
        session.write_text(f'name = "CPU"\n[[steps]]\nkind = "run"\nduration = {seconds}\n')
        commands = {
            "timer-tui (muted)": f"{BIN / 'timer-tui'} run {session} --mute",
            "floor, tuned": f"{BIN / 'python'} {floor} {seconds} --lean",
            "termdown": f"{termdown} {seconds}",
        }
        rounds = [one_round(commands, args.at, (width, height), tmp) for _ in range(args.rounds)]
    names = list(commands)
    median = {
        n: {part: statistics.median(r[n][part] for r in rounds) for part in PARTS} for n in names
    }
    print(f"resident MB at {args.at:.0f} s, {width}x{height} tmux panes, median of"
          f" {args.rounds} rounds (all three at once)")  # fmt: skip
    print(f"| part | {' | '.join(names)} | timer-tui - floor |")
    print(f"|---|{'---|' * len(names)}---|")
    ours, tuned = median[names[0]], median[names[1]]
    for part in PARTS:
        cells = " | ".join(f"{median[n][part]:.2f}" for n in names)
        print(f"| {part} | {cells} | {ours[part] - tuned[part]:+.2f} |")
    totals = {n: sum(median[n].values()) for n in names}
    cells = " | ".join(f"{totals[n]:.2f}" for n in names)
    print(f"| **total** | {cells} | {totals[names[0]] - totals[names[1]]:+.2f} |")
    print(f"timer-tui / termdown: {totals[names[0]] / totals[names[2]]:.2f}x;"
          f" floor / termdown: {totals[names[1]] / totals[names[2]]:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
