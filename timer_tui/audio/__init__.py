"""Audio cues: tones and words for engine events, played so the timer never waits.

The app and the plain runner use only ``create_cue_subscriber``; see ``player.py``.
Like the rest of the core, nothing here imports textual or rich.

The player is imported on first use, so the audio process (``python -m
timer_tui.audio.worker``), which never uses it, starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timer_tui.audio.player import CueSubscriber, create_cue_subscriber

__all__ = ["CueSubscriber", "create_cue_subscriber"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from timer_tui.audio import player

        return getattr(player, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
