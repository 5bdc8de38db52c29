"""Time from launch to the first drawn frame of the full-screen app (target: < 0.5 s).

Starts the real program in a pseudo-terminal of 100x30, reads what it writes, and
stops the clock when the first frame's text appears: the picker's title for
``timer-tui``, the step counter for ``timer-tui run SESSION``.

    python benchmarks/startup.py [RUNS]
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

EXE = Path(sys.executable).parent / "timer-tui"
SIZE = (30, 100)  # rows, columns
TIMEOUT = 10.0
SESSION = 'name = "Startup"\n[[steps]]\nkind = "run"\nduration = 60\n'


def first_frame(args: list[str], marker: bytes, env: dict[str, str]) -> float:
    """Seconds from spawning ``timer-tui ARGS`` until ``marker`` is on its screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(EXE), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"no frame with {marker!r} within {TIMEOUT} s; got {seen[-400:]!r}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
        os.close(master)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "startup.toml"
        session.write_text(SESSION)
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            "XDG_CACHE_HOME": f"{tmp}/cache",
        }
        cases = [
            ("timer-tui (picker)", [], b"timer-tui"),
            ("timer-tui run SESSION", ["run", str(session), "--mute"], b"step 1 of 1"),
        ]
        print(f"launch to first drawn frame, {runs} runs each, {SIZE[1]}x{SIZE[0]} pty")
        print(f"{'case':<24}{'min':>8}{'median':>9}{'max':>8}")
        for name, args, marker in cases:
            first_frame(args, marker, env)  # warm the file cache
            times = [first_frame(args, marker, env) for _ in range(runs)]
            print(
                f"{name:<24}{min(times):>7.3f}s{statistics.median(times):>8.3f}s{max(times):>7.3f}s"
            )


if __name__ == "__main__":
    main()
