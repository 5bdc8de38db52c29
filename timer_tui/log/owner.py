"""Is the process that owns an ``in_progress`` row still running?

A session row left ``in_progress`` by a process that is gone reads back as
*interrupted*. "Gone" is decided from the owner stamped on the row: same host and
the pid is dead, or the pid now belongs to another process (its start time, read
from ``/proc``, differs). A row owned by another host (a synced data folder) is
taken as interrupted once nothing was written to it for ``FOREIGN_HOST_LEASE``.

Core module: stdlib only (no ``textual``, no ``rich``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable
from pathlib import Path

OwnerCheck = Callable[[str | None, int | None, str | None], bool]

FOREIGN_HOST_LEASE = dt.timedelta(hours=6)
"""A row owned by another machine counts as interrupted after this long without a write."""


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_token(pid: int) -> str | None:
    """Something that differs when a pid is reused: boot id + the process start time."""
    fields = _proc_stat_fields(pid)
    if fields is None or len(fields) < 20:
        return None
    return f"{_boot_id()}:{fields[19]}"


def _proc_stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name, or None off Linux."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    return stat.rpartition(")")[2].split()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by someone else
    except OSError:
        return False
    # A killed process that its parent has not reaped yet (a zombie) still has its
    # pid, but it runs nothing: it is dead for the log.
    return _process_state(pid) not in ("Z", "X", "x")


def _process_state(pid: int) -> str | None:
    """The state letter of ``/proc/<pid>/stat`` (R, S, Z ...), or None off Linux."""
    fields = _proc_stat_fields(pid)
    return fields[0] if fields else None


def owner_alive(host: str | None, pid: int | None, token: str | None) -> bool:
    """Is the process that wrote an ``in_progress`` row still running (on this host)?"""
    if pid is None or host != socket.gethostname():
        return False
    if not _pid_alive(pid):
        return False
    if token is not None:
        current = process_token(pid)
        if current is not None and current != token:
            return False  # the pid was reused
    return True
