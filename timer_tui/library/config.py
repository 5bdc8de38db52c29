"""The user's config file: key bindings, as a ``[keys]`` table of binding id -> key.

```toml
[keys]
"countdown.pause" = "space,k"      # several keys: comma-separated, or a list
"countdown.next" = ["n", "right", "l"]
```

```toml
[run]
resume_after_stop = true           # after Ctrl+Z / a suspend, go on by itself
```

Errors are values, located like the session loader's (``FILE:LINE:COL: message``
with did-you-mean); the app shows them and carries on with the default keys, so
a typo in the config never stops a run. A hostile file cannot either: the file is
checked with ``stat`` before it is opened (a FIFO or a device is refused, never
read), opened without blocking, read only up to ``MAX_CONFIG_BYTES``; anything
the TOML parser raises (a 5,000-digit integer, 5,000 nested brackets) is one error and
the defaults; at most ``MAX_KEYS`` bindings are checked and ``MAX_ERRORS`` reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli

# The loader's own helpers, so config errors read exactly like session-file errors.
from timer_tui.core.loader import LoadError, decode_utf8, display_key, toml_syntax_error
from timer_tui.core.toml_positions import PathKey, key_positions, locate
from timer_tui.core.treadmill import TreadmillSettings
from timer_tui.core.wording import suggest
from timer_tui.library.audio_config import read_audio
from timer_tui.library.cue_config import read_cues
from timer_tui.library.paths import config_path
from timer_tui.library.treadmill_config import read_treadmill

SECTIONS: dict[str, str] = {
    "keys": "key bindings: binding id = key or list of keys",
    "run": "how a run behaves: resume_after_stop = true or false",
    "ui": 'the look: theme = "NAME", a Textual theme (ctrl+p, then Theme, lists them)',
    "audio": 'what plays the cues: backend = "auto" (or "miniaudio", "aplay", "bell", ...)',
    "cues": "what is beeped and said: say_next = false, say_countdown = true, ...",
    "treadmill": 'your speeds: units = "km/h", run = { speed = "9.5 km/h", incline = 1 }',
}
"""Top-level tables the config may hold; other features add theirs here."""
RUN_KEYS = ("resume_after_stop",)
"""The keys of ``[run]``."""
UI_KEYS = ("theme",)
"""The keys of ``[ui]``."""
MAX_THEME_NAME = 64
"""Characters in a theme name: Textual's are a word or two."""

MAX_CONFIG_BYTES = 64 * 1024
"""A config is a few lines; anything bigger is not one (and must not stall start-up)."""
MAX_KEYS = 200
"""Bindings checked in ``[keys]``: the app has a few dozen ids."""
MAX_ERRORS = 5
"""Errors reported one by one; the rest are counted in one more line."""
MAX_SUGGESTIONS = 3
"""Did-you-mean is worked out for the first few unknown ids only (it compares with every id)."""
MAX_KEY_TEXT = 200
"""Characters in one binding's value: a few key names."""


@dataclass(frozen=True, slots=True)
class Config:
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, ready for ``App.set_keymap``."""
    errors: tuple[LoadError, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)
    """The whole parsed file, for sections other features read themselves."""
    resume_after_stop: bool = False
    """``[run] resume_after_stop``: after a stop (Ctrl+Z, a suspend) go on by itself."""
    theme: str | None = None
    """``[ui] theme``: the Textual theme; the app checks the name (the library knows no themes)."""
    cues: dict[str, object] = field(default_factory=dict)
    """``[cues]``, checked: what a session's own ``[cues]`` leaves out (``core.cues.with_config``)."""
    treadmill: TreadmillSettings = field(default_factory=TreadmillSettings)
    """``[treadmill]``: speed and incline per kind, and the units speeds are shown in."""
    audio_backend: str = "auto"
    """``[audio] backend``: ``auto`` (the audio process's chain) or one backend by name."""


def load_config(path: Path | None = None, known_ids: Collection[str] | None = None) -> Config:
    """Read the config file; a missing file is simply the defaults.

    Never blocks and never reads much: see the module's docstring.
    """
    path = config_path() if path is None else path
    data = read_small_file(path)
    if data is None:
        return Config()
    if isinstance(data, str):
        return _fail(path, data)
    text = decode_utf8(data, path)
    if isinstance(text, LoadError):
        return Config(errors=(text,))
    return parse_config(text, path, known_ids)


def read_small_file(path: Path) -> bytes | str | None:
    """The file's bytes; None if there is none; a message if it is not a small regular file.

    ``stat`` first, so a FIFO, a device or a tty is refused without being opened;
    ``O_NONBLOCK`` too, in case it was swapped for one between the two calls.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return f"cannot read the config file: {getattr(exc, 'strerror', None) or exc}"
    if not stat.S_ISREG(info.st_mode):
        return "the config file is not a regular file (a folder, a FIFO or a device); ignored"
    if info.st_size > MAX_CONFIG_BYTES:
        return f"the config file is too large ({info.st_size} bytes; at most {MAX_CONFIG_BYTES})"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return f"cannot read the config file: {exc.strerror or exc}"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "the config file is not a regular file (a folder, a FIFO or a device); ignored"
        data = os.read(fd, MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        return f"cannot read the config file: {exc.strerror or exc}"
    finally:
        os.close(fd)
    if len(data) > MAX_CONFIG_BYTES:
        return f"the config file is too large (over {MAX_CONFIG_BYTES} bytes)"
    return data


def parse_config(
    text: str, path: Path | None = None, known_ids: Collection[str] | None = None
) -> Config:
    """Validate config text. ``known_ids`` (the app's binding ids) catches typos in ``[keys]``.

    Never raises: whatever goes wrong is one error, and the defaults.
    """
    try:
        return _parse_config(text, path, known_ids)
    except Exception as exc:  # a value the parser or the checks choke on (deep nesting, huge ints)
        return _fail(
            path, f"the config file cannot be read as TOML ({type(exc).__name__}); ignored"
        )


def _parse_config(text: str, path: Path | None, known_ids: Collection[str] | None) -> Config:
    if len(text) > MAX_CONFIG_BYTES:
        return _fail(path, f"the config text is too large (at most {MAX_CONFIG_BYTES} bytes)")
    try:
        raw = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as exc:
        return Config(errors=toml_syntax_error(path, text, exc).errors)
    positions = key_positions(text)
    errors: list[LoadError] = []

    def error(key: PathKey, message: str) -> None:
        line, col = locate(positions, key) or (1, None)
        errors.append(LoadError(path, line, col, display_key(key), message))

    for name in raw:
        if name not in SECTIONS:
            allowed = ", ".join(f"[{s}]" for s in SECTIONS)
            error(
                (name,), f"unknown section `{name}`{suggest(name, SECTIONS)} (allowed: {allowed})"
            )
    keys: dict[str, str] = {}
    table = raw.get("keys", {})
    if not isinstance(table, dict):
        error(("keys",), 'expected a table: [keys] with lines such as "countdown.pause" = "k"')
        table = {}
    if len(table) > MAX_KEYS:
        error(("keys",), f"{len(table)} bindings in [keys]; at most {MAX_KEYS}: all ignored")
        table = {}
    unknown = 0
    for binding_id, value in table.items():
        where: PathKey = ("keys", binding_id)
        if known_ids is not None and binding_id not in known_ids:
            unknown += 1
            hint = suggest(binding_id, known_ids) if unknown <= MAX_SUGGESTIONS else ""
            error(
                where, f"unknown binding id `{binding_id}`{hint} (the help screen, ?, lists them)"
            )
            continue
        parsed = _parse_keys(value)
        if parsed is None:
            found = shown_value(value)
            error(where, f'found {found}; expected a key such as "k", "k,j" or ["k", "j"]')
            continue
        keys[binding_id] = parsed
    resume_after_stop = _read_run(raw, error)
    theme = _read_ui(raw, error)
    treadmill = read_treadmill(raw, error)
    cues = read_cues(raw, error)
    audio_backend = read_audio(raw, error)
    return Config(
        keys=keys,
        errors=_few(errors, path),
        raw=raw,
        resume_after_stop=resume_after_stop,
        theme=theme,
        cues=cues,
        treadmill=treadmill,
        audio_backend=audio_backend,
    )


def _read_run(raw: dict[str, Any], error: Any) -> bool:
    """``[run]``: only ``resume_after_stop``, a boolean."""
    table = raw.get("run", {})
    if not isinstance(table, dict):
        error(("run",), "expected a table: [run] with lines such as resume_after_stop = true")
        return False
    for key in table:
        if key not in RUN_KEYS:
            error(("run", key), f"unknown key `{key}`{suggest(key, RUN_KEYS)} in [run]")
    value = table.get("resume_after_stop", False)
    if not isinstance(value, bool):
        error(("run", "resume_after_stop"), f"found {shown_value(value)}; expected true or false")
        return False
    return value


def _read_ui(raw: dict[str, Any], error: Any) -> str | None:
    """``[ui]``: only ``theme``, a short name (whether Textual has it is the app's check)."""
    table = raw.get("ui", {})
    if not isinstance(table, dict):
        error(("ui",), 'expected a table: [ui] with lines such as theme = "textual-light"')
        return None
    for key in table:
        if key not in UI_KEYS:
            error(("ui", key), f"unknown key `{key}`{suggest(key, UI_KEYS)} in [ui]")
    value = table.get("theme")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_THEME_NAME:
        error(("ui", "theme"), f'found {shown_value(value)}; expected a theme name such as "nord"')
        return None
    return value.strip()


def shown_value(value: object) -> str:
    """A found value for a message: short, whatever it is (``repr`` of a huge int raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a huge number"
    text = repr(value) if isinstance(value, str | int | float | bool) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _few(errors: list[LoadError], path: Path | None) -> tuple[LoadError, ...]:
    """The first ``MAX_ERRORS`` errors in file order, and a count of the rest."""
    ordered = sorted(errors, key=lambda e: (e.line, e.col or 0))
    if len(ordered) <= MAX_ERRORS:
        return tuple(ordered)
    more = len(ordered) - MAX_ERRORS
    last = ordered[MAX_ERRORS - 1]
    return (*ordered[:MAX_ERRORS], LoadError(path, last.line, None, "", f"and {more} more errors"))


def _parse_keys(value: object) -> str | None:
    items: list[object] = []
    if isinstance(value, str):
        items.extend(value.split(","))
    elif isinstance(value, list):
        items.extend(value)
    if len(items) > 20 or any(isinstance(k, str) and len(k) > MAX_KEY_TEXT for k in items):
        return None
    keys = [k.strip() for k in items if isinstance(k, str)]
    if not keys or len(keys) != len(items) or any(not k or " " in k for k in keys):
        return None
    return ",".join(keys)


def _fail(path: Path | None, message: str) -> Config:
    return Config(errors=(LoadError(path, 1, None, "", message),))
