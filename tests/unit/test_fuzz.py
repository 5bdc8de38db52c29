"""Property-based fuzzing: any bytes through the loader, `show`, `--cues` and the engine.

Three sources of input, all written to a real file and loaded as `timer-tui` loads
one: session files built from the format's own vocabulary (keys, kinds, durations,
nested blocks, with wrong types, huge numbers and control characters mixed in),
mutations of the bundled sessions, and random bytes. For every input the loader
must return a result, never raise; a session that loads is expanded, turned into
`show`'s and `show --cues`' records, and run to its end on a fake clock.

`make test` runs about 2,200 inputs, each under 1 s of CPU time;
`make fuzz` sets TIMER_TUI_FUZZ_EXAMPLES=100000. TIMER_TUI_FUZZ_REPORT=1 prints
the figures (inputs, slowest input) at the end.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FakeClock
from timer_tui.cli.output import entry_record, step_record
from timer_tui.core.cues import plan_cues
from timer_tui.core.engine import Engine
from timer_tui.core.format_spec import BLOCK_FIELDS, CUES_FIELDS, PROGRAM_FIELDS, STEP_FIELDS
from timer_tui.core.kinds import Kind
from timer_tui.core.loader import LoadResult, load_session
from timer_tui.library.sessions import SessionEntry, Source

TOTAL = int(os.environ.get("TIMER_TUI_FUZZ_EXAMPLES", "2200"))
SHARES = {"vocabulary": 0.45, "mutations": 0.35, "random": 0.20}
BUNDLED = sorted((Path(__file__).resolve().parents[2] / "sessions").rglob("*.toml"))
WORKDIR = Path(tempfile.mkdtemp(prefix="timer-tui-fuzz-"))
STATS: dict[str, Any] = {"inputs": 0, "loaded": 0, "slowest": 0.0, "slowest_input": b""}


def fuzz_settings(share: str) -> settings:
    return settings(
        max_examples=max(1, round(TOTAL * SHARES[share])),
        # Each input's limit of 1 s is checked on this process's CPU time (through_everything):
        # Hypothesis' wall-clock deadline failed at random on a machine shared with other work.
        deadline=None,
        database=None,  # nothing written into the checkout
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the format's vocabulary -----------------------------------------------------------
HUGE = "9" * 5000
nasty_text = st.sampled_from(
    [
        "Run",
        "",
        " ",
        "-f/etc/passwd",
        "\x1b]0;pwned\x07",
        "\x1b]52;c;aGk=\x07",
        "\x9b31m",
        "a\nfake.toml:1:1: injected",
        "[/b] [link='x']y[/link]",
        "~nosuchuser/a.wav",
        "\x00",
        "\u202eevil",
        "x" * 3000,
        HUGE + "s",
        "1:30",
        "45s",
        "1h 5m",
        "0s",
        "1m1m",
        "99999999:00",
    ]
) | st.text(st.characters(exclude_categories=["Cs"]), max_size=30)  # TOML has no surrogates

numbers = st.sampled_from([0, 1, 3, 60, 86_400, 86_401, -1, 10_000, 2**63, -(2**70)]) | st.integers(
    -100, 100_000
)
"""2**63 and past are written as 5,000 digits (past Python's int limit): see toml_value."""
good_durations = st.sampled_from([1, 5, 30, 90, "45s", "1m30s", "2m", "1:30", "0:05", "1h"])
good_names = st.sampled_from(["Run", "Walk", "Squat", "Plank", "Hill sprints"])
good_speeds = st.sampled_from(
    ["9.5 km/h", "6 mph", "6:00/km", "9:40 min/mi", "95 km/h", "0:00/km", "9.5", 9.5]
)
durations = st.one_of(
    good_durations, good_durations, good_durations, numbers, nasty_text, st.floats(), st.booleans()
)
scalars = nasty_text | numbers | st.booleans() | st.floats(allow_nan=True, allow_infinity=True)
kinds = st.one_of(*[st.sampled_from([k.value for k in Kind])] * 4, nasty_text)


def value_for(key: str) -> st.SearchStrategy[Any]:
    if key in ("duration", "rest", "rest_between", "halfway_min"):
        return durations
    if key == "kind":
        return kinds
    if key in ("reps", "sets", "repeat", "week", "day", "order", "countdown"):
        small = st.integers(1, 5)
        return st.one_of(small, small, small, numbers, scalars)
    if key in ("per_side", "halfway", "voice"):
        return st.one_of(st.booleans(), st.booleans(), scalars)
    if key == "tags":
        return st.lists(nasty_text, max_size=3) | scalars
    if key in ("name", "note", "say", "description", "id"):
        return st.one_of(good_names, good_names, nasty_text, scalars)
    if key == "speed":
        return st.one_of(good_speeds, good_speeds, nasty_text, scalars)
    if key == "incline":
        return st.one_of(st.sampled_from([0, 1, 2.5, -3, "1%", "41%", 1e308]), scalars)
    return scalars | st.lists(scalars, max_size=2)


def table_of(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of ``keys`` (and now and then an unknown one), each with a value for its type."""
    rare = st.sampled_from(["nmae", "\x1bkey", "steps", "repeat"])
    chosen = st.lists(
        st.one_of(*[st.sampled_from(keys)] * 8, rare), max_size=min(4, len(keys)), unique=True
    )
    return chosen.flatmap(
        lambda names: st.fixed_dictionaries({name: value_for(name) for name in names})
    )


_extras = {
    "kind": st.sampled_from([k.value for k in Kind]),
    "note": nasty_text,
    "say": nasty_text,
    "sets": st.integers(1, 4),
    "rest": good_durations,
    "per_side": st.booleans(),
}
valid_steps = st.fixed_dictionaries(
    {"duration": good_durations}, optional={"name": nasty_text, **_extras}
) | st.fixed_dictionaries({"reps": st.integers(1, 20), "name": good_names}, optional=_extras)
"""Steps that load, with hostile names and notes: these go on to `show` and the engine."""

steps = st.recursive(
    st.one_of(valid_steps, valid_steps, valid_steps, table_of(list(STEP_FIELDS))),
    lambda inner: st.builds(
        lambda block, nested: {**block, "steps": nested},
        table_of([k for k in BLOCK_FIELDS if k != "steps"]),
        st.lists(inner, max_size=3),
    ),
    max_leaves=12,
)

sessions = st.fixed_dictionaries(
    {"name": value_for("name"), "steps": st.lists(steps, min_size=1, max_size=5)},
    optional={
        "description": nasty_text,
        "tags": value_for("tags"),
        "program": table_of(list(PROGRAM_FIELDS)),
        "cues": table_of([k for k in CUES_FIELDS if k != "sounds"]),
        "bogus": scalars,
    },
)


valid_blocks = st.recursive(
    valid_steps,
    lambda inner: st.fixed_dictionaries(
        {"repeat": st.integers(1, 4), "steps": st.lists(inner, min_size=1, max_size=3)},
        optional={"name": nasty_text.filter(str.strip), "rest_between": good_durations},
    ),
    max_leaves=10,
)
loading_sessions = st.fixed_dictionaries(
    {
        "name": nasty_text.filter(lambda t: bool(t.strip()) and len(t) < 2000),
        "steps": st.lists(valid_blocks, min_size=1, max_size=4),
    },
    optional={
        "cues": st.fixed_dictionaries(
            {},
            optional={
                "countdown": st.integers(0, 10),
                "halfway": st.booleans(),
                "halfway_min": good_durations,
                "voice": st.booleans(),
            },
        ),
        "program": st.fixed_dictionaries({"id": good_names}, optional={"order": st.integers(1, 9)}),
    },
)
"""Sessions that mostly load (hostile names, notes and words included): the engine's share."""


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """TOML for one value, written out by hand (a TOML writer would refuse the huge numbers)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value.bit_length() < 60 else HUGE  # past Python's digit limit
    if isinstance(value, float):
        return (
            "nan"
            if value != value
            else ("inf" if value > 0 else "-inf")
            if abs(value) == float("inf")
            else repr(value)
        )
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    items = ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
    return "{" + items + "}"


def toml_document(session: dict[str, Any]) -> bytes:
    lines = [f"{toml_string(k)} = {toml_value(v)}" for k, v in session.items() if k != "steps"]
    for step in session["steps"]:
        lines.append("[[steps]]")
        lines.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in step.items())
    return "\n".join(lines).encode("utf-8")


# -- mutations of the bundled files --------------------------------------------------
SNIPPETS = [
    b"[[steps]]\n",
    b"repeat = ",
    b"duration = ",
    HUGE.encode(),
    b"\x00",
    b"\x1b",
    b"[",
    b"{",
    b'"',
    b"\n",
    b"=",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(BUNDLED)).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["delete", "insert", "snippet", "duplicate", "flip"]))
        if op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "snippet":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif op == "duplicate":
            data[at:at] = data[max(0, at - 60) : at]
        elif data and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


# -- one input, all the way through ---------------------------------------------------
def run_to_the_end(entry: SessionEntry) -> None:
    timeline = entry.timeline()
    clock = FakeClock()
    engine = Engine(timeline, clock=clock)
    engine.start()
    for _ in range(3 * len(timeline) + 10):
        if engine.status.is_over:
            return
        step = engine.step
        if step.seconds is None:
            engine.done()
        else:
            clock.advance(step.seconds)
            engine.poll()
    raise AssertionError("the engine did not reach the end")


def through_everything(data: bytes) -> LoadResult:
    """One input, timed without the garbage collector: after tens of thousands of inputs
    Hypothesis' own heap made one collection cost 1.4 s of a 110-step session's time."""
    gc.disable()
    try:
        return _through_everything(data)
    finally:
        gc.enable()


def _through_everything(data: bytes) -> LoadResult:
    started, wall = time.process_time(), time.monotonic()
    path = WORKDIR / "fuzz.toml"
    path.write_bytes(data)
    result = load_session(path)
    assert result.ok or result.errors, "a result is a session or at least one error"
    for error in result.errors:
        line = error.format()
        assert not any(unicodedata.category(c) == "Cc" for c in line), line
    if result.ok:
        assert result.session is not None
        entry = SessionEntry("fuzz", path, Source.USER, result)
        record = entry_record(entry)
        record["steps"] = [step_record(s) for s in entry.timeline().steps]
        json.dumps(record)
        plan = plan_cues(entry.timeline(), result.session.cues)
        for planned in plan:
            planned.cue.describe()
        run_to_the_end(entry)
        STATS["loaded"] += 1
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s of CPU for one input"
    assert time.monotonic() - wall < 10, "waited on something (a hang, not work)"
    STATS["inputs"] += 1
    if elapsed > STATS["slowest"]:
        STATS["slowest"], STATS["slowest_input"] = elapsed, data[:200]
    return result


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    if os.environ.get("TIMER_TUI_FUZZ_REPORT"):
        print(
            f"\nfuzz: {STATS['inputs']} inputs, {STATS['loaded']} loaded and run (any exception "
            f"would have failed the test), slowest {STATS['slowest'] * 1000:.1f} ms of CPU: {STATS['slowest_input'][:80]!r}"
        )


@fuzz_settings("vocabulary")
@given(sessions | loading_sessions)
def test_sessions_built_from_the_vocabulary(session: dict[str, Any]) -> None:
    through_everything(toml_document(session))


@fuzz_settings("mutations")
@given(mutated())
def test_mutations_of_the_bundled_sessions(data: bytes) -> None:
    through_everything(data)


@fuzz_settings("random")
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    through_everything(data)


def test_some_vocabulary_sessions_load_and_run() -> None:
    """The generator is not only noise: a plain session from it loads and runs."""
    document = toml_document(
        {"name": "Run", "steps": [{"duration": 60}, {"reps": 3, "name": "Squat"}]}
    )
    assert through_everything(document).ok
