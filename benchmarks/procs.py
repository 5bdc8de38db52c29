"""What the benchmarks read about a running program: its whole process tree from /proc.

The figures are the tree's, not one process's: the audio process, espeak-ng and
the log writer thread count against timer-tui as much as its main thread. Each
benchmark runs timer-tui and termdown in tmux servers of the same size at the
same time (``launch``), so the noise of a shared machine hits both alike, and
reports the machine's load beside its figures (``machine``).
"""

from __future__ import annotations

import compileall
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def ensure_termdown() -> Path:
    """termdown from this venv (installed with pip when missing): the program compared with."""
    exe = BIN / "termdown"
    if not exe.exists():
        print("installing termdown into the venv ...", flush=True)
        subprocess.run([str(BIN / "pip"), "install", "-q", "termdown"], check=True)
    return exe


def checkout(rev: str, into: Path) -> str:
    """The package (and its bundled sessions and sounds) as it was at ``rev``, compiled;
    a folder that holds ``timer_tui`` is taken as it is. Run with ``PYTHONPATH`` set to
    the result, the venv's ``timer-tui`` runs that code (the editable install's path
    entry comes after ``PYTHONPATH``)."""
    if Path(rev).is_dir():
        return rev
    folder = into / rev.replace("/", "_")
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "timer_tui", "sessions", "sounds"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    compileall.compile_dir(folder / "timer_tui", quiet=1)
    return str(folder)


def rev_label(rev: str) -> str:
    """A revision as a table names it: the folder's name, or the revision itself."""
    return Path(rev).name if Path(rev).is_dir() else rev


def compile_bytecode() -> None:
    """Write timer_tui's .pyc files, as ``pip install`` does for an installed package
    (pip compiled termdown's; a checkout would otherwise compile on every start)."""
    import compileall

    import timer_tui

    compileall.compile_dir(Path(timer_tui.__file__).parent, quiet=1)


def tree_pids(pid: int) -> list[int]:
    """``pid`` and every live descendant."""
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


def tree_cpu(pid: int) -> float:
    """User + system seconds of ``pid`` and its descendants, live ones and reaped ones."""
    total = 0.0
    for p in tree_pids(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, cutime, cstime are fields 14-17 (1-based) of the whole line.
        total += sum(int(x) for x in fields[11:15]) / TICKS
    return total


def tree_switches(pid: int) -> int:
    """Context switches (voluntary and not) of every thread of ``pid`` and its descendants."""
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


def peak_rss_mb(pid: int) -> float:
    """The largest resident size ``pid`` has had (VmHWM), in MB; the main process only,
    as ``/usr/bin/time`` reports it (the audio process is a second interpreter)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_rss_mb(pid: int) -> float:
    """Resident size of the whole tree now, in MB (the audio process included)."""
    total = 0
    for p in tree_pids(pid):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1])
        except OSError:
            continue
    return total * PAGE_KB / 1024


@dataclass
class Pane:
    """A program running alone in a tmux server of its own."""

    tmux: list[str]
    pid: int
    data: Path
    """Its XDG_DATA_HOME (the completion log is under it)."""

    def kill(self) -> None:
        """End the program and its tmux server, and remove its data folder."""
        subprocess.run([*self.tmux, "kill-server"], check=False, capture_output=True)
        shutil.rmtree(self.data, ignore_errors=True)

    def screen(self) -> str:
        out = subprocess.run([*self.tmux, "capture-pane", "-p"], capture_output=True, text=True)
        return out.stdout


def launch(command: str, size: tuple[int, int], env: dict[str, str]) -> Pane:
    """``command`` in a ``size`` tmux pane, with its own data folder: a run killed by
    the round before is in that log as interrupted, and ``run`` would offer to resume it."""
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed (apt-get install tmux)")
    data = tempfile.mkdtemp(prefix="bench-data-")
    env = {**env, "XDG_DATA_HOME": data}
    tmux = ["tmux", "-L", f"bench-{uuid.uuid4().hex[:8]}"]
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "b", "-x", str(size[0]), "-y", str(size[1]),
         f"exec {command}"],
        check=True,
        env=env,
    )  # fmt: skip
    out = subprocess.run([*tmux, "display", "-p", "-t", "b", "#{pane_pid}"], capture_output=True)
    return Pane(tmux, int(out.stdout), Path(data))


def bench_env(tmp: str) -> dict[str, str]:
    """The environment of a benchmarked program: its own config, data and cache folders."""
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": f"{tmp}/data",
        "XDG_CONFIG_HOME": f"{tmp}/config",
        "XDG_CACHE_HOME": f"{tmp}/cache",
    }


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return one, five, fifteen


def machine() -> str:
    """The machine in one line: CPU model, cores, Python, and its load right now."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    one, five, fifteen = load_average()
    return (
        f"{model}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}; load average {one:.2f} {five:.2f} {fifteen:.2f}"
    )
