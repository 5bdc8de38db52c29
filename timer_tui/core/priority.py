"""Cue priorities, apart from ``cues`` so the audio process imports only this."""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """Higher cuts lower short; see ``timer_tui.audio.queue`` for the exact rules."""

    SPEECH = 10
    HALFWAY = 20
    BOUNDARY = 30  # a step starts, the session resumes or finishes
    COUNTDOWN = 40
