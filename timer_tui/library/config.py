"""The user's config file: key bindings, as a ``[keys]`` table of binding id -> key.

```toml
[keys]
"countdown.pause" = "space,k"      # several keys: comma-separated, or a list
"countdown.next" = ["n", "right", "l"]
```

Errors are values, located like the session loader's (``FILE:LINE:COL: message``
with did-you-mean); the app shows them and carries on with the default keys, so
a typo in the config never stops a run.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The loader's own helpers, so config errors read exactly like session-file errors.
from timer_tui.core.loader import LoadError, decode_utf8, display_key, toml_syntax_error
from timer_tui.core.toml_positions import PathKey, key_positions, locate
from timer_tui.core.wording import suggest
from timer_tui.library.paths import config_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SECTIONS: dict[str, str] = {"keys": "key bindings: binding id = key or list of keys"}
"""Top-level tables the config may hold; other features add theirs here."""


@dataclass(frozen=True, slots=True)
class Config:
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, ready for ``App.set_keymap``."""
    errors: tuple[LoadError, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)
    """The whole parsed file, for sections other features read themselves."""


def load_config(path: Path | None = None, known_ids: Collection[str] | None = None) -> Config:
    """Read the config file; a missing file is simply the defaults."""
    path = config_path() if path is None else path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        return _fail(path, f"cannot read the config file: {exc.strerror or exc}")
    text = decode_utf8(data, path)
    if isinstance(text, LoadError):
        return Config(errors=(text,))
    return parse_config(text, path, known_ids)


def parse_config(
    text: str, path: Path | None = None, known_ids: Collection[str] | None = None
) -> Config:
    """Validate config text. ``known_ids`` (the app's binding ids) catches typos in ``[keys]``."""
    try:
        raw = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
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
    for binding_id, value in table.items():
        where: PathKey = ("keys", binding_id)
        if known_ids is not None and binding_id not in known_ids:
            error(
                where,
                f"unknown binding id `{binding_id}`{suggest(binding_id, known_ids)} "
                "(the help screen, ?, lists them)",
            )
            continue
        parsed = _parse_keys(value)
        if parsed is None:
            error(where, f'found {value!r}; expected a key such as "k", "k,j" or ["k", "j"]')
            continue
        keys[binding_id] = parsed
    return Config(
        keys=keys, errors=tuple(sorted(errors, key=lambda e: (e.line, e.col or 0))), raw=raw
    )


def _parse_keys(value: object) -> str | None:
    items: list[object] = []
    if isinstance(value, str):
        items.extend(value.split(","))
    elif isinstance(value, list):
        items.extend(value)
    keys = [k.strip() for k in items if isinstance(k, str)]
    if not keys or len(keys) != len(items) or any(not k or " " in k for k in keys):
        return None
    return ",".join(keys)


def _fail(path: Path, message: str) -> Config:
    return Config(errors=(LoadError(path, 1, None, "", message),))
