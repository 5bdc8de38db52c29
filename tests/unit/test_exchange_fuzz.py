"""Whatever a ZWO or text file holds, the readers answer with a workout or located errors.

Never an exception, and whatever they accept makes a session file that loads
(what `import` checks before writing). Inputs are built from the pieces of each
format, so most of them get past the first line and reach the step rules.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timer_tui.core.exchange.toml_out import Imported, session_toml
from timer_tui.core.exchange.workout_text_read import read_workout_text
from timer_tui.core.exchange.zwo_read import read_zwo
from timer_tui.core.loader import LoadError, parse_session

WORDS = st.sampled_from(
    [
        "-",
        "- ",
        "8x",
        "Main set 3x",
        "5m",
        "90s",
        "1m30",
        "1h",
        "0s",
        "99999m",
        "10",
        "reps",
        "run",
        "walk",
        "warmup",
        "score",
        "press",
        "lap",
        "6:00/km",
        "Pace",
        "incline",
        "2%",
        "Z2",
        "60%",
        "5km",
        "\x1b",
        "\u009b",
        "é",
        "Push-up",
        "x",
        "\t",
        "1000x",
        "",
        "-5m",
    ]
)
LINE = st.lists(WORDS, max_size=8).map(" ".join)
TEXT = st.lists(LINE, max_size=12).map("\n".join)

ATTRS = st.sampled_from(
    [
        'Duration="60"',
        'Duration="0"',
        'Duration="1e400"',
        'Duration="x"',
        'Power="0.8"',
        'Power="-1"',
        'Repeat="3"',
        'Repeat="1001"',
        'OnDuration="30"',
        'OffDuration="30"',
        'OnPower="nan"',
        'PowerLow="0.5"',
        'PowerHigh="0.7"',
        "",
    ]
)
TAGS = st.sampled_from(
    [
        "SteadyState",
        "Warmup",
        "Cooldown",
        "IntervalsT",
        "Ramp",
        "FreeRide",
        "MaxEffort",
        "Foo",
        "textevent",
    ]
)
ELEMENT = st.builds(
    lambda tag, attrs, message: (
        f'<{tag} {" ".join(attrs)}><textevent timeoffset="0" message="{message}"/></{tag}>'
    ),
    TAGS,
    st.lists(ATTRS, max_size=4),
    st.sampled_from(
        ["Run", "Run · 9.5 km/h", "Walk · incline 2%", "", "a · b", "&amp;", "x" * 3000]
    ),
)
ZWO = st.builds(
    lambda name, elements, sport: (
        f"<workout_file><name>{name}</name><sportType>{sport}</sportType>"
        f"<workout>{''.join(elements)}</workout></workout_file>"
    ),
    st.sampled_from(["W", "", "&lt;x&gt;", "é"]),
    st.lists(ELEMENT, max_size=6),
    st.sampled_from(["run", "bike", ""]),
)


def check(found: Imported | list[LoadError]) -> None:
    if isinstance(found, list):
        assert found, "an error list is never empty"
        return
    loaded = parse_session(session_toml(found, "fuzz"), Path("fuzz.toml"))
    assert loaded.ok, [e.format() for e in loaded.errors]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_text_reader_never_raises(text: str) -> None:
    check(read_workout_text(text, Path("fuzz.txt"), "Fuzz"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ZWO)
def test_zwo_reader_never_raises(document: str) -> None:
    check(read_zwo(document.encode("utf-8"), Path("fuzz.zwo"), "Fuzz"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_zwo_reader_takes_any_bytes(data: bytes) -> None:
    check(read_zwo(data, Path("fuzz.zwo"), "Fuzz"))
