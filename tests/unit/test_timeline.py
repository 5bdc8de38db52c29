from __future__ import annotations

from timer_tui.core.loader import parse_session
from timer_tui.core.model import Kind, Session, Side
from timer_tui.core.timeline import Timeline, expand


def session(body: str) -> Session:
    result = parse_session('name = "t"\n' + body)
    assert result.session is not None, [e.format() for e in result.errors]
    return result.session


def shape(timeline: Timeline) -> list[tuple[str, int | None, str]]:
    return [(s.kind.value, s.seconds or s.reps, s.label) for s in timeline.steps]


def test_block_repeats_with_round_labels() -> None:
    tl = expand(
        session(
            '[[steps]]\nrepeat = 2\nsteps = [{kind="run", duration=60}, {kind="walk", duration=90}]\n'
        )
    )
    assert shape(tl) == [
        ("run", 60, "Round 1/2"),
        ("walk", 90, "Round 1/2"),
        ("run", 60, "Round 2/2"),
        ("walk", 90, "Round 2/2"),
    ]
    assert tl.total_seconds == 300
    assert [s.index for s in tl.steps] == [0, 1, 2, 3]


def test_rest_between_rounds_not_after_the_last() -> None:
    tl = expand(
        session('[[steps]]\nrepeat = 3\nrest_between = 30\nsteps = [{kind="work", duration=20}]\n')
    )
    assert [s.kind for s in tl.steps] == [Kind.WORK, Kind.REST, Kind.WORK, Kind.REST, Kind.WORK]
    assert tl.total_seconds == 60 + 60


def test_sets_with_rest_between_and_sides() -> None:
    tl = expand(
        session(
            '[[steps]]\nname = "Calf raise"\nreps = 15\nsets = 2\nrest = "45s"\nper_side = true\n'
        )
    )
    assert shape(tl) == [
        ("exercise", 15, "Set 1/2, left"),
        ("exercise", 15, "Set 1/2, right"),
        ("rest", 45, ""),
        ("exercise", 15, "Set 2/2, left"),
        ("exercise", 15, "Set 2/2, right"),
    ]
    assert tl.steps[1].side is Side.RIGHT and tl.rep_steps == 4
    assert tl.total_seconds == 45


def test_single_set_with_rest_rests_after() -> None:
    tl = expand(session('[[steps]]\nname = "Pull-up"\nreps = 5\nrest = "2m"\n'))
    assert shape(tl) == [("exercise", 5, ""), ("rest", 120, "")]


def test_single_set_per_side_is_labelled_by_side() -> None:
    tl = expand(session('[[steps]]\nname = "Side plank"\nduration = 30\nper_side = true\n'))
    assert shape(tl) == [("exercise", 30, "Left"), ("exercise", 30, "Right")]


def test_nested_blocks_carry_both_counters() -> None:
    tl = expand(
        session(
            '[[steps]]\nrepeat = 2\nname = "Circuit"\nsteps = [{repeat = 2, steps = [{kind="work", duration=5}]}]\n'
        )
    )
    assert [s.label for s in tl.steps] == [
        "Circuit Round 1/2 · Round 1/2",
        "Circuit Round 1/2 · Round 2/2",
        "Circuit Round 2/2 · Round 1/2",
        "Circuit Round 2/2 · Round 2/2",
    ]


def test_expansion_is_pure() -> None:
    s = session('[[steps]]\nrepeat = 2\nsteps = [{kind="run", duration=60}]\n')
    assert expand(s) == expand(s)


def test_amount_text() -> None:
    tl = expand(
        session('[[steps]]\nkind = "run"\nduration = 90\n[[steps]]\nname = "Squat"\nreps = 12\n')
    )
    assert [s.amount for s in tl.steps] == ["1:30", "12 reps"]


def test_one_rep_is_singular() -> None:
    tl = expand(session('[[steps]]\nname = "Rounds completed"\nreps = 1\n'))
    assert tl.steps[0].amount == "1 rep"
