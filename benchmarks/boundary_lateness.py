"""How late step boundaries are, in the real program, over a session of many short steps.

Runs `timer-tui run --plain --json` on a generated session (default 120 steps of
1 s), and prints, for every step_started event, how far its emission lagged its
due time (measured inside the process, `late_ms`) and how far the due times drift
from the plan (should be exactly zero: the engine schedules by deadline).

    python benchmarks/boundary_lateness.py [STEPS] [SECONDS_PER_STEP]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.toml"
        path.write_text(
            f'name = "bench"\n[cues]\ncountdown = 0\nhalfway = false\n[[steps]]\nrepeat = {steps}\n'
            f'steps = [{{ kind = "run", duration = {seconds} }}]\n'
        )
        exe = Path(sys.executable).parent / "timer-tui"
        proc = subprocess.run(
            [str(exe), "run", str(path), "--plain", "--json", "--mute"],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={"XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp, "PATH": ""},
        )
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    starts = [e for e in events if e["event"] == "step_started"]
    late = sorted(float(e["late_ms"]) for e in starts)
    drift = max(abs(e["t"] - i * seconds) for i, e in enumerate(starts))
    print(f"steps: {len(starts)} x {seconds} s  (exit {proc.returncode})")
    print("| measure | ms |")
    print("|---|---|")
    print(f"| emission lag, median | {statistics.median(late):.2f} |")
    print(f"| emission lag, p99 | {late[int(len(late) * 0.99) - 1]:.2f} |")
    print(f"| emission lag, max | {late[-1]:.2f} |")
    print(f"| due-time drift from plan, max | {drift * 1000:.3f} |")
    end = events[-1]
    print(f"| session end vs plan | {(float(end['t']) - steps * seconds) * 1000:.3f} |")


if __name__ == "__main__":
    main()
