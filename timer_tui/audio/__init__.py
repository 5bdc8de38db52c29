"""Audio cues: tones and words for engine events, played so the timer never waits.

The app and the plain runner use only ``create_cue_subscriber``; see ``player.py``.
Like the rest of the core, nothing here imports textual or rich.
"""

from __future__ import annotations

from timer_tui.audio.player import CueSubscriber, create_cue_subscriber

__all__ = ["CueSubscriber", "create_cue_subscriber"]
