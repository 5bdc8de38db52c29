"""The loader's errors, lines and columns are the same whether the keys' positions are
found all at once (``scan_positions``) or only when an error asks for one
(``key_positions``, the fast path ``check`` takes): over the bundled sessions, each
broken on purpose, and over a large file broken at every tenth step."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from timer_tui.core import loader
from timer_tui.core.loader import LoadResult, parse_session
from timer_tui.core.toml_positions import scan_positions

BUNDLED = sorted((Path(__file__).resolve().parents[2] / "sessions").rglob("*.toml"))
BROKEN_LINES = [
    'duration = "abc"',
    'kind = "nope"',
    "bogus = 1",
    "reps = 5",
    "steps = []",
    "repeat = 0",
    "[[steps]]",
    "[[steps.steps]]",
    "name = 5",
    "rest_between = -1",
    'speed = "fast"',
    "[cues]\ncountdown = true",
    "[program]\nweek = 1",
    'steps = [ { kind = "run" }, { duratoin = 5 } ]',
    "  sets = 0   # indented, with a comment",
    "per_side = 1",
    '"quoted" = 1',
    "x.y = 2",
]


def both_ways(text: str) -> tuple[LoadResult, LoadResult]:
    fast = parse_session(text, Path("s.toml"))
    with mock.patch.object(loader, "key_positions", scan_positions):
        full = parse_session(text, Path("s.toml"))
    return fast, full


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.sampled_from(BUNDLED),
    st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(BROKEN_LINES), st.booleans()), max_size=4
    ),
)
def test_broken_bundled_sessions_give_the_same_errors(
    path: Path, edits: list[tuple[int, str, bool]]
) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for at, line, replace in edits:
        at %= len(lines)
        lines[at : at + 1] = [line] if replace else [line, lines[at]]
    fast, full = both_ways("\n".join(lines))
    assert fast == full


def test_a_large_file_broken_at_every_tenth_step_gives_the_same_errors() -> None:
    steps = [
        f'[[steps]]\nkind = "run"\nduration = {"-1" if n % 10 == 3 else 60}\n'
        + ("bogus = 2\n" if n % 10 == 7 else "")
        for n in range(2000)
    ]
    fast, full = both_ways('name = "big"\n' + "".join(steps))
    assert fast == full
    assert len(fast.errors) == 400
    assert fast.errors[0].format() == "s.toml:13:1: steps[4].duration: " + (fast.errors[0].message)


def test_valid_sessions_load_the_same() -> None:
    for path in BUNDLED:
        fast, full = both_ways(path.read_text(encoding="utf-8"))
        assert fast == full
        assert fast.ok, path
