"""CPU used by the countdown screen on a 60 s step, against ``termdown 60``.

Both run in their own tmux server at the same fixed size; the whole process
tree's CPU seconds (user + system, children included, from /proc) are read just
before the countdown ends. Target: timer-tui <= termdown. Installs termdown into
this venv when it is missing (``pip install termdown``).

Both are measured as installed programs: pip compiles termdown's bytecode when it
installs it, so timer_tui's is compiled here first (a source checkout run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every start).

    python benchmarks/cpu_vs_termdown.py [SECONDS] [WIDTHxHEIGHT]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
TICKS = os.sysconf("SC_CLK_TCK")


def ensure_termdown() -> Path:
    exe = BIN / "termdown"
    if not exe.exists():
        print("installing termdown into the venv ...", flush=True)
        subprocess.run([str(BIN / "pip"), "install", "-q", "termdown"], check=True)
    return exe


def compile_bytecode() -> None:
    """Write timer_tui's .pyc files, as ``pip install`` does for an installed package."""
    import compileall

    import timer_tui

    compileall.compile_dir(Path(timer_tui.__file__).parent, quiet=1)


def tree_cpu(pid: int) -> float:
    """User + system seconds of ``pid`` and its descendants (live ones and reaped ones)."""
    total = 0.0
    pending = [pid]
    while pending:
        p = pending.pop()
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, cutime, cstime are fields 14-17 (1-based) of the whole line.
        total += sum(int(x) for x in fields[11:15]) / TICKS
        for task in Path(f"/proc/{p}/task").iterdir():
            children = (task / "children").read_text().split()
            pending.extend(int(c) for c in children)
    return total


def measure(
    name: str, command: str, seconds: int, size: tuple[int, int], env: dict[str, str]
) -> float:
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    # A data folder of its own: the run killed before is in the log as interrupted,
    # and `run` would offer to resume it instead of counting down.
    env = {**env, "XDG_DATA_HOME": tempfile.mkdtemp(prefix="bench-data-")}
    tmux = ["tmux", "-L", socket]
    subprocess.run(
        [
            *tmux,
            "new-session",
            "-d",
            "-s",
            "b",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            f"exec {command}",
        ],
        check=True,
        env=env,
    )
    try:
        pid = int(
            subprocess.run(
                [*tmux, "display", "-p", "-t", "b", "#{pane_pid}"], capture_output=True, text=True
            ).stdout
        )
        time.sleep(seconds - 1)  # read just before the countdown ends
        cpu = tree_cpu(pid)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    print(f"{name:<34}{cpu:>8.2f} s", flush=True)
    return cpu


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    width, height = (int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "100x30").split("x"))
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed (apt-get install tmux)")
    termdown = ensure_termdown()
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "step.toml"
        session.write_text(f'name = "CPU"\n[[steps]]\nkind = "run"\nduration = {seconds}\n')
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            "XDG_CACHE_HOME": f"{tmp}/cache",
        }
        ours = f"{BIN / 'timer-tui'} run {session}"
        print(f"whole-process CPU over a {seconds} s countdown in a {width}x{height} tmux pane")
        results = {
            "timer-tui run (muted)": measure(
                "timer-tui run (muted)", f"{ours} --mute", seconds, (width, height), env
            ),
            "timer-tui run (sound)": measure(
                "timer-tui run (sound)", ours, seconds, (width, height), env
            ),
            f"termdown {seconds}": measure(
                f"termdown {seconds}", f"{termdown} {seconds}", seconds, (width, height), env
            ),
        }
    base = results[f"termdown {seconds}"]
    for name, cpu in results.items():
        print(f"{name:<34}{cpu / base if base else float('inf'):>8.2f} x termdown")


if __name__ == "__main__":
    main()
