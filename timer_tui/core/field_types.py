"""Each type of key in a session file as one object: its check and its JSON Schema.

The loader calls ``check`` and ``timer-tui schema`` calls ``schema`` on the same
object, so what the editor's completion accepts and what the loader accepts are
written side by side and a new field type is taught to both at once.

What JSON Schema cannot say stays in the check alone: the 24-hour cap on
duration *strings*, and whether a WAV file exists.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from timer_tui.core.durations import DURATION_FORMS, DurationError, parse_duration
from timer_tui.core.kinds import Kind
from timer_tui.core.safe_files import MIB, Refused, open_regular
from timer_tui.core.safe_text import shorten
from timer_tui.core.treadmill import (
    INCLINE_FORMS,
    MAX_INCLINE,
    MIN_INCLINE,
    SPEED_FORMS,
    TreadmillValueError,
    parse_incline,
    parse_speed,
)
from timer_tui.core.wording import suggest

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from typing import Any

MAX_SECONDS = 24 * 3600
MAX_TEXT = 2000
"""Characters in any one string of a session (names, notes, paths); bundled ones use < 400."""
MAX_WAV_BYTES = 10 * MIB
"""A cue is a second or two (bundled ones are a few KiB); the audio process reads it whole."""
WAV_RATES = (8_000, 192_000)
"""Hz: telephone speech to studio recordings. Below, no cue is intelligible; above, no
card plays it, and a rate of 0 is a division by zero in the audio process."""
WAV_BOUNDS = "a sound is mono or stereo, 8,000 to 192,000 Hz, 8 to 32 bits"

Schema = dict[str, "Any"]


class FieldType(str, Enum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DURATION = "duration"
    STRING_LIST = "string list"
    KIND = "kind"
    PATH = "path to a WAV file"
    TABLE = "table"
    STEPS = "array of steps"
    SOUNDS = "table of kind = WAV path"
    SPEED = "treadmill speed"
    INCLINE = "treadmill incline"
    IDENTIFIER = "id"

    @property
    def rule(self) -> TypeRule:
        return RULES[self]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: FieldType
    description: str
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None

    def allowed(self) -> str:
        """What the error message says is allowed."""
        return self.type.rule.allowed(self)


@dataclass(frozen=True, slots=True)
class Invalid:
    """A value the loader refuses; ``message`` is the error it reports at the key."""

    message: str


# -- the words of the errors -----------------------------------------------------------
def describe(value: object) -> str:
    """What was found, in the error: ``"45" (a string)``, ``a table``.

    A long value is cut short and a huge number is not printed: the error stays one
    readable line (and ``str`` of an int past 4,300 digits would raise).
    """
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        return f'"{shorten(value)}" (a string)'
    if isinstance(value, int):
        if value.bit_length() > 64:
            return "a number far too large (a number)"
        return f"{value} (a number)"
    if isinstance(value, float):
        return f"{value} (a fractional number)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def kind_names() -> list[str]:
    return [k.value for k in Kind]


def read_wav(text: str, base_dir: Path) -> Path | Invalid:
    """The WAV file a session names, relative to the session file, if it holds audio.

    Only a regular file of at most ``MAX_WAV_BYTES`` is opened (``safe_files``): a
    FIFO, a terminal or a 2 GB file is refused without reading a byte of it.
    """
    if "\x00" in text:
        return Invalid("the path holds a NUL character (\\u0000), which no file name can")
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # "~name/..." where name is no user here
        user = text.split("/", 1)[0]
        return Invalid(f'no user "{shorten(user[1:])}" on this machine, so "{user}" is no folder')
    if not path.is_absolute():
        path = base_dir / path
    opened = open_regular(path, MAX_WAV_BYTES)
    if isinstance(opened, Refused):
        if opened.why == "missing":
            return Invalid(f'no WAV file at "{path}" (paths are relative to the session file)')
        return Invalid(f'cannot use "{path}" as a sound: {opened.reason}')
    import wave  # here: only a session that names a sound reads one

    try:
        with opened, wave.open(opened, "rb") as w:
            if w.getnframes() == 0:
                raise wave.Error("it holds no audio")
            problem = wav_problem(w.getnchannels(), w.getsampwidth(), w.getframerate())
    except (wave.Error, EOFError, OSError, ValueError) as exc:
        return Invalid(f'"{path}" is not a readable WAV file ({shorten(str(exc))})')
    if problem is not None:
        return Invalid(f'"{path}" cannot be played: {problem} ({WAV_BOUNDS})')
    return path


def wav_problem(channels: int, width: int, rate: int) -> str | None:
    """What in a WAV's header no output plays, if anything. Python's ``wave`` reads any
    rate, 0 included, and any number of channels: ``check`` must refuse what the audio
    process would fail on, and that process checks again (the file may change)."""
    if channels not in (1, 2):
        return f"{channels} channels"
    if not 1 <= width <= 4:
        return f"{8 * width}-bit samples"
    low, high = WAV_RATES
    if not low <= rate <= high:
        return f"a sample rate of {rate:,} Hz"
    return None


# -- the schema's patterns ---------------------------------------------------------------
_INT = r"[0-9]+"
_UNIT_TOKENS = {unit: rf"{_INT}\s*[{unit}{unit.upper()}]\s*" for unit in "hms"}


def _unit_alternatives() -> list[str]:
    """Every order of distinct units: "1m30s" and "30s1m" parse, "1m2m" does not.

    Spelled out instead of a back-reference or look-ahead so every regex engine
    an editor might use (ECMA, Rust's regex crate) reads it the same way.
    """
    alternatives = []
    for size in (1, 2, 3):
        for units in itertools.permutations("hms", size):
            alternatives.append("".join(_UNIT_TOKENS[u] for u in units))
    return alternatives


DURATION_PATTERN = (
    r"^\s*(?:"
    + "|".join(
        [
            r"[0-9]+:[0-5][0-9](?::[0-5][0-9])?\s*",  # 1:30, 1:02:03
            *_unit_alternatives(),  # 45s, 1m30s, 1h 5m
            r"[0-9]+\s*",  # "90"
        ]
    )
    + r")$"
)
"""Strings ``durations.parse_duration`` reads; ``NONZERO_PATTERN`` rules out zero."""

NONZERO_PATTERN = "[1-9]"
"""A duration string with no non-zero digit ("0s", "0:00") is zero seconds."""

NON_BLANK_PATTERN = r"\S"
"""The loader refuses empty and all-space strings."""

MAX_ID = 64
ID_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{MAX_ID - 1}}}$"
"""A program's id names a folder (``export --program`` writes into ``ID-FORMAT``) and
is typed after ``--program``: no ``/`` or ``..``, no leading ``-``, no space. The
bundled ones are ``c25k``, ``fitness-test``, ``pre-season``."""


# -- one rule per type ---------------------------------------------------------------------
class TypeRule:
    """How one field type is checked and described; subclasses say what differs.

    ``check`` returns the value the loader keeps (converted: seconds, a ``Kind``,
    a ``Path``) or an ``Invalid``; ``base_dir`` anchors relative WAV paths.
    """

    def allowed(self, field: Field) -> str:
        return f"a {field.type.value}"

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        raise NotImplementedError

    def schema(self, field: Field) -> Schema:
        raise NotImplementedError


class _Text(TypeRule):
    def __init__(self, *, wav: bool = False) -> None:
        self.wav = wav

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, str):
            return Invalid(f"found {describe(value)}; expected {field.allowed()}")
        if not value.strip():
            return Invalid("found an empty string; write some text or leave the key out")
        if len(value) > MAX_TEXT:
            return Invalid(f"found {describe(value)}; it may be at most {MAX_TEXT} characters")
        return read_wav(value, base_dir) if self.wav else value

    def schema(self, field: Field) -> Schema:
        return {"type": "string", "pattern": NON_BLANK_PATTERN}


class _Identifier(TypeRule):
    def allowed(self, field: Field) -> str:
        return (
            "an id: letters, digits, - and _, starting with a letter or a digit, "
            f"at most {MAX_ID} characters"
        )

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, str) or re.fullmatch(ID_PATTERN, value) is None:
            return Invalid(f"found {describe(value)}; expected {field.allowed()}")
        return value

    def schema(self, field: Field) -> Schema:
        return {"type": "string", "pattern": ID_PATTERN}


class _Integer(TypeRule):
    def allowed(self, field: Field) -> str:
        low = "" if field.minimum is None else f" from {field.minimum}"
        high = "" if field.maximum is None else f" to {field.maximum}"
        return f"a whole number{low}{high}"

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return Invalid(f"found {describe(value)}; expected {field.allowed()}")
        if (field.minimum is not None and value < field.minimum) or (
            field.maximum is not None and value > field.maximum
        ):
            shown = value if value.bit_length() <= 64 else "a number far too large"
            return Invalid(f"found {shown}; expected {field.allowed()}")
        return value

    def schema(self, field: Field) -> Schema:
        body: Schema = {"type": "integer"}
        if field.minimum is not None:
            body["minimum"] = field.minimum
        if field.maximum is not None:
            body["maximum"] = field.maximum
        return body


class _Boolean(TypeRule):
    def allowed(self, field: Field) -> str:
        return "true or false"

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, bool):
            return Invalid(f"found {describe(value)}; expected true or false")
        return value

    def schema(self, field: Field) -> Schema:
        return {"type": "boolean"}


class _Duration(TypeRule):
    def allowed(self, field: Field) -> str:
        return DURATION_FORMS

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        try:
            seconds = parse_duration(value)
        except DurationError as exc:
            return Invalid(str(exc))
        if seconds > MAX_SECONDS:
            return Invalid(f"found {describe(value)}; a duration may be at most 24 hours")
        return seconds

    def schema(self, field: Field) -> Schema:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_SECONDS},
                {
                    "type": "string",
                    "allOf": [{"pattern": DURATION_PATTERN}, {"pattern": NONZERO_PATTERN}],
                },
            ],
            "examples": [90, "45s", "1m30s", "2m", "1h", "1:30", "1:02:03"],
        }


class _StringList(TypeRule):
    def allowed(self, field: Field) -> str:
        return "a list of strings"

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return Invalid(f"found {describe(value)}; expected a list of strings")
        too_long = next((v for v in value if len(v) > MAX_TEXT), None)
        if too_long is not None:
            return Invalid(f"found {describe(too_long)}; each may be at most {MAX_TEXT} characters")
        return tuple(value)

    def schema(self, field: Field) -> Schema:
        return {"type": "array", "items": {"type": "string"}}


_KIND_OF = {kind.value: kind for kind in Kind}
"""``Kind(value)`` as one lookup: it raised and caught for nothing, 5,000 times in a big file."""


class _Kind(TypeRule):
    def allowed(self, field: Field) -> str:
        return "one of " + ", ".join(kind_names())

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, str):
            return Invalid(f"found {describe(value)}; expected {field.allowed()}")
        kind = _KIND_OF.get(value)
        if kind is None:
            return Invalid(
                f'unknown kind "{shorten(value)}"{suggest(value, kind_names())} '
                f"(allowed: {', '.join(kind_names())})"
            )
        return kind

    def schema(self, field: Field) -> Schema:
        return {
            "type": "string",
            "enum": kind_names(),
            "x-taplo": {
                "docs": {"enumValues": [f'Shown and spoken as "{k.label}".' for k in Kind]}
            },
        }


class _Table(TypeRule):
    """A sub-table; its keys are checked against their own fields by the loader."""

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, dict):
            return Invalid(f"found {describe(value)}; expected a table")
        return value

    def schema(self, field: Field) -> Schema:
        return {"$ref": f"#/definitions/{field.name}"}


class _Sounds(_Table):
    """``kind = "file.wav"``; the loader checks each entry's kind and file."""

    def schema(self, field: Field) -> Schema:
        return {
            "type": "object",
            "propertyNames": {"enum": kind_names()},
            "additionalProperties": {"type": "string", "pattern": NON_BLANK_PATTERN},
        }


class _Steps(TypeRule):
    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return Invalid(
                f"found {describe(value)}; expected [[steps]] tables or a list of tables"
            )
        if not value:
            return Invalid("is empty; a session or block needs at least one step")
        return value

    def schema(self, field: Field) -> Schema:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/step_or_block"}}


def _insensitive(word: str) -> str:
    """``km`` -> ``[kK][mM]``: JSON Schema patterns have no case-insensitive flag."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


SPEED_PATTERN = (
    r"^\s*(?:[0-9]{1,3}(?:[.,][0-9]{1,3})?\s*(?:"
    + "|".join(_insensitive(u) for u in ("km/h", "kmh", "kph", "mph", "mi/h"))
    + r")|[0-9]{1,3}:[0-5][0-9]\s*(?:"
    + _insensitive("min")
    + r")?\s*/\s*(?:"
    + "|".join(_insensitive(u) for u in ("km", "mi", "mile"))
    + r"))\s*$"
)
"""Strings ``treadmill.parse_speed`` reads; its range (0.5 to 30 km/h) is checked there only."""
INCLINE_PATTERN = r"^\s*-?[0-9]{1,3}(?:[.,][0-9]{1,2})?\s*%\s*$"


class _Treadmill(TypeRule):
    """A speed or an incline: ``core.treadmill`` reads it (and says what is wrong), so a
    session and the config's ``[treadmill]`` accept exactly the same values."""

    def __init__(self, parse: Callable[[object], object], forms: str, schema: Schema) -> None:
        self.parse, self.forms, self.body = parse, forms, schema

    def allowed(self, field: Field) -> str:
        return self.forms

    def check(self, value: object, field: Field, base_dir: Path) -> Any:
        try:
            return self.parse(value)
        except TreadmillValueError as exc:
            return Invalid(str(exc))

    def schema(self, field: Field) -> Schema:
        return dict(self.body)


SPEED_SCHEMA: Schema = {
    "type": "string",
    "pattern": SPEED_PATTERN,
    "examples": ["9.5 km/h", "6 mph", "6:00/km", "9:40/mi"],
}
INCLINE_SCHEMA: Schema = {
    "anyOf": [
        {"type": "number", "minimum": MIN_INCLINE, "maximum": MAX_INCLINE},
        {"type": "string", "pattern": INCLINE_PATTERN},
    ],
    "examples": [1, 1.5, "2%"],
}


RULES: dict[FieldType, TypeRule] = {
    FieldType.STRING: _Text(),
    FieldType.INTEGER: _Integer(),
    FieldType.BOOLEAN: _Boolean(),
    FieldType.DURATION: _Duration(),
    FieldType.STRING_LIST: _StringList(),
    FieldType.KIND: _Kind(),
    FieldType.PATH: _Text(wav=True),
    FieldType.TABLE: _Table(),
    FieldType.STEPS: _Steps(),
    FieldType.SOUNDS: _Sounds(),
    FieldType.SPEED: _Treadmill(parse_speed, SPEED_FORMS, SPEED_SCHEMA),
    FieldType.INCLINE: _Treadmill(parse_incline, INCLINE_FORMS, INCLINE_SCHEMA),
    FieldType.IDENTIFIER: _Identifier(),
}
