"""The session-file format as JSON Schema, built from ``format_spec``'s field definitions.

The loader validates with the same ``Field`` objects, so a key added there shows
up here (and in editors' completion) without anyone remembering to. Editors such
as Taplo / Even Better TOML read it through a ``#:schema`` comment; we target
draft-07 because that is what they understand best.

What JSON Schema cannot say stays with the loader alone: nesting depth, the cap
on expanded steps, the 24-hour cap on duration *strings*, and whether a WAV file
exists. ``docs/session-format.md`` lists those limits.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from timer_tui.core.format_spec import (
    BLOCK_FIELDS,
    CUES_FIELDS,
    MAX_SECONDS,
    PROGRAM_FIELDS,
    SESSION_FIELDS,
    STEP_FIELDS,
    Field,
    FieldType,
)
from timer_tui.core.model import CueSettings, Kind

DRAFT = "http://json-schema.org/draft-07/schema#"

Schema = dict[str, Any]

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


def _duration() -> Schema:
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


def _kinds() -> list[str]:
    return [k.value for k in Kind]


def field_schema(field: Field) -> Schema:
    """One key's schema; tables and steps refer to shared definitions."""
    kind = field.type
    body: Schema
    if kind in (FieldType.STRING, FieldType.PATH):
        body = {"type": "string", "pattern": NON_BLANK_PATTERN}
    elif kind is FieldType.INTEGER:
        body = {"type": "integer"}
        if field.minimum is not None:
            body["minimum"] = field.minimum
        if field.maximum is not None:
            body["maximum"] = field.maximum
    elif kind is FieldType.BOOLEAN:
        body = {"type": "boolean"}
    elif kind is FieldType.DURATION:
        body = _duration()
    elif kind is FieldType.STRING_LIST:
        body = {"type": "array", "items": {"type": "string"}}
    elif kind is FieldType.KIND:
        body = {
            "type": "string",
            "enum": _kinds(),
            "x-taplo": {
                "docs": {"enumValues": [f'Shown and spoken as "{k.label}".' for k in Kind]}
            },
        }
    elif kind is FieldType.SOUNDS:
        body = {
            "type": "object",
            "propertyNames": {"enum": _kinds()},
            "additionalProperties": {"type": "string", "pattern": NON_BLANK_PATTERN},
        }
    elif kind is FieldType.STEPS:
        body = {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/step_or_block"}}
    elif kind is FieldType.TABLE:
        if field.name not in _TABLES:
            raise KeyError(f"format_spec has a table `{field.name}` that schema.py cannot describe")
        body = {"$ref": f"#/definitions/{field.name}"}
    else:  # pragma: no cover - a new FieldType must be taught here
        raise AssertionError(f"unhandled field type {kind}")
    return {"description": field.description, **body}


def _table(fields: dict[str, Field], title: str, *, init_keys: tuple[str, ...] = ()) -> Schema:
    table: Schema = {
        "title": title,
        "type": "object",
        "properties": {name: field_schema(f) for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }
    if init_keys:
        # Taplo's hint: the keys a completed table starts with, besides the required ones.
        table["x-taplo"] = {"initKeys": [k for k in init_keys if k in fields]}
    return table


def _cue_defaults(cues: Schema) -> None:
    """Show the defaults the loader fills in, taken from ``CueSettings`` itself."""
    defaults = CueSettings()
    for name, prop in cues["properties"].items():
        value = getattr(defaults, name, None)
        if isinstance(value, (bool, int)):
            prop["default"] = value


_TABLES = {"program": PROGRAM_FIELDS, "cues": CUES_FIELDS}


def session_schema() -> Schema:
    """The whole format as a draft-07 JSON Schema (a plain dict, ready for ``json``)."""
    program = _table(PROGRAM_FIELDS, "Program")
    # Loader rule: a session's place is week + day, or order, never day and order.
    program["not"] = {"required": ["day", "order"]}

    step = _table(STEP_FIELDS, "Step", init_keys=("kind", "duration"))
    # Loader rules: exactly one of duration (timed) and reps (counted); reps need a name.
    step["oneOf"] = [{"required": ["duration"]}, {"required": ["reps"]}]
    step["dependencies"] = {"reps": ["name"]}

    block = _table(BLOCK_FIELDS, "Block", init_keys=("repeat",))
    cues = _table(CUES_FIELDS, "Cues")
    _cue_defaults(cues)

    root = _table(SESSION_FIELDS, "timer-tui session")
    return {
        "$schema": DRAFT,
        "title": root.pop("title"),
        "description": (
            "A timer-tui session file: a name, then steps (timed, counted, or repeated "
            "blocks). See docs/session-format.md."
        ),
        **root,
        "definitions": {
            "program": program,
            "cues": cues,
            # A table with `repeat` or `steps` is a block, anything else a step;
            # the two are disjoint (a block needs `steps`, a step may not have it).
            "step_or_block": {
                "anyOf": [{"$ref": "#/definitions/step"}, {"$ref": "#/definitions/block"}]
            },
            "step": step,
            "block": block,
        },
    }


def schema_json() -> str:
    """What ``timer-tui schema`` prints and ``docs/session.schema.json`` holds."""
    return json.dumps(session_schema(), indent=2, ensure_ascii=False) + "\n"
