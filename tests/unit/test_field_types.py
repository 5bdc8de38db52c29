"""Every field type carries both its check and its schema, and the two agree."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from timer_tui.core.field_types import RULES, Field, FieldType, Invalid

SAMPLES: dict[FieldType, tuple[object, object]] = {
    # type: (a value both accept, a value both refuse)
    FieldType.STRING: ("Run", "  "),
    FieldType.INTEGER: (5, 0),
    FieldType.BOOLEAN: (True, "yes"),
    FieldType.DURATION: ("1m30s", "0s"),
    FieldType.STRING_LIST: (["a", "b"], ["a", 1]),
    FieldType.KIND: ("run", "jog"),
    FieldType.STEPS: ([{"duration": 5}], []),
    FieldType.SOUNDS: ({}, []),
    FieldType.SPEED: ("9.5 km/h", "9.5"),
    FieldType.INCLINE: ("1%", "1"),
}


def test_every_field_type_has_a_rule() -> None:
    assert set(RULES) == set(FieldType)


@pytest.mark.parametrize("kind", list(SAMPLES), ids=lambda k: k.name)
def test_check_and_schema_agree(kind: FieldType) -> None:
    field = Field("x", kind, "", minimum=1, maximum=10)
    schema = {"definitions": {"step_or_block": {}}, **kind.rule.schema(field)}
    good, bad = SAMPLES[kind]
    assert not isinstance(kind.rule.check(good, field, Path()), Invalid)
    assert isinstance(kind.rule.check(bad, field, Path()), Invalid)
    assert jsonschema.Draft7Validator(schema).is_valid(good)
    assert not jsonschema.Draft7Validator(schema).is_valid(bad)


def test_a_missing_wav_is_refused_with_its_full_path(tmp_path: Path) -> None:
    field = Field("sound", FieldType.PATH, "")
    checked = FieldType.PATH.rule.check("beep.wav", field, tmp_path)
    assert isinstance(checked, Invalid)
    assert checked.message == (
        f'no WAV file at "{tmp_path / "beep.wav"}" (paths are relative to the session file)'
    )
