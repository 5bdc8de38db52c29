from __future__ import annotations

from timer_tui.core.toml_positions import key_positions, locate

DOC = """\
name = "x"   # a comment with = and [brackets]
description = '''
multi [[steps]]
line'''

[program]
id = "c25k"

[[steps]]
kind = "run"
duration = 60

[[steps]]
repeat = 2
steps = [
  { kind = "run", duration = 60 },
  { kind = "walk",
    duration = "1:30" },
]

[cues.sounds]
run = "a.wav"
"""


def test_positions_of_keys_tables_and_inline_elements() -> None:
    pos = key_positions(DOC)
    assert pos[("name",)] == (1, 1)
    assert pos[("description",)] == (2, 1)
    assert pos[("program", "id")] == (7, 1)
    assert pos[("steps", 0)] == (9, 1)
    assert pos[("steps", 0, "duration")] == (11, 1)
    assert pos[("steps", 1, "repeat")] == (14, 1)
    assert pos[("steps", 1, "steps", 0)] == (16, 3)
    assert pos[("steps", 1, "steps", 0, "duration")] == (16, 19)
    assert pos[("steps", 1, "steps", 1, "duration")] == (18, 5)
    assert pos[("cues", "sounds", "run")] == (22, 1)


def test_locate_falls_back_to_the_nearest_ancestor() -> None:
    pos = key_positions(DOC)
    assert locate(pos, ("steps", 1, "steps", 0, "missing")) == (16, 3)
    assert locate(pos, ("nothing",)) is None


def test_nested_array_of_tables_headers() -> None:
    doc = "[[a]]\nx = 1\n[[a]]\nx = 2\n[[a.b]]\ny = 3\n"
    pos = key_positions(doc)
    assert pos[("a", 1, "x")] == (4, 1)
    assert pos[("a", 1, "b", 0, "y")] == (6, 1)
