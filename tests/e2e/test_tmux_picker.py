"""The picker in a real terminal (issue 12, item 2): words typed at full speed
only filter. tmux's send-keys writes a whole word to the pty at once, faster than
any typist, which is how ``lower`` became ``lowr`` and ``hello`` opened History."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.conftest import Tmux, app_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
    ),
]


def top_line(screen: str) -> str:
    return screen.splitlines()[0]


def test_words_typed_at_full_speed_filter_and_nothing_else(tmux: Tmux) -> None:
    tmux.start(app_command())
    tmux.wait_for(lambda s: "Couch to 5K" in s and "Quit" in s)
    for word in ["hello", "emom", "hips", "lower"]:
        tmux.keys("-l", word)  # literally, in one write
        screen = tmux.wait_for(lambda s, w=word: w in top_line(s))  # type: ignore[misc]
        assert "History" not in top_line(screen) and "Quit?" not in screen
        assert top_line(screen).split()[-1] == word, top_line(screen)
        if word == "hello":
            assert "No session matches “hello”" in screen
        if word == "emom":
            assert "EMOM" in screen  # the bundled preset is found
        tmux.keys("Escape")
        tmux.wait_for(lambda s: "type to filter" in top_line(s))
    tmux.keys("C-l")  # the history is on ctrl+l, shown in the footer
    assert "History" in tmux.wait_for(lambda s: "Past sessions" in s or "History" in top_line(s))
