"""A session entry expands its timeline once: the picker asks on every keystroke."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import timer_tui.library.sessions as sessions
from timer_tui.core.loader import parse_session
from timer_tui.core.model import Session
from timer_tui.core.timeline import Timeline, expand
from timer_tui.library.sessions import SessionEntry, Source

TEXT = (
    'name = "t"\n[[steps]]\nkind = "run"\nduration = 60\n[[steps]]\nkind = "walk"\nduration = 30\n'
)


def entry(text: str = TEXT) -> SessionEntry:
    return SessionEntry("t", Path("t.toml"), Source.USER, parse_session(text))


def test_the_timeline_is_expanded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Session] = []

    def counting(session: Session) -> Timeline:
        calls.append(session)
        return expand(session)

    monkeypatch.setattr(sessions, "expand", counting)
    e = entry()
    first = e.timeline()
    assert e.timeline() is first and len(calls) == 1
    assert [s.seconds for s in first.steps] == [60, 30]


def test_the_cache_does_not_change_equality_or_the_repr() -> None:
    a, b = entry(), entry()
    a.timeline()
    assert a == b
    assert "_timeline" not in repr(a)
    assert dataclasses.replace(a, id="u").timeline() == a.timeline()


def test_a_broken_file_still_raises_each_time() -> None:
    broken = entry('name = "t"\n')
    for _ in range(2):
        with pytest.raises(ValueError, match="does not load"):
            broken.timeline()
