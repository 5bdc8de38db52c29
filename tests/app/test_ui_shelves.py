"""Programs that share a folder (the four seasons) share one heading in the picker."""

from __future__ import annotations

from pathlib import Path

from timer_tui.core.loader import LoadResult
from timer_tui.library.sessions import ProgramGroup, SessionEntry, Source
from timer_tui.log.views import Progress
from timer_tui.ui.screens.picker_rows import shelf_label, shelves


def group(name: str, *ids: str) -> ProgramGroup:
    entries = tuple(
        SessionEntry(i, Path(f"{i}.toml"), Source.BUNDLED, LoadResult(None, ())) for i in ids
    )
    return ProgramGroup(name.lower(), name, entries)


def test_programs_in_one_folder_share_a_shelf_in_their_order() -> None:
    c25k = group("Couch to 5K", "c25k/w1", "c25k/w2")
    off = group("Off-season", "seasons/off-season/d1")
    pre = group("Pre-season", "seasons/pre-season/d1")
    presets = group("Presets", "presets/tabata")
    result = shelves([c25k, off, presets, pre])
    assert [(s.name, [g.name for g in s.groups]) for s in result] == [
        (None, ["Couch to 5K"]),
        ("Seasons", ["Off-season", "Pre-season"]),
        (None, ["Presets"]),
    ]


def test_a_folder_with_one_program_and_loose_files_stand_alone() -> None:
    mine = group("Your sessions", "lunch-run", "tempo")
    strength = group("Strength", "strength/core")
    assert [s.name for s in shelves([mine, strength])] == [None, None]


def test_a_shelf_label_names_its_programs_and_counts_done() -> None:
    off = group("Off-season", "seasons/off-season/d1")
    pre = group("Pre-season", "seasons/pre-season/d1")
    (shelf,) = shelves([off, pre])
    label = shelf_label(shelf, Progress(done=frozenset({"seasons/pre-season/d1"})))
    assert label.plain == "Seasons   2 programs: Off-season · Pre-season · 1 done"


def test_a_shelf_label_under_a_filter_counts_the_programs_shown() -> None:
    off = group("Off-season", "seasons/off-season/d1")
    pre = group("Pre-season", "seasons/pre-season/d1")
    (shelf,) = shelves([off, pre])
    label = shelf_label(shelf, Progress(), [pre])
    assert label.plain == "Seasons   1 of 2 programs: Pre-season"
