"""A long `timer-tui log` on a terminal goes through a pager, as `git log` does.

The log lists sessions newest first: printed straight to a terminal, 10,000 of them
scroll the newest out of sight and leave the oldest on screen. A table taller than
the terminal is handed to ``$TIMER_TUI_PAGER``, else ``$PAGER``, else ``less``
(with ``LESS=FRX`` when ``LESS`` is unset: quit if it fits, keep colours, leave the
text on screen), so it opens at the newest. A pipe, a file, ``--no-pager``, a table
that fits the screen, an empty ``TIMER_TUI_PAGER`` or ``cat``, or a pager that cannot
be started: printed as before.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
from collections.abc import Mapping


def pager_command(environ: Mapping[str, str] = os.environ) -> list[str] | None:
    """The pager to run (None: print directly)."""
    chosen = environ.get("TIMER_TUI_PAGER", environ.get("PAGER", "less"))
    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    if not words or words == ["cat"]:
        return None
    return words


def page(text: str, command: list[str]) -> bool:
    """``text`` through the pager; False when it could not be started (print it then).

    Ctrl+C belongs to the pager while it runs (less uses it to stop a search); a
    pager quit before reading everything is not an error.
    """
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, env=env, text=True, errors="backslashreplace"
        )
    except OSError:
        return False
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.write(text)
    with contextlib.suppress(BrokenPipeError, OSError):
        proc.stdin.close()
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:
            continue


def wanted(no_pager: bool) -> list[str] | None:
    """The pager for this run, if output is to be paged at all (a terminal on stdout)."""
    if no_pager:
        return None
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return pager_command()
