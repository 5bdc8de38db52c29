"""The config's ``[treadmill]``: the runner's own speeds, so no session file needs editing.

```toml
[treadmill]
units = "km/h"                               # or "mph", "min/km" ("pace"), "min/mi"
run = { speed = "9.5 km/h", incline = 1 }
walk = { speed = "5.5 km/h", incline = 1 }
warmup = "5 km/h"                            # a speed alone
cooldown = { speed = "4.5 km/h" }
```

Speeds and inclines are read by the session loader's own functions
(``core.treadmill``), so "6 mph" or "6:00/km" mean the same here as in a session,
with the same limits. A step's own value, or its block's, wins over these.
Errors are reported through the config's ``error`` callback, located like every
other config error; a bad entry is left out and the rest still apply.
"""

from __future__ import annotations

from collections.abc import Callable

from timer_tui.core.kinds import Kind
from timer_tui.core.toml_positions import PathKey
from timer_tui.core.treadmill import (
    DEFAULT_KINDS,
    Speed,
    SpeedUnit,
    TreadmillSettings,
    TreadmillValueError,
    parse_incline,
    parse_speed,
)
from timer_tui.core.wording import suggest

Report = Callable[[PathKey, str], None]

UNIT_NAMES: dict[str, SpeedUnit] = {
    "km/h": SpeedUnit.KMH,
    "kmh": SpeedUnit.KMH,
    "kph": SpeedUnit.KMH,
    "mph": SpeedUnit.MPH,
    "min/km": SpeedUnit.PACE_KM,
    "pace": SpeedUnit.PACE_KM,
    "min/mi": SpeedUnit.PACE_MI,
}
"""What ``units`` may say; "pace" is minutes per kilometre."""
KIND_KEYS = tuple(k.value for k in DEFAULT_KINDS)
TREADMILL_KEYS = ("units", *KIND_KEYS)
EXAMPLE = 'run = { speed = "9.5 km/h", incline = 1 }'


def read_treadmill(raw: dict[str, object], error: Report) -> TreadmillSettings:
    """``[treadmill]`` of the parsed config; what is wrong is reported and left out."""
    table = raw.get("treadmill", {})
    if not isinstance(table, dict):
        error(("treadmill",), f"expected a table: [treadmill] with lines such as {EXAMPLE}")
        return TreadmillSettings()
    units = None
    speeds: dict[Kind, Speed] = {}
    inclines: dict[Kind, float] = {}
    for key, value in table.items():
        where: PathKey = ("treadmill", key)
        if key == "units":
            units = _units(value, where, error)
        elif key in KIND_KEYS:
            _kind(Kind(key), value, where, error, speeds, inclines)
        else:
            error(
                where,
                f"unknown key `{key}`{suggest(key, TREADMILL_KEYS)} in [treadmill] "
                f"(allowed: {', '.join(TREADMILL_KEYS)})",
            )
    return TreadmillSettings(units=units, speeds=speeds, inclines=inclines)


def _units(value: object, where: PathKey, error: Report) -> SpeedUnit | None:
    if isinstance(value, str) and value.strip().lower() in UNIT_NAMES:
        return UNIT_NAMES[value.strip().lower()]
    shown = f'"{value[:40]}"' if isinstance(value, str) else type(value).__name__
    error(where, f'found {shown}; expected "km/h", "mph", "min/km" (or "pace") or "min/mi"')
    return None


def _kind(
    kind: Kind,
    value: object,
    where: PathKey,
    error: Report,
    speeds: dict[Kind, Speed],
    inclines: dict[Kind, float],
) -> None:
    """One kind's entry: a speed string, or a table of ``speed`` and ``incline``."""
    if isinstance(value, str):
        value = {"speed": value}
    if not isinstance(value, dict):
        error(where, f"expected a speed or a table such as {EXAMPLE.split(' = ', 1)[1]}")
        return
    for name, item in value.items():
        try:
            if name == "speed":
                speeds[kind] = parse_speed(item)
            elif name == "incline":
                inclines[kind] = parse_incline(item)
            else:
                error(
                    (*where, name),
                    f"unknown key `{name}`{suggest(name, ('speed', 'incline'))} "
                    "(allowed: speed, incline)",
                )
        except TreadmillValueError as exc:
            error((*where, name), str(exc))
