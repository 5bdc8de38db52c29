"""Write files so that a crash, a full disk or a killed process never leaves half of one.

The text goes to a temporary file in the same folder (so the final rename stays
on one file system), is flushed to disk, and only then takes the real name. A
reader, such as the picker's live reload, sees the old file or the new one,
never a mix. The temporary name starts with a dot and ends in ``.tmp`` so the
session library never lists it.

Every ``-o PATH`` of the command line is written by ``write_output``: a file as
above, a FIFO or a device (``/dev/stdout``) as the stream it is.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from enum import Enum
from pathlib import Path

from timer_tui.core.errors import UserError
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


# -- -o PATH -------------------------------------------------------------------------------
class Output(Enum):
    """What an ``-o`` path names, once a link is followed."""

    NEW = "new"
    FILE = "file"
    STREAM = "stream"
    """A FIFO or a character device (a pipe or a terminal behind ``/dev/stdout``)."""


def _refused(path: Path, why: str) -> UserError:
    return UserError(f"cannot write {path}: {why}")


def _not_writable(path: Path, mode: int) -> UserError:
    if stat.S_ISDIR(mode):
        return _refused(path, "it is a folder; give a file name")
    kind = "a socket" if stat.S_ISSOCK(mode) else "a block device"
    return _refused(path, f"it is {kind}, not a file")


def _check_folder(path: Path) -> None:
    """A new file's folder must be there: a typo in ``-o`` is said, not made into folders."""
    try:
        mode = path.parent.stat().st_mode
    except FileNotFoundError:
        raise _refused(path, f"no such folder: {path.parent}") from None
    except NotADirectoryError:
        mode = 0
    except OSError as exc:
        raise _refused(path, exc.strerror or str(exc)) from None
    if not stat.S_ISDIR(mode):
        raise _refused(path, f"{path.parent} is not a folder")


def output_kind(path: Path) -> Output:
    """What writing ``path`` means; UserError for what cannot be written at all (a
    folder, a socket, a block device, a link to nothing, a missing folder, a name
    too long). A link is followed: its file is replaced, or its device written."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        if path.is_symlink():
            gone = f"it is a link to {path.readlink()}, which does not exist"
            raise _refused(path, gone) from None
        _check_folder(path)
        return Output.NEW
    except OSError as exc:
        raise _refused(path, exc.strerror or str(exc)) from None
    if stat.S_ISREG(mode):
        return Output.FILE
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Output.STREAM
    raise _not_writable(path, mode)


def write_output(path: Path, data: bytes, *, force: bool) -> None:
    """The one way an ``-o`` file is written. A new file or a replaced one is written
    whole (``create_text_atomic``, ``write_text_atomic``); an existing file only with
    ``force`` (FileExistsError otherwise), and through a link the file it points to,
    so the link stays. A FIFO or a device is written through as a stream, without
    ``force``: renaming over it would turn ``/dev/stdout`` or a pipe a reader waits
    on into a regular file, and atomicity means nothing for a stream."""
    kind = output_kind(path)
    try:
        if kind is Output.STREAM:
            _write_stream(path, data)
        elif kind is Output.FILE:
            if not force:
                raise FileExistsError(path)
            write_text_atomic(Path(os.path.realpath(path)), data)
        else:
            create_text_atomic(path, data)
    except FileExistsError:
        raise
    except OSError as exc:
        raise _refused(path, exc.strerror or str(exc)) from None


def _write_stream(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
