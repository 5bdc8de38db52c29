"""The table of kinds is complete: a new kind cannot ship without its word, colour,
log category and tone."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from timer_tui.core.cues import BUNDLED_TONES
from timer_tui.core.kinds import KINDS, Category, Kind
from timer_tui.library.paths import bundled_sounds_dir


def test_every_kind_has_a_row() -> None:
    assert set(KINDS) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_every_row_has_every_entry(kind: Kind) -> None:
    info = KINDS[kind]
    for entry in fields(info):
        if entry.name != "category":  # None is a real answer there: not training time
            assert getattr(info, entry.name), f"{kind.value} has no {entry.name}"
    assert re.fullmatch(r"#[0-9A-F]{6}", info.colour)
    assert info.category is None or isinstance(info.category, Category)


@pytest.mark.parametrize("kind", list(Kind))
def test_every_start_tone_is_a_bundled_sound(kind: Kind) -> None:
    assert (bundled_sounds_dir() / f"{kind.start_tone}.wav").is_file()
    assert kind.start_tone in BUNDLED_TONES


def test_the_enum_reads_its_row() -> None:
    assert Kind.WARMUP.label == "Warm-up"
    assert Kind.COOLDOWN.label == "Cool-down"
    assert Kind.RUN.colour == "#D55E00"
    assert Kind.RUN.start_tone == "start-run"
    assert Kind.WALK.category is Category.WALKING


def test_rest_alone_is_not_training_time() -> None:
    assert [k for k in Kind if not k.is_active] == [Kind.REST]
    assert Kind.REST.category is None


def test_log_categories_are_unchanged() -> None:
    assert {k: k.category for k in Kind} == {
        Kind.RUN: Category.RUNNING,
        Kind.WALK: Category.WALKING,
        Kind.EXERCISE: Category.STRENGTH,
        Kind.WORK: Category.STRENGTH,
        Kind.WARMUP: Category.OTHER,
        Kind.COOLDOWN: Category.OTHER,
        Kind.STRETCH: Category.OTHER,
        Kind.REST: None,
    }
