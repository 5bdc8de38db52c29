"""The config's ``[audio]`` table: which backend plays the cues.

```toml
[audio]
backend = "aplay"    # or "auto" (the default), "miniaudio", "simpleaudio", "bell", ...
```

``auto`` tries the audio process's chain in order (``audio/outputs.py``); a
name uses that backend only, and the terminal bell when it cannot play. The
names are listed here, below the audio layer, so a typo is a located config
error like any other; a test checks that they match the audio process's chain.
"""

from __future__ import annotations

from collections.abc import Callable

from timer_tui.core.toml_positions import PathKey
from timer_tui.core.wording import suggest

Report = Callable[[PathKey, str], None]

AUDIO_BACKENDS = (
    "auto",
    "simpleaudio",
    "miniaudio",
    "pw-play",
    "paplay",
    "aplay",
    "afplay",
    "bell",
)
"""``auto``, each backend of the audio process in the order ``auto`` tries them, ``bell``."""
AUDIO_KEYS = ("backend",)


def read_audio(raw: dict[str, object], error: Report) -> str:
    """``[audio] backend``: one of ``AUDIO_BACKENDS``; ``auto`` when absent or wrong."""
    table = raw.get("audio", {})
    if not isinstance(table, dict):
        error(("audio",), 'expected a table: [audio] with a line such as backend = "auto"')
        return "auto"
    for key in table:
        if key not in AUDIO_KEYS:
            error(("audio", key), f"unknown key `{key}`{suggest(key, AUDIO_KEYS)} in [audio]")
    value = table.get("backend", "auto")
    if not isinstance(value, str) or value not in AUDIO_BACKENDS:
        if isinstance(value, str):
            found = repr(value) if len(value) <= 40 else repr(value[:37]) + "..."
            found += suggest(value, AUDIO_BACKENDS)
        else:
            found = "a " + type(value).__name__
        allowed = ", ".join(f'"{b}"' for b in AUDIO_BACKENDS)
        error(("audio", "backend"), f"found {found}; expected one of {allowed}")
        return "auto"
    return str(value)
