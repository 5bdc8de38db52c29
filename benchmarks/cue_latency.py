"""How late does a cue start after the boundary it marks?  (target: within 30 ms)

Runs a real session of short steps in real time, the way the plain runner does
(sleep until the engine's next deadline, poll, publish), with the real cue
subscriber, audio process and backend, once for each library backend installed
(simpleaudio, miniaudio; ``--backend`` picks one). For every boundary tone (step
start, countdown beep, finish) it takes the time the engine says it was due and
the time the audio process reports the sound started (simpleaudio's
``play_buffer`` returned, or miniaudio's device opened and started: the device
thread is taking the first samples), on the one monotonic clock both processes
share. The last lines compare the backends' step-start tones.

    python benchmarks/cue_latency.py [--steps 12] [--no-voice] [--device default|null|paced]
                                     [--backend simpleaudio|miniaudio|aplay]

With ``--device null`` (or when the default device cannot be opened, as on a
machine without a sound card) it plays into ALSA's null device through a file
plugin set up in a temporary HOME, so the figures then leave out a real card's
own open time. The null device swallows a clip at once, so nothing is ever
still playing when the next cue comes; ``--device paced`` uses the tests'
capture card instead (tests/audio/conftest.py), drained in real time like a
DAC, so words really are cut short by the countdown beeps.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SUMMARY = "step-start-summary:"
"""The child's last line for the parent's comparison (not shown as it is)."""
LIBRARIES = ("simpleaudio", "miniaudio")

NULL_ASOUNDRC = """pcm.!default {
  type file
  file "/dev/null"
  format "raw"
  slave.pcm "null"
}
"""


def run(steps: int, voice: bool, choice: str) -> None:
    from timer_tui.audio import CueSubscriber
    from timer_tui.core.engine import Engine, Event, EventKind
    from timer_tui.core.model import CueSettings, Kind, Session, Step
    from timer_tui.core.timeline import expand

    session = Session(
        name="latency",
        steps=tuple(
            Step(Kind.RUN if i % 2 == 0 else Kind.WALK, "Run" if i % 2 == 0 else "Walk", duration=2)
            for i in range(steps)
        ),
        cues=CueSettings(countdown=1, halfway=False, voice=voice),
    )
    timeline = expand(session)
    sent: list[tuple[str, float]] = []  # (label, due) per boundary tone, in order
    reports: list[dict[str, Any]] = []
    notices: list[str] = []

    cues = CueSubscriber(
        session,
        timeline,
        notify=notices.append,
        voice=voice,
        on_report=reports.append,
        choice=choice,
    )
    t = time.perf_counter()
    cues.prepare()
    prepare_seconds = time.perf_counter() - t
    if cues.backend_name != choice:
        sys.exit(f"no audio through {choice}: {'; '.join(notices)}")

    engine = Engine(timeline, cues=session.cues)
    origin = 0.0
    wake: list[float] = []
    handle: list[float] = []

    def timed(event: Event) -> None:
        before = time.perf_counter()
        cues(event)
        handle.append(time.perf_counter() - before)
        label = {
            EventKind.STEP_STARTED: "step start tone",
            EventKind.COUNTDOWN: "countdown beep",
            EventKind.SESSION_FINISHED: "finish tone",
        }.get(event.kind)
        if label:
            sent.append((label, origin + event.t))

    engine.subscribe(timed)
    origin = time.monotonic()
    engine.start(origin)
    while not engine.status.is_over:
        deadline = engine.next_deadline()
        assert deadline is not None
        time.sleep(max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        wake.append(now - deadline)
        engine.poll(now)
    time.sleep(0.3)
    backend = cues.backend
    cues.close()

    tone_starts = [
        float(r["at"])
        for r in reports
        if r.get("event") == "started" and str(r.get("key", "")).startswith("tone:")
    ]
    if len(tone_starts) != len(sent):
        print(
            f"warning: {len(sent)} boundary tones sent, {len(tone_starts)} started", file=sys.stderr
        )
    by_label: dict[str, list[float]] = {}
    for (label, due), at in zip(sent, tone_starts, strict=False):
        by_label.setdefault(label, []).append(at - due)
    everything = [v for values in by_label.values() for v in values]
    cut = sum(1 for r in reports if r.get("event") == "cut")

    version = cues.start_result.version if cues.start_result else "?"
    print(f"== {choice} {version}")
    print(f"python {platform.python_version()}  ·  {platform.machine()}  ·  {os.cpu_count()} cpus")
    print(f"device: {describe_device()}  ·  worker exit {getattr(backend, 'exit_code', '?')}")
    print(
        f"session: {steps} steps of 2 s, countdown 1, voice {'on' if voice else 'off'}"
        f"  ·  prepare() {prepare_seconds * 1000:.0f} ms  ·  speech cut short {cut} times"
    )
    print()
    rows: list[tuple[str, Sequence[float], str]] = [
        ("driver wake-up (due -> poll)", wake, "ms"),
        ("subscriber call in the timer", handle, "us"),
    ]
    rows += [(f"{label} (due -> started)", values, "ms") for label, values in by_label.items()]
    rows.append(("all boundary tones (due -> started)", everything, "ms"))
    print(f"{'':40} {'n':>4} {'median':>9} {'p95':>9} {'max':>9}")
    for name, values, unit in rows:
        scale = 1e6 if unit == "us" else 1e3
        print(
            f"{name:40} {len(values):4d} "
            + " ".join(f"{v * scale:7.2f}{unit}" for v in summary(values))
        )
    worst = max(everything) * 1000 if everything else float("nan")
    print()
    print(f"worst boundary tone: {worst:.1f} ms after its boundary (target: 30 ms)")
    starts = by_label.get("step start tone", [])
    if starts:
        median, _, most = summary(starts)
        print(f"{SUMMARY} {choice} {median * 1000:.2f} {most * 1000:.2f} {len(starts)}")


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def describe_device() -> str:
    rc = Path(os.environ.get("HOME", "~")).expanduser() / ".asoundrc"
    if os.environ.get("TIMER_TUI_BENCH_NULL"):
        return "ALSA null device through a file plugin (no sound card used)"
    if os.environ.get("TIMER_TUI_BENCH_PACED"):
        return "ALSA file plugins into a FIFO drained in real time (the tests' capture card)"
    return f"the default device{' (' + str(rc) + ')' if rc.exists() else ''}"


def default_device_opens() -> bool:
    """Whether any backend of the chain opens the default device (``worker --survey``)."""
    done = subprocess.run(
        [sys.executable, "-m", "timer_tui.audio.worker", "--survey"],
        capture_output=True,
        text=True,
        check=False,
    )
    return '"ok": true' in done.stdout


def installed(name: str) -> bool:
    import importlib.util
    import shutil

    if name in LIBRARIES:
        return importlib.util.find_spec(name) is not None
    return shutil.which(name) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--no-voice", action="store_true")
    parser.add_argument("--device", choices=("default", "null", "paced"), default=None)
    parser.add_argument("--backend", choices=(*LIBRARIES, "aplay"), default=None)
    args = parser.parse_args()
    if os.environ.get("TIMER_TUI_BENCH_CHILD"):
        run(args.steps, voice=not args.no_voice, choice=os.environ["TIMER_TUI_BENCH_CHILD"])
        return 0
    backends = [args.backend] if args.backend else [b for b in LIBRARIES if installed(b)]
    if not backends:
        sys.exit("no audio library is installed (make audio)")
    device = args.device or ("default" if default_device_opens() else "null")
    figures: list[str] = []
    code = 0
    for backend in backends:
        code = max(code, measure(backend, device, figures))
        print()
    print("step-start tone, due -> started:")
    for line in figures:
        name, median, most, count = line.split()
        print(f"  {name:<12} median {median:>6} ms  max {most:>6} ms  ({count} steps)")
    return code


def measure(backend: str, device: str, figures: list[str]) -> int:
    """One run in a child process (its own HOME for the null or paced device)."""
    env = dict(os.environ, TIMER_TUI_BENCH_CHILD=backend)
    with tempfile.TemporaryDirectory() as home:
        card = None
        if device == "null":
            (Path(home) / ".asoundrc").write_text(NULL_ASOUNDRC)
            env.update(HOME=home, TIMER_TUI_BENCH_NULL="1")
        if device == "paced":
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.audio.conftest import SoundCard

            card = SoundCard(Path(home))
            env = card.env(env)
            env["TIMER_TUI_BENCH_PACED"] = "1"
        elif device == "null":
            env["PULSE_SERVER"] = f"unix:{home}/no-pulse-server"  # miniaudio: ALSA, not a server
        try:
            done = subprocess.run(
                [sys.executable, *sys.argv], env=env, check=False, capture_output=True, text=True
            )
        finally:
            if card is not None:
                card.close()
    for line in done.stdout.splitlines():
        if line.startswith(SUMMARY):
            figures.append(line.removeprefix(SUMMARY).strip())
        else:
            print(line)
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
