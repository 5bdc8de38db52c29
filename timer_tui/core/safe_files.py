"""Opening a file a session names, without ever blocking on it or reading gigabytes.

A path in a file can point anywhere: a FIFO (opening it blocks until a writer
comes), ``/dev/tty`` (reads the user's keystrokes), ``/dev/zero`` (never ends), a
2 GB sparse WAV. So the path is looked at before it is opened (``stat``: only a
regular file under a size cap goes on), opened without blocking and without
becoming a controlling terminal, and looked at again through the open file
(``fstat``), in case it was swapped in between.

Core module: stdlib only.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from typing import BinaryIO, Literal

MIB = 1024 * 1024

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


@dataclass(frozen=True, slots=True)
class Refused:
    """Why a file was not opened, in words that follow "cannot read ...: "."""

    reason: str
    why: Literal["missing", "folder", "special", "too big", "error"] = "error"


def format_size(size: int) -> str:
    """``1536 -> "1.5 KiB"``, ``10485760 -> "10 MiB"``: sizes in error messages."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            text = f"{value:.1f}".removesuffix(".0") if unit != "bytes" else str(size)
            return f"{text} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a device (such as a terminal)"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check(st: os.stat_result, max_bytes: int) -> Refused | None:
    if stat.S_ISDIR(st.st_mode):
        return Refused("it is a folder, not a regular file", "folder")
    if not stat.S_ISREG(st.st_mode):
        return Refused(f"it is {_file_kind(st.st_mode)}, not a regular file", "special")
    if st.st_size > max_bytes:
        size, cap = format_size(st.st_size), format_size(max_bytes)
        return Refused(f"it is {size}; at most {cap} is allowed", "too big")
    return None


def open_regular(path: Path, max_bytes: int) -> BinaryIO | Refused:
    """``path`` opened for reading if it is a regular file of at most ``max_bytes``."""
    try:
        refused = _check(path.stat(), max_bytes)
        if refused is not None:
            return refused
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return Refused("no such file", "missing")
    except PermissionError:
        return Refused("permission denied")
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        return Refused(getattr(exc, "strerror", None) or str(exc))
    try:
        refused = _check(os.fstat(fd), max_bytes)
    except OSError as exc:  # pragma: no cover - fstat on an open descriptor
        refused = Refused(exc.strerror or str(exc))
    if refused is not None:
        os.close(fd)
        return refused
    return os.fdopen(fd, "rb")


def read_capped(path: Path, max_bytes: int) -> bytes | Refused:
    """The whole of a regular file of at most ``max_bytes`` (a file that grew is refused)."""
    opened = open_regular(path, max_bytes)
    if isinstance(opened, Refused):
        return opened
    try:
        with opened:
            data = opened.read(max_bytes + 1)
    except OSError as exc:
        return Refused(exc.strerror or str(exc))
    if len(data) > max_bytes:
        return Refused(f"it is over {format_size(max_bytes)}, the most allowed", "too big")
    return data
