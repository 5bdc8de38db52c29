"""Where things live: bundled files inside the package, user files per platformdirs.

Tests point ``XDG_*`` at temporary folders, so a developer's own sessions,
history and config never leak into them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

APP_NAME = "timer-tui"


def _bundled(name: str) -> Path:
    """``sessions``/``sounds`` inside an installed wheel, else beside the checkout."""
    packaged = Path(str(files("timer_tui"))) / name
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
