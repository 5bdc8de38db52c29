"""A whole bundled Couch to 5K session against termdown counting down the same time (long).

Week 1 run 1 (30 minutes, 18 steps) runs as a user runs it: full screen in a
100x30 tmux pane, sound and voice on, every cue played, every step written to the
completion log. termdown counts down the same 30 minutes in a pane of the same
size at the same time. The whole process trees' CPU (audio process and espeak-ng
included) is read every minute and just before the end. Target: at most 0.4x.

Sound goes to a sound card made of ALSA configuration (``HOME/.asoundrc``): a
``file`` plugin appends every stream to one raw file behind a ``null`` device, so
the figures include the real audio process, simpleaudio and alsa-lib, and the
bytes played show that the cues did play. Not part of ``make bench``:
``make bench-long`` runs it.

    python benchmarks/c25k_session.py [SESSION] [WIDTHxHEIGHT]
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from procs import (
    BIN,
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

from timer_tui.library.sessions import resolve

ROOT = Path(__file__).resolve().parent.parent
ASOUNDRC = """pcm.!default {{
  type file
  file "|cat >> {out}"
  format "raw"
  slave.pcm "null"
}}
"""


def logged_steps(data: Path) -> int:
    """Steps in the completion log under ``data`` (each one a committed transaction)."""
    path = data / "timer-tui" / "history.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM steps").fetchone()[0])


def main() -> None:
    session = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "sessions/c25k/week-1-run-1.toml")
    width, height = (int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "100x30").split("x"))
    entry = resolve(session)
    seconds = entry.timeline().total_seconds
    termdown = ensure_termdown()
    compile_bytecode()
    print(machine())
    print(f"{entry.name}: {seconds} s, sound and voice on, beside termdown {seconds}, "
          f"{width}x{height} tmux panes", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        played = Path(tmp) / "played.raw"
        Path(tmp, ".asoundrc").write_text(ASOUNDRC.format(out=played))
        env = {**bench_env(tmp), "HOME": tmp}
        ours = launch(f"{BIN / 'timer-tui'} run {session}", (width, height), env)
        theirs = launch(f"{termdown} {seconds}", (width, height), env)
        start = time.monotonic()
        loads: list[float] = []
        try:
            while (left := seconds - 2 - (time.monotonic() - start)) > 0:
                time.sleep(min(60.0, left))
                loads.append(load_average()[0])
                elapsed = time.monotonic() - start
                print(f"{elapsed / 60:5.1f} min  timer-tui {tree_cpu(ours.pid):6.2f} s"
                      f"  termdown {tree_cpu(theirs.pid):6.2f} s  load {loads[-1]:.2f}",
                      flush=True)  # fmt: skip
            cpu = {"timer-tui": tree_cpu(ours.pid), "termdown": tree_cpu(theirs.pid)}
            switches = {"timer-tui": tree_switches(ours.pid), "termdown": tree_switches(theirs.pid)}
            rss = {"timer-tui": peak_rss_mb(ours.pid), "termdown": peak_rss_mb(theirs.pid)}
            time.sleep(5)  # the last step ends: the summary is on screen
            steps = logged_steps(ours.data)
            screen = ours.screen()
        finally:
            ours.kill()
            theirs.kill()
        sound_s = played.stat().st_size / (22050 * 2) if played.exists() else 0.0
    print(f"\n{'whole session':<14}{'CPU s':>8}{'ms/s':>8}{'switches/s':>12}{'peak RSS MB':>13}")
    for name in cpu:
        print(f"{name:<14}{cpu[name]:>8.2f}{cpu[name] / seconds * 1000:>8.2f}"
              f"{switches[name] / seconds:>12.1f}{rss[name]:>13.1f}")  # fmt: skip
    print(f"ratio         {cpu['timer-tui'] / cpu['termdown']:>8.2f}x  (target at most 0.40x)")
    print(f"log: {steps} steps written; sound: about {sound_s:.0f} s played (mono 16-bit 22.05 kHz);"
          f" load average during the run: median {sorted(loads)[len(loads) // 2]:.2f},"
          f" max {max(loads):.2f}")  # fmt: skip
    summary = [line for line in screen.splitlines() if line.strip()][:3]
    print("screen at the end:", " | ".join(s.strip() for s in summary))


if __name__ == "__main__":
    main()
