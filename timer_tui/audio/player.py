"""The cue subscriber: engine events in, sounds out, and the timer never waits for it.

``prepare()`` does everything slow before the session starts: it renders every
sentence the session can say, starts the audio process, loads every clip into
it and opens the device once. After that, handling an event is a lookup and
one short write to a pipe.

Whatever goes wrong (no backend, no device, the audio process crashing in
native code) the session goes on with the terminal bell and a visual flash,
and the user is told once, through ``notify``, why and how to turn sound on.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timer_tui.audio import speech
from timer_tui.audio.backends import (
    Backend,
    BellBackend,
    NullBackend,
    StartResult,
    WorkerBackend,
    terminal_bell,
)
from timer_tui.audio.hints import hint_for, speech_hint
from timer_tui.core.coach import Coach
from timer_tui.core.cues import Cue, CueKind, cues_for, distinct_cues
from timer_tui.core.engine import Event, EventKind
from timer_tui.core.model import Session
from timer_tui.core.timeline import Timeline
from timer_tui.library import paths

STALE_SECONDS = 0.5
"""An event this late is not played: a burst of catch-up events must not all sound."""

Notify = Callable[[str], None]


def configured_backend() -> str:
    """The config's ``[audio] backend``; its mistakes are reported where the config is read."""
    from timer_tui.library.config import load_config

    return load_config().audio_backend


def speech_cache_dir() -> Path:
    return paths.cache_dir() / "speech"


class CueSubscriber:
    """Subscribe an instance to the engine; call ``prepare()`` first and ``close()`` after."""

    def __init__(
        self,
        session: Session,
        timeline: Timeline,
        *,
        mute: bool = False,
        voice: bool = True,
        notify: Notify,
        bell: Callable[[], None] = terminal_bell,
        flash: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        backend: Backend | None = None,
        python: str | None = None,
        on_report: Callable[[dict[str, Any]], None] | None = None,
        choice: str | None = None,
    ) -> None:
        self.session = session
        self.timeline = timeline
        self.settings = session.cues
        self.coach = Coach(timeline, self.settings)
        """The run's words, worked out once: each event's are a lookup."""
        self.voice = voice
        self._muted = mute
        self._notify = notify
        self._bell = bell
        self._flash = flash
        self._clock = clock
        self._python = python
        self._choice = choice
        """The backend to use (the config's ``[audio] backend`` when None): ``auto`` is the chain."""
        self._on_report = on_report
        """Sees every report of the audio process (``started`` with its time, ...); for benchmarks."""
        self.backend: Backend = backend if backend is not None else NullBackend()
        self._given_backend = backend is not None
        self.start_result: StartResult | None = None
        self.speech_engine: speech.SpeechEngine | None = None
        self._keys: dict[str, str] = {}
        """Cue key -> the key of the clip to play (a refused custom WAV maps to the bundled tone)."""
        self._voice_on = voice and self.settings.voice
        self._notices: list[str] = []
        self._lock = threading.Lock()
        self._told: set[str] = set()
        self._origin: float | None = None
        self._last: EventKind | None = None
        self._prepared = False
        """A preparation has begun (or is done): it happens once."""
        self._ready = threading.Event()
        self._closed = False

    # -- before the session -------------------------------------------------------
    def prepare(self) -> None:
        """Render speech, start the player, preload every clip; takes up to a second or so.

        The audio process starts first, with the tones: where no sound device
        opens, no speech is rendered, since nothing could play it.

        While muted this does nothing (``--mute`` means no sound device opened
        and no audio process at all): the first unmute prepares, in a thread of
        its own, and sound starts once that is done.
        """
        with self._lock:
            if self._prepared or self._closed or self._muted:
                return
            self._prepared = True
        try:
            self._prepare()
        finally:
            self._ready.set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until the preparation has finished (tests, benchmarks); False on timeout."""
        return self._ready.wait(timeout)

    def _prepare_in_background(self) -> None:
        """On the first unmute: prepare without making the caller (a key press) wait."""
        with self._lock:
            if self._prepared or self._closed:
                return
            self._prepared = True
        threading.Thread(
            target=self._prepare_quietly, name="timer-tui-audio-prepare", daemon=True
        ).start()

    def _prepare_quietly(self) -> None:
        try:
            self._prepare()
        except Exception as exc:  # in a thread of its own nobody would see it: say it
            self._tell(f"Audio is off: the cue player could not start ({exc}).")
            self._flush_notices()
        finally:
            self._ready.set()

    def _prepare(self) -> None:
        cues = distinct_cues(self.timeline, self.settings, voice=self._voice_on)
        tones = {cue.key: tone_path(cue.sound) for cue in cues if cue.kind is CueKind.TONE}
        texts = [c.sound for c in cues if c.kind is CueKind.SPEECH]
        if self._given_backend:
            clips = {**tones, **self._render_speech(texts)}
            self._keys = {key: key for key in clips}
            self._flush_notices()
            return
        if self._closed:
            return
        choice = self._choice if self._choice is not None else configured_backend()
        if choice == "bell":  # asked for: no audio process, and nothing to tell
            self._fall_back("", quiet=True)
            return
        worker = WorkerBackend(choice=choice, python=self._python, on_report=self._on_report)
        self._keys = {key: key for key in tones}
        self.start_result = result = worker.start(tones)
        if result.failure is None:
            with self._lock:
                closed = self._closed
                if not closed:
                    self.backend = worker
            if closed:  # closed while it started (a background preparation)
                worker.close(wait=False)
                return
            spoken = self._render_speech(texts)
            self._keys.update((key, key) for key in spoken)
            loaded = worker.load(spoken)
            result.refused.update(loaded.refused)
            result.seconds.update(loaded.seconds)
        else:
            self._fall_back(result.failure, hint_for(choice, result.passed))
        for key, reason in result.refused.items():
            self._refused(key, reason)
        self._flush_notices()

    def _render_speech(self, texts: list[str]) -> dict[str, Path]:
        """Each text rendered to a clip (cached), keyed by its cue key; {} without an engine."""
        if not texts:
            return {}
        self.speech_engine = speech.find_engine()
        if self.speech_engine is None:
            self._voice_on = False
            self._tell(
                f"No speech engine found, so cues are tones only. For spoken cues: {speech_hint()}."
            )
            return {}
        rendered = speech.render_all(self.speech_engine, texts, speech_cache_dir())
        return {Cue.speech(text).key: path for text, path in rendered.items()}

    # -- during the session -------------------------------------------------------
    def __call__(self, event: Event) -> None:
        self.handle(event)

    def handle(self, event: Event) -> None:
        """Turn one engine event into sounds; returns in microseconds, never raises."""
        if self._closed:
            return
        now = self._clock()
        if self._origin is None or event.kind is EventKind.SESSION_STARTED:
            self._origin = now - event.t
        self._last = event.kind
        failure = self.backend.failure
        if failure is not None:
            self._fall_back(failure)
        if self._muted:
            return
        self._flush_notices()
        if now - (self._origin + event.t) > STALE_SECONDS:
            return
        # The bell cannot speak: without a device a spoken countdown rings as the beeps do.
        voice = self._voice_on and not isinstance(self.backend, BellBackend)
        for cue in cues_for(event, self.settings, voice=voice, coach=self.coach):
            key = self._keys.get(cue.key, cue.key)
            if cue.kind is CueKind.SPEECH and key not in self._keys:
                continue  # never rendered: the speech engine failed on it
            self.backend.play(cue, key)

    @property
    def muted(self) -> bool:
        return self._muted

    def toggle_mute(self) -> bool:
        """Mute (silencing what plays now) or unmute; returns whether it is now muted.

        Returns at once: the first unmute of a session started muted prepares the
        player in a thread, and cues sound from the moment it is ready.
        """
        self._muted = not self._muted
        if self._muted:
            self.backend.stop()
        else:
            self._prepare_in_background()  # started muted: nothing was prepared yet
            self._flush_notices()
        return self._muted

    def on_key(self, key: str) -> bool:
        """For the plain runner: ``m`` toggles mute; True when the key was handled."""
        if key.strip().lower() in ("m", "mute"):
            self.toggle_mute()
            return True
        return False

    @property
    def backend_name(self) -> str:
        return self.backend.name

    def close(self, *, wait: bool = True) -> None:
        """Stop the audio process; a finished session's last sound is let to end first.

        The plain runner waits for that (up to ~5 s) before it exits; the app
        passes ``wait=False`` so its screen never stalls.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            backend = self.backend
        if isinstance(backend, WorkerBackend):
            drain = self._last is EventKind.SESSION_FINISHED and not self._muted
            backend.close(drain=drain, wait=wait)
        else:
            backend.close()

    # -- internals ----------------------------------------------------------------
    def _fall_back(self, reason: str, hint: str | None = None, *, quiet: bool = False) -> None:
        with self._lock:
            old = self.backend
            if isinstance(old, BellBackend):
                return
            self.backend = BellBackend(self._bell, self._flash)
        if isinstance(old, WorkerBackend):
            old.close(wait=False)  # it may still be alive (device error): never wait for it here
        else:
            old.close()
        if quiet:
            return
        message = f"Audio is off: {reason}; cues use the terminal bell."
        if hint:
            message += f" Turn it on with: {hint}"
        self._tell(message)

    def _refused(self, key: str, reason: str) -> None:
        kind, _, sound = key.partition(":")
        if kind == CueKind.TONE.value and Path(sound).is_absolute():
            fallback = self._bundled_for(sound)
            if fallback is not None:
                self._keys[key] = fallback
            self._tell(f"Could not play {sound} ({reason}); using the built-in tone instead.")
        else:
            self._keys.pop(key, None)

    def _bundled_for(self, custom: str) -> str | None:
        """The bundled tone a custom WAV replaced, found from the session's own settings."""
        for kind, path in self.settings.sounds.items():
            if str(path) == custom:
                return f"tone:{kind.start_tone}"
        for step in self.timeline.steps:
            if step.sound is not None and str(step.sound) == custom:
                return f"tone:{step.kind.start_tone}"
        return None

    def _tell(self, message: str) -> None:
        with self._lock:
            if message not in self._told:
                self._told.add(message)
                self._notices.append(message)

    def _flush_notices(self) -> None:
        """Say queued notices, in the caller's thread, unless muted (then on unmute).

        The app prepares in a worker thread while the timer thread may already
        be handling events: the lock keeps each notice said exactly once.
        """
        if self._muted or not self._notices:
            return
        with self._lock:
            pending, self._notices = self._notices, []
        for message in pending:
            with contextlib.suppress(Exception):  # a broken notify must not stop the timer
                self._notify(message)


def tone_path(sound: str) -> Path:
    """A bundled tone's file from its name; a custom WAV's path is already one."""
    path = Path(sound)
    if path.is_absolute():
        return path
    return paths.bundled_sounds_dir() / f"{sound}.wav"


def create_cue_subscriber(
    session: Session,
    timeline: Timeline,
    *,
    mute: bool = False,
    voice: bool = True,
    notify: Notify,
    bell: Callable[[], None] = terminal_bell,
    flash: Callable[[], None] | None = None,
) -> CueSubscriber:
    """The one entry point for the plain runner and the app; see ``CueSubscriber``."""
    return CueSubscriber(
        session, timeline, mute=mute, voice=voice, notify=notify, bell=bell, flash=flash
    )
