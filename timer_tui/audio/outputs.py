"""The backends of the audio process, and the chain that picks one.

The chain, tried in this order unless the config names one:

1. simpleaudio, when it is installed: an extra (``timer-tui[simpleaudio]``) that
   compiles against the ALSA headers on Linux; whoever installed it asked for it,
   and it is the quickest to start a sound (median 1.5 ms after its boundary).
2. miniaudio: a dependency of every install, with wheels for Linux x86_64,
   macOS and Windows, that needs no compiler and no headers: it loads
   PulseAudio (which PipeWire serves too) or ALSA when it runs.
3. The system's players (``players.py``): pw-play, paplay, aplay, afplay.

Past the end of the chain the timer's process rings the terminal bell.
A backend is chosen only once a sound device has opened for it (10 ms of
silence), so "installed but no device" moves on to the next one.
"""

from __future__ import annotations

import contextlib
import importlib
import queue
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Protocol

from timer_tui.audio.clips import Clip, silence
from timer_tui.audio.hints import NOT_FOUND, NOT_INSTALLED
from timer_tui.audio.players import PLAYERS, PlayerOutput
from timer_tui.audio.queue import Playing

LIBRARIES = ("simpleaudio", "miniaudio")
CHAIN = (*LIBRARIES, *PLAYERS)
"""Every backend of the audio process, in the order ``auto`` tries them."""
MINIAUDIO_RESULTS = {
    -203: "no backend could be loaded: neither PulseAudio nor ALSA",
    -204: "no device",
    -400: "the backend failed to start",
    -401: "the device did not open",
    -402: "the device did not start",
}
"""miniaudio's result codes (``ma_result``) that mean "no sound here", in words."""
MINIAUDIO_PERIOD_MS = 20
"""miniaudio asks for this much sound at a time: short, so a cut (stop) is heard at once."""
DEVICE_TAIL = 0.08
"""How long after a clip's length its device stays open: what the device buffered (its
periods) plays out before closing drops it."""
MAX_AHEAD = 0.5
"""How far ahead of real time a device may take samples before the feed waits: more than
a device's buffer (ALSA's default device takes 160 ms before it starts), so a real card
never waits, and the start of a sound is never held up."""


class Output(Protocol):
    """What the worker plays through: clips in memory, one sound started per ``play``."""

    clips: dict[str, Clip]

    def load(self, key: str, clip: Clip) -> None: ...

    def play(self, key: str) -> Playing: ...

    def seconds(self, key: str) -> float: ...

    def probe(self) -> None: ...

    def close(self) -> None: ...


class Unavailable(Exception):
    """A backend that cannot play here; ``str()`` says why, in a few words."""


@dataclass(frozen=True, slots=True)
class Opened:
    name: str
    output: Output
    version: str


@dataclass(frozen=True, slots=True)
class Choice:
    """What the chain found: the backend in use (or None) and why each before it was passed over."""

    opened: Opened | None
    passed: list[tuple[str, str]]

    @property
    def reason(self) -> str:
        """Why no backend plays: the first installed one's trouble, else that none is installed."""
        for _name, why in self.passed:
            if why not in (NOT_INSTALLED, NOT_FOUND):
                return why
        if len(self.passed) == 1:
            name, why = self.passed[0]
            return f"{name} is {why}"
        return "no audio library or player is installed"


def describe_error(exc: BaseException) -> str:
    """simpleaudio's "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    becomes "no sound device could be opened (No such file or directory)"; miniaudio's
    "failed to init device" (with its result code) likewise."""
    text = str(exc)
    if "MSG:" in text:
        detail = text.rsplit("MSG:", 1)[1].strip()
        if "opening" in text.lower():
            return f"no sound device could be opened ({detail})"
        return f"the sound device failed ({detail})"
    if type(exc).__name__ == "MiniaudioError":
        words = str(exc.args[0]) if exc.args else "failed"
        code = exc.args[1] if len(exc.args) > 1 else None
        detail = words
        if isinstance(code, int):
            detail = MINIAUDIO_RESULTS.get(code, f"{words}, error {code}")
        if "init" in words or "backend" in words:
            return f"no sound device could be opened (miniaudio: {detail})"
        return f"the sound device failed (miniaudio: {detail})"
    return text or type(exc).__name__


class SimpleaudioOutput:
    """Plays preloaded clips through simpleaudio; each play opens the default device."""

    def __init__(self, simpleaudio: Any) -> None:
        self._sa = simpleaudio
        self.clips: dict[str, Clip] = {}

    def load(self, key: str, clip: Clip) -> None:
        self.clips[key] = clip

    def play(self, key: str) -> Playing:
        clip = self.clips[key]
        playing: Playing = self._sa.play_buffer(clip.frames, clip.channels, clip.width, clip.rate)
        return playing

    def seconds(self, key: str) -> float:
        return self.clips[key].seconds

    def probe(self) -> None:
        """Open the device with 10 ms of silence; raises if there is none."""
        quiet = silence()
        self._sa.play_buffer(quiet.frames, 1, 2, quiet.rate).wait_done()

    def close(self) -> None:
        self._sa.stop_all()


class DeviceCloser:
    """Closes finished miniaudio devices in a thread of its own.

    Closing waits for the device's thread (tens of milliseconds while a write is
    under way): never on the path from a boundary to its tone.
    """

    def __init__(self) -> None:
        self._devices: queue.Queue[Any] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._run, name="timer-tui-device-closer", daemon=True).start()

    def close(self, device: Any) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._devices.put(device)

    def wait(self, timeout: float) -> bool:
        """Until every device handed over is closed; False on timeout."""
        return self._idle.wait(timeout)

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def _run(self) -> None:
        while True:
            device = self._devices.get()
            with contextlib.suppress(Exception):
                device.close()
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()


class MiniaudioPlaying:
    """One clip on a device of its own; the device thread pulls it in periods.

    The generator keeps to real time: a device that takes samples faster than it
    plays them (ALSA's ``null``, a file) would otherwise spin on the silence after
    the clip until it is closed. It is done ``DEVICE_TAIL`` after the clip's length,
    once what the device buffered has played, and only then is the device closed
    (closing drops whatever it still holds); until then, and after a cut, it gives
    silence in real time.
    """

    def __init__(self, device: Any, clip: Clip, closer: DeviceCloser) -> None:
        self._device = device
        self._data = memoryview(clip.frames)
        self._frame_bytes = clip.channels * clip.width
        self._rate = clip.rate
        self._seconds = clip.seconds
        self._closer = closer
        self._fed = False
        self._stopped = False

    def generator(self) -> Generator[memoryview, int, None]:
        """miniaudio's callback sends how many frames it wants; this yields them, then
        silence, until the device is closed."""
        empty = memoryview(b"")
        wanted = yield empty
        start = time.monotonic()
        position = sent = 0
        while True:
            # Never ends: an ended feed lets miniaudio fill silence as fast as the device
            # takes it until the device is closed (on ALSA's null device, 80 s of it for
            # five 0.1 s beeps in 10 s, tests/audio). Closing stops the pulls.
            if self._stopped:
                chunk = empty  # a cut: silence at once, until the closer gets to the device
            elif position < len(self._data):
                chunk = self._data[position : position + wanted * self._frame_bytes]
                position += len(chunk)
            else:
                chunk = empty  # the device's buffer is silence already
                if time.monotonic() - start >= self._seconds + DEVICE_TAIL:
                    self._fed = True  # played whole: the device may be closed now
            sent += wanted
            ahead = sent / self._rate - (time.monotonic() - start)
            if ahead > MAX_AHEAD:
                time.sleep(ahead - MAX_AHEAD)
            wanted = yield chunk

    def is_playing(self) -> bool:
        if self._fed or self._stopped:
            self._release()
            return False
        return True

    def stop(self) -> None:
        self._stopped = True
        self._release()

    def _release(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            self._closer.close(device)


class MiniaudioOutput:
    """Plays preloaded clips through miniaudio, each on a device opened for it.

    A device per sound, as simpleaudio does: nothing holds the card between cues,
    and a card that takes one stream at a time is still free for the next cue
    once the last is closed (if opening fails while one closes, it waits for it).
    """

    def __init__(self, miniaudio: Any) -> None:
        self._ma = miniaudio
        self._device_class = shared_context_device(miniaudio)
        self.clips: dict[str, Clip] = {}
        self._closer = DeviceCloser()
        skip = {"NULL", "CUSTOM"}  # the null device "plays" into nothing: never a success
        self._backends = [b for b in miniaudio.Backend if b.name not in skip]
        self.device_backend: str | None = None
        """What miniaudio plays through (ALSA, PulseAudio, Core Audio, WASAPI, ...)."""

    def load(self, key: str, clip: Clip) -> None:
        self.clips[key] = clip

    def play(self, key: str) -> MiniaudioPlaying:
        return self._start(self.clips[key])

    def seconds(self, key: str) -> float:
        return self.clips[key].seconds

    def probe(self) -> None:
        """Open a device and start it on 10 ms of silence; raises if none opens or starts.

        Not waited for: the next sound opens its own device (after this one is
        closed, on a card that takes one stream at a time).
        """
        self._start(silence()).stop()

    def close(self) -> None:
        self._closer.wait(0.5)

    def _start(self, clip: Clip) -> MiniaudioPlaying:
        device = self._open(clip)
        playing = MiniaudioPlaying(device, clip, self._closer)
        feed = playing.generator()
        next(feed)
        device.start(feed)
        return playing

    def _open(self, clip: Clip) -> Any:
        def device() -> Any:
            return self._device_class(
                output_format=self._ma.SampleFormat.SIGNED16,
                nchannels=clip.channels,
                sample_rate=clip.rate,
                buffersize_msec=MINIAUDIO_PERIOD_MS,
                backends=self._backends,
                app_name="timer-tui",
            )

        try:
            opened = device()
        except self._ma.MiniaudioError:
            if not self._closer.busy:
                raise
            self._closer.wait(1.0)  # a card without mixing: free once the last sound is closed
            opened = device()
        self.device_backend = str(opened.backend)
        return opened


def shared_context_device(miniaudio: Any) -> Any:
    """miniaudio's ``PlaybackDevice``, but all of them on one context, made once.

    pyminiaudio makes a context for each device and never frees it: one more
    connection to the sound server (PulseAudio connects when a context is made)
    for every cue, and the time to load the backends again (about 5 ms).
    """

    class SharedContextDevice(miniaudio.PlaybackDevice):  # type: ignore[misc]
        shared: Any = None
        name_buffer: Any = None

        def _make_context(self, *args: Any, **kwargs: Any) -> Any:
            cls = type(self)
            if cls.shared is None:
                cls.shared = super()._make_context(*args, **kwargs)
                cls.name_buffer = getattr(self, "_context_app_name", None)  # the context's
            return cls.shared

    return SharedContextDevice


def _library(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise Unavailable(NOT_INSTALLED) from exc
    except Exception as exc:  # a broken native build
        raise Unavailable(f"cannot be loaded ({exc})") from exc


def _version(module: Any, dist: str) -> str:
    found = getattr(module, "__version__", None)
    if found is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version(dist)
        except PackageNotFoundError:
            found = "?"
    return str(found)


def open_backend(name: str) -> Opened:
    """Load ``name`` and open a device with it; raises ``Unavailable`` saying why not."""
    output: Output
    if name == "simpleaudio":
        module = _library("simpleaudio")
        output, version = SimpleaudioOutput(module), _version(module, "simpleaudio-patched")
    elif name == "miniaudio":
        module = _library("miniaudio")
        output = MiniaudioOutput(module)
        version = _version(module, "miniaudio")
    elif name in PLAYERS:
        player = PlayerOutput.find(name)
        if player is None:
            raise Unavailable(NOT_FOUND)
        output, version = player, player.command[0]
    else:
        raise Unavailable(f"unknown backend (allowed: {', '.join(CHAIN)})")
    try:
        output.probe()
    except Exception as exc:
        with contextlib.suppress(Exception):
            output.close()
        raise Unavailable(describe_error(exc)) from exc
    if isinstance(output, MiniaudioOutput) and output.device_backend:
        version += f", through {output.device_backend}"
    return Opened(name, output, version)


def choose(choice: str) -> Choice:
    """The first backend of the chain (or the one named) whose device opens."""
    names = CHAIN if choice == "auto" else (choice,)
    passed: list[tuple[str, str]] = []
    for name in names:
        try:
            return Choice(open_backend(name), passed)
        except Unavailable as exc:
            passed.append((name, str(exc)))
    return Choice(None, passed)


def survey(each: Callable[[str, Opened | None, str], None]) -> None:
    """Try every backend of the chain and close it again; ``doctor`` shows the lot."""
    for name in CHAIN:
        try:
            opened = open_backend(name)
        except Unavailable as exc:
            each(name, None, str(exc))
            continue
        each(name, opened, "")
        with contextlib.suppress(Exception):
            opened.output.close()
