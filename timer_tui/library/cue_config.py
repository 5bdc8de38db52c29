"""The config's ``[cues]``: the runner's own choice of what is beeped and said.

```toml
[cues]
say_next = false          # no "Next: ..." during rests
say_notes = false         # notes on screen only
say_countdown = true      # "three, two, one" instead of the beeps
say_speed_change = 15     # the treadmill takes a while: warn 15 s ahead
```

The keys are the session file's own ``[cues]`` keys (``sounds`` aside: a WAV
belongs to a session), checked by the same rules, so a value means the same in
both places. A key a session file sets itself wins over the config
(``core.cues.with_config``). Errors are reported through the config's ``error``
callback, located like every other config error; a bad key is left out and the
rest still apply.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from timer_tui.core.cues import CONFIG_KEYS
from timer_tui.core.field_types import Invalid
from timer_tui.core.format_spec import CUES_FIELDS
from timer_tui.core.toml_positions import PathKey
from timer_tui.core.wording import suggest

Report = Callable[[PathKey, str], None]

EXAMPLE = "say_next = false"


def read_cues(raw: dict[str, object], error: Report) -> dict[str, object]:
    """``[cues]`` of the parsed config as checked values (seconds for durations)."""
    table = raw.get("cues", {})
    if not isinstance(table, dict):
        error(("cues",), f"expected a table: [cues] with lines such as {EXAMPLE}")
        return {}
    values: dict[str, object] = {}
    for key, value in table.items():
        where: PathKey = ("cues", key)
        if key not in CONFIG_KEYS:
            hint = suggest(key, CONFIG_KEYS)
            if key == "sounds":
                error(where, "custom sounds belong in a session file's [cues.sounds], not here")
            else:
                error(
                    where,
                    f"unknown key `{key}` in [cues]{hint} (allowed: {', '.join(CONFIG_KEYS)})",
                )
            continue
        field = CUES_FIELDS[key]
        checked = field.type.rule.check(value, field, Path())
        if isinstance(checked, Invalid):
            error(where, checked.message)
            continue
        values[key] = checked
    return values
