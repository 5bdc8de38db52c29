"""The countdown's cue player, typed: made for a session, prepared off the UI thread
before the session starts (speech takes a moment to render), muted with ``m`` and
closed with the screen.

Audio never stops the timer: a player that cannot be made or prepared is logged
and said once, and the session runs without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Protocol

from textual.widget import Widget

from timer_tui.core.engine import Event
from timer_tui.core.model import Session
from timer_tui.core.timeline import Timeline

_log = logging.getLogger(__name__)


class CuePlayer(Protocol):
    """What the countdown needs of ``timer_tui.audio.CueSubscriber``: an engine subscriber
    that can be prepared, muted and closed."""

    @property
    def muted(self) -> bool: ...

    def prepare(self) -> None: ...

    def toggle_mute(self) -> bool:
        """Returns whether it is muted now."""
        ...

    def close(self) -> None: ...

    def __call__(self, event: Event) -> None: ...


class AudioFactory(Protocol):
    """``timer_tui.audio.create_cue_subscriber``, or a stand-in with its signature."""

    def __call__(
        self,
        session: Session,
        timeline: Timeline,
        *,
        mute: bool,
        voice: bool,
        notify: Callable[[str], None],
        bell: Callable[[], None],
        flash: Callable[[], None],
    ) -> CuePlayer: ...


def default_audio() -> AudioFactory:
    """The audio feature's cue player factory, imported when the first player is made
    (after the countdown's first frame): a broken install's ImportError is then the
    factory's failure, which ``CueAudio.create`` turns into "Audio is off"."""
    return _create_cue_subscriber


def _create_cue_subscriber(
    session: Session,
    timeline: Timeline,
    *,
    mute: bool,
    voice: bool,
    notify: Callable[[str], None],
    bell: Callable[[], None],
    flash: Callable[[], None],
) -> CuePlayer:
    from timer_tui.audio import create_cue_subscriber

    return create_cue_subscriber(
        session, timeline, mute=mute, voice=voice, notify=notify, bell=bell, flash=flash
    )


class CueAudio:
    """A session's player (or none) and what the screen does with it.

    ``owner`` runs the preparing thread and gets the answers back on its own
    thread (``call_later`` posts a message: safe from any thread).
    """

    def __init__(self, owner: Widget, player: CuePlayer | None, *, mute: bool) -> None:
        self.owner = owner
        self.player = player
        self.unprepared = mute
        """Started muted: nothing is prepared until the first unmute."""

    @classmethod
    def create(
        cls,
        owner: Widget,
        factory: AudioFactory | None,
        session: Session,
        timeline: Timeline,
        *,
        mute: bool,
        voice: bool,
        notify: Callable[[str], None],
        flash: Callable[[], None],
    ) -> CueAudio:
        """The player for this session, or none (no audio, or it could not be made)."""
        player = None
        if factory is not None:
            try:
                player = factory(
                    session,
                    timeline,
                    mute=mute,
                    voice=voice,
                    notify=notify,
                    bell=owner.app.bell,
                    flash=flash,
                )
            except Exception:  # audio must never stop the timer
                _log.exception("could not create the cue player")
                notify("Audio is off: the cue player could not start.")
        return cls(owner, player, mute=mute)

    def prepare_then(self, then: Callable[[], None]) -> None:
        """Prepare the player in a thread, then call ``then`` on the UI thread."""
        self.owner.run_worker(
            partial(self._prepare, then), thread=True, exclusive=True, group="audio-prepare"
        )

    def _prepare(self, then: Callable[[], None]) -> None:
        assert self.player is not None
        try:
            self.player.prepare()
        except Exception:
            _log.exception("audio prepare failed")
        self.owner.call_later(then)

    def toggle_mute(self) -> None:
        """``m``: mute or unmute, and say which (or that there is no sound to mute)."""
        if self.player is None:
            self.owner.notify("No audio in this session: nothing to mute.", timeout=3)
        elif self.unprepared:  # started muted, so the player was never prepared: do it now
            self.unprepared = False
            self.prepare_then(self._toggle)
        else:
            self._toggle()

    def _toggle(self) -> None:
        assert self.player is not None
        muted = self.player.toggle_mute()
        self.owner.notify("Muted" if muted else "Sound on", timeout=2)

    def close(self) -> None:
        if self.player is None:
            return
        try:
            self.player.close()
        except Exception:
            _log.exception("closing the cue player failed")
