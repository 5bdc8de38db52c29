"""A program start in a fresh interpreter, headless, for what its first frame holds.

``test_lean_start`` (``run``) and ``test_picker_start`` (the picker) each run a
script that stops the real command line at its first frame and prints what it saw
as JSON on its last line; this runs it in a folder of its own (home, config, data
and cache), as a first start on a new machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def isolated_env(folder: Path) -> dict[str, str]:
    """An environment whose home and XDG folders are all under ``folder``."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder),
        "TERM": "xterm-256color",
        **{f"XDG_{d}_HOME": str(folder / d.lower()) for d in ("CONFIG", "DATA", "CACHE")},
    }


def run_script(code: str, folder: Path, *args: str) -> dict[str, Any]:
    """``code`` run with ``args`` in ``folder``'s environment: the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=isolated_env(folder),
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
