"""Where things live: bundled files inside the package, user files per platformdirs.

Tests point ``XDG_*`` at temporary folders, so a developer's own sessions,
history and config never leak into them.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

from timer_tui.core.errors import UserError

APP_NAME = "timer-tui"


def _bundled(name: str) -> Path:
    """``sessions``/``sounds`` inside an installed wheel, else beside the checkout. The
    package's folder is this module's parent's (what ``importlib.resources.files`` gives
    for a package on disk; importing it and zipfile took 2-3 ms of the picker's start)."""
    packaged = Path(__file__).parent.parent / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def bundled_sessions_dir() -> Path:
    return _bundled("sessions")


def bundled_sounds_dir() -> Path:
    return _bundled("sounds")


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    return user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    return user_cache_path(APP_NAME, appauthor=False)


def user_sessions_dir() -> Path:
    return data_dir() / "sessions"


def history_path() -> Path:
    return data_dir() / "history.sqlite3"


def config_path() -> Path:
    return config_dir() / "config.toml"


PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
"""The data folder and the log hold what a user did and when: theirs alone, whatever the umask."""


class NotAFolderError(UserError):
    """A file stands where a folder of ours should be: the user's to move (exit 2)."""


def file_in_the_way(folder: Path) -> Path | None:
    """The nearest of ``folder`` and its parents that exists but is not a folder, if any."""
    for candidate in (folder, *folder.parents):
        try:
            if candidate.exists():
                return None if candidate.is_dir() else candidate
        except OSError:
            return None
        if candidate.is_symlink():
            return candidate  # a dangling link cannot be made into a folder
    return None


def not_a_folder_message(blocker: Path) -> str:
    if blocker == data_dir():
        return f"the data folder {blocker} is a file; move it away (timer-tui keeps its sessions and log there)"
    return f"{blocker} is a file, not a folder"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) 0700 whatever the umask.

    Only the folders made here are given that mode; an existing folder is left as
    it is, except the app's own data folder, which is made private. A file where a
    folder should be raises ``NotAFolderError`` with a sentence for the user.
    """
    blocker = file_in_the_way(folder)
    if blocker is not None:
        raise NotAFolderError(not_a_folder_message(blocker))
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for made in reversed(missing):
        try:
            made.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue
        made.chmod(PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    if folder == data_dir() or data_dir() in folder.parents:
        make_private(data_dir(), PRIVATE_FOLDER)


def make_private(path: Path, mode: int) -> None:
    """Take group and other bits off ``path`` if it is ours; never fails (a shared mount)."""
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & mode)
    except (OSError, AttributeError):
        pass
