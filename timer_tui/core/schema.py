"""The session-file format as JSON Schema, built from ``format_spec``'s field definitions.

The loader validates with the same ``Field`` objects and the same per-type rules
(``field_types``), so a key added there shows up here (and in editors'
completion) without anyone remembering to. Editors such as Taplo / Even Better
TOML read it through a ``#:schema`` comment; we target draft-07 because that is
what they understand best.

What JSON Schema cannot say stays with the loader alone: nesting depth, the cap
on expanded steps, the 24-hour cap on duration *strings*, and whether a WAV file
exists. ``docs/session-format.md`` lists those limits.

The schema is shaped so that Taplo and tombi point at the line of a mistake
(tests/unit/test_schema_editors.py runs both on ten common ones):

- A step or block is told apart by ``if``/``then``/``else`` (a table with ``steps``
  or ``repeat`` is a block), never ``anyOf``: a failed ``anyOf`` is reported by
  Taplo as one "not valid under any of the schemas" over the whole table.
- Unknown keys fail through ``patternProperties`` (every name but the known ones
  maps to ``false``), not ``additionalProperties: false``: Taplo reports the
  latter on the table that holds the key (for an unknown table, on the whole
  file), the former on the key's own line. ``additionalProperties: true`` beside
  it is for tombi, whose strict mode otherwise warns about every key.
- ``then``/``else`` and ``if`` are under a table that lists every key of a step and
  of a block, for the same reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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
        **only_keys(fields),
    }
    if init_keys:
        # Taplo's hint: the keys a completed table starts with, besides the required ones.
        table["x-taplo"] = {"initKeys": [k for k in init_keys if k in fields]}
    return table


def only_keys(keys: Iterable[str]) -> Schema:
    """Every key but these is refused, each at its own line (see the module's docstring)."""
    names = "|".join(re.escape(k) for k in keys)
    return {"patternProperties": {f"^(?!(?:{names})$)": False}, "additionalProperties": True}


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
            "step_or_block": _step_or_block(),
            "step": _step_rules(),
            "block": _block_rules(),
        },
    }


def _step_or_block() -> Schema:
    """Every key a step or a block may have, each with its type, said once; then which of
    the two the table is, as the loader decides: with ``repeat`` or ``steps``, a block.

    The keys are here rather than in each branch so that a value is checked once (one
    report, not two) and editors find each key's type and values for completion
    (tombi offers no kinds when they are only in a branch).
    """
    table = _table({**STEP_FIELDS, **BLOCK_FIELDS}, "Step or block", init_keys=("kind", "duration"))
    for name, prop in table["properties"].items():
        prop["description"] = _shared_description(name)
    table["required"] = []  # a block's `steps`: the block's rule, not a step's
    return {
        **table,
        "if": _part({"anyOf": [_part({"required": [key]}) for key in ("steps", "repeat")]}),
        "then": {"$ref": "#/definitions/block"},
        "else": {"$ref": "#/definitions/step"},
    }


def _step_rules() -> Schema:
    """A step, besides its keys' types: no block keys; exactly one of duration (timed) and
    reps (counted); reps need a name; speed and incline are for timed steps."""
    return _part(
        {
            "title": "Step",
            "properties": {k: False for k in BLOCK_FIELDS if k not in STEP_FIELDS},
            # Not oneOf: Taplo would mark the whole table; this marks the second key's line.
            "if": _part({"required": ["reps"]}),
            "then": _part({"properties": {"duration": False}}),
            "else": _part({"required": ["duration"]}),
            "dependencies": {"reps": ["name"], "speed": ["duration"], "incline": ["duration"]},
        }
    )


def _block_rules() -> Schema:
    """A block, besides its keys' types: no step-only keys, and steps to repeat."""
    return _part(
        {
            "title": "Block",
            "properties": {k: False for k in STEP_FIELDS if k not in BLOCK_FIELDS},
            "required": [name for name, f in BLOCK_FIELDS.items() if f.required],
        }
    )


def _part(schema: Schema) -> Schema:
    """A schema that says one thing about a table, not which keys it may have.

    ``additionalProperties: true`` is what JSON Schema assumes anyway; tombi's strict
    mode assumes ``false`` and would warn about every key of the table.
    """
    return {**schema, "additionalProperties": True}


def _shared_description(name: str) -> str:
    """A key's description where it is not yet known whether the table is a step or a block."""
    step, block = STEP_FIELDS.get(name), BLOCK_FIELDS.get(name)
    if step and block:
        return f"Step: {step.description} Block: {block.description}"
    field = step or block
    assert field is not None
    return field.description


def schema_json() -> str:
    """What ``timer-tui schema`` prints and ``docs/session.schema.json`` holds."""
    return json.dumps(session_schema(), indent=2, ensure_ascii=False) + "\n"
