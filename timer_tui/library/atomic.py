"""Write files so that a crash, a full disk or a killed process never leaves half of one.

The text goes to a temporary file in the same folder (so the final rename stays
on one file system), is flushed to disk, and only then takes the real name. A
reader, such as the picker's live reload, sees the old file or the new one,
never a mix. The temporary name starts with a dot and ends in ``.tmp`` so the
session library never lists it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from timer_tui.library.paths import make_private_folder


def _new_file_mode() -> int:
    """What ``open()`` would give a new file; read once, as the umask is process-wide."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


_NEW_FILE_MODE = _new_file_mode()


TEMP_NAME_BYTES = 64
"""Bytes of the target's name in its temporary file's: the whole of a 250-byte name and
the ``.``, ``.XXXXXXXX.tmp`` around it would be over the 255 a file name may have."""


def _temp_prefix(path: Path) -> str:
    return f".{os.fsdecode(os.fsencode(path.name)[:TEMP_NAME_BYTES])}."


def _write_temp(path: Path, text: str | bytes) -> Path:
    make_private_folder(path.parent)  # a file in the way is a clear error, not a crash
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    tmp = Path(name)
    data = text.encode("utf-8") if isinstance(text, str) else text  # a FIT file is bytes
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; some platforms cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str | bytes) -> None:
    """Replace ``path`` (or create it) with ``text`` in one step, keeping its permissions."""
    path = Path(path)
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):  # the folder is made (or refused) next
        mode = None
    tmp = _write_temp(path, text)
    try:
        if mode is not None:
            tmp.chmod(mode)
        else:  # mkstemp makes 0600; a new session file should look like any other
            tmp.chmod(_NEW_FILE_MODE)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def create_text_atomic(path: Path, text: str | bytes) -> None:
    """Like ``write_text_atomic`` but never replaces a file: raises FileExistsError instead.

    A hard link claims the name only if it is free, and the file it links is
    already whole. File systems without hard links fall back to an exclusive
    create, which still never overwrites.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    tmp = _write_temp(path, text)
    try:
        tmp.chmod(_NEW_FILE_MODE)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            with path.open("xb") as f:
                f.write(text.encode("utf-8") if isinstance(text, str) else text)
                f.flush()
                os.fsync(f.fileno())
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
