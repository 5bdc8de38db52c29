from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from timer_tui.core.toml_positions import key_positions, locate, scan_positions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

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


# -- the plain-lines fast path equals the statement-by-statement scan -------------------
# ``key_positions`` reads runs of plain lines with one regex and places the keys under a
# header only when one is asked for; ``scan_positions`` reads every statement in turn.
# Every position, asked for in any order, must be the same.
REPO = Path(__file__).resolve().parents[2]

_bare_key = st.sampled_from(["kind", "duration", "a", "b-c", "x_1", "7"])
_key = st.one_of(
    _bare_key,
    st.sampled_from(['"quoted key"', "'lit'", "a . b", "p.q", '"a.b".c', "sounds.run"]),
)
_value = st.sampled_from(
    [
        "60",
        "-1_000",
        "1.5e3",
        "true",
        "inf",
        "1979-05-27T07:32:00Z",
        "1979-05-27 07:32:00",
        "07:32:00",
        '"run"',
        '""',
        '"a # not a comment"',
        '"with \\" escape"',
        "'literal \\ '",
        "''",
        '"""\n[[steps]]\nx = 1\n"""',
        "'''\nmulti = [[steps]] '''",
        '""""quoted"""""',
        "[1, 2]",
        "[]",
        '[\n  { kind = "run", duration = 60 },\n  { kind = "walk",\n    duration = "1:30" },\n]',
        "{ a = 1, b = { c = 2 } }",
        "{}",
        "[[1], [2, [3]]]",
        '[ "a", # comment\n  "b" ]',
    ]
)
_header = st.sampled_from(
    [
        "[[steps]]",
        "[[ steps ]]",
        "[[steps.steps]]",
        '[["steps"]]',
        "[program]",
        "[ cues . sounds ]",
        "[cues]",
        "[[a]]",
        "[[a.b]]",
        "[t]",
        "[t.u]",
    ]
)


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    """Lines of TOML from plain and not-so-plain pieces; keys made unique by a number, so
    that most documents are ones tomllib accepts (the scanner only sees those)."""
    lines: list[str] = []
    for n in range(draw(st.integers(1, 14))):
        shape = draw(st.sampled_from(["kv", "kv", "kv", "header", "comment", "blank"]))
        indent = draw(st.sampled_from(["", "", "  ", "\t"]))
        trailing = draw(st.sampled_from(["", "", "  ", " # note = [x]", "#c"]))
        if shape == "header":
            lines.append(indent + draw(_header) + trailing)
        elif shape == "kv":
            key = draw(_key)
            key = f"{key}{n}" if key[-1] not in "\"'" else f'"k{n}" . {key}'
            space = draw(st.sampled_from([" = ", "=", "  =\t"]))
            lines.append(indent + key + space + draw(_value) + trailing)
        elif shape == "comment":
            lines.append(indent + draw(st.sampled_from(["# [[steps]]", "#", "# a = 1"])))
        else:
            lines.append(indent)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


def _accepted(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def assert_same_positions(text: str, order: list[int]) -> None:
    reference = scan_positions(text)
    paths = list(reference)
    lazy = key_positions(text)
    # Asked for one at a time, in the drawn order (each question places some keys)...
    for i in order:
        path = paths[i % len(paths)] if paths else ()
        assert lazy.get(path) == reference.get(path), (path, text)
        assert locate(lazy, (*path, "missing")) == locate(reference, (*path, "missing"))
    # ...and then all of them.
    assert dict(lazy) == reference, text


@settings(max_examples=600, deadline=None, database=None)
@given(toml_documents(), st.lists(st.integers(0, 200), max_size=8))
def test_fast_positions_equal_the_full_scan(text: str, order: list[int]) -> None:
    assume(_accepted(text))
    assert_same_positions(text, order)


def test_fast_positions_equal_the_full_scan_on_the_repos_toml_files() -> None:
    files = [
        p
        for p in REPO.rglob("*.toml")
        if not {".venv", ".git", "node_modules"} & set(p.relative_to(REPO).parts)
    ]
    assert len(files) > 50  # the bundled sessions at least
    for path in files:
        text = path.read_text(encoding="utf-8")
        if _accepted(text):
            assert_same_positions(text, list(range(0, 400, 7)))


def test_a_steps_position_needs_no_keys_placed() -> None:
    """``check`` of a valid file asks for each step's line only: the keys under the
    headers stay unplaced (that is the time saved), and are found once asked for."""
    text = "".join(f'[[steps]]\nkind = "run"\nduration = {n}\n' for n in range(3))
    lazy = key_positions(text)
    assert [lazy[("steps", n)] for n in range(3)] == [(1, 1), (4, 1), (7, 1)]
    assert ("steps", 2, "duration") not in lazy._scanner.positions
    assert lazy[("steps", 2, "duration")] == (9, 1)


@pytest.mark.parametrize(
    "text",
    [
        "[[steps]]\nduration = 1\n[[steps]]\nduration = 2\n",  # a header at the very start
        "  [[steps]]\r\n  duration = 1\r\n\t[[steps]]\r\nduration = 2",  # indented, CRLF
        "\n\n[a]\nb = 1\n[[a.c]]\nd = 2\n",  # blank lines first, a dotted header
        'x = """\n[[steps]]\n"""\n[[steps]]\nduration = 1\n',  # a header inside a string
    ],
)
def test_headers_where_the_run_starts(text: str) -> None:
    """Headers are searched from the newline before them, the file's first line apart."""
    assert_same_positions(text, list(range(12)))


def test_a_long_run_of_spaces_before_a_statement_that_is_not_plain() -> None:
    """The plain-lines regex must fail in linear time, not try every split of the spaces."""
    text = " " * 200_000 + '"quoted" = 1\n'
    assert key_positions(text)[("quoted",)] == (1, 200_001)
