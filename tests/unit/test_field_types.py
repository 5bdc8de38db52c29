"""Every field type carries both its check and its schema, and the two agree."""

from __future__ import annotations

import struct
import wave
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
    FieldType.IDENTIFIER: ("c25k", "../c25k"),
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


def odd_wav(path: Path, *, channels: int = 1, rate: int = 22050) -> Path:
    """A WAV whose header says what Python's wave module will not write: it checks on
    writing, not on reading."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(bytes(200))
    data = bytearray(path.read_bytes())
    data[22:24] = struct.pack("<H", channels)
    data[24:28] = struct.pack("<I", rate)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("channels", "rate", "said"),
    [
        (1, 0, "a sample rate of 0 Hz"),
        (1, 1_000_000, "a sample rate of 1,000,000 Hz"),
        (1, 100, "a sample rate of 100 Hz"),
        (3, 22050, "3 channels"),
    ],
)
def test_a_wav_that_cannot_be_played_is_refused(
    tmp_path: Path, channels: int, rate: int, said: str
) -> None:
    wav = odd_wav(tmp_path / "odd.wav", channels=channels, rate=rate)
    checked = FieldType.PATH.rule.check("odd.wav", Field("sound", FieldType.PATH, ""), tmp_path)
    assert isinstance(checked, Invalid)
    assert checked.message == (
        f'"{wav}" cannot be played: {said} (a sound is mono or stereo, '
        "8,000 to 192,000 Hz, 8 to 32 bits)"
    )


def test_a_wav_at_the_bounds_is_accepted(tmp_path: Path) -> None:
    field = Field("sound", FieldType.PATH, "")
    for channels, rate in ((1, 8000), (2, 192_000)):
        odd_wav(tmp_path / "ok.wav", channels=channels, rate=rate)
        assert FieldType.PATH.rule.check("ok.wav", field, tmp_path) == tmp_path / "ok.wav"
