"""The session-file format as JSON Schema, built from ``format_spec``'s field definitions.

The loader validates with the same ``Field`` objects and the same per-type rules
(``field_types``), so a key added there shows up here (and in editors'
completion) without anyone remembering to. Editors such as Taplo / Even Better
TOML read it through a ``#:schema`` comment; we target draft-07 because that is
what they understand best.

What JSON Schema cannot say stays with the loader alone: nesting depth, the cap
on expanded steps, the 24-hour cap on duration *strings*, and whether a WAV file
exists. ``docs/session-format.md`` lists those limits.
"""

from __future__ import annotations

import json
from typing import Any

from timer_tui.core.field_types import Field, FieldType
from timer_tui.core.format_spec import (
    BLOCK_FIELDS,
    CUES_FIELDS,
    PROGRAM_FIELDS,
    SESSION_FIELDS,
    STEP_FIELDS,
)
from timer_tui.core.model import CueSettings

DRAFT = "http://json-schema.org/draft-07/schema#"

Schema = dict[str, Any]


def field_schema(field: Field) -> Schema:
    """One key's schema, from its type's rule; tables refer to shared definitions."""
    if field.type is FieldType.TABLE and field.name not in _TABLES:
        raise KeyError(f"format_spec has a table `{field.name}` that schema.py cannot describe")
    return {"description": field.description, **field.type.rule.schema(field)}


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
    # Loader rules: exactly one of duration (timed) and reps (counted); reps need a name;
    # speed and incline are for timed steps.
    step["oneOf"] = [{"required": ["duration"]}, {"required": ["reps"]}]
    step["dependencies"] = {"reps": ["name"], "speed": ["duration"], "incline": ["duration"]}

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
