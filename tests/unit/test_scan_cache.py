"""The scan cache lists exactly what reading every file lists, and a bad cache is only slower.

The oracle is ``discover(cached=False)``, which reads, parses and checks every file:
over the bundled library and a user folder of good, broken, edited, linked and odd
files, the cached scan must give the same rows, before and after edits that keep a
file's size and modification time. Every way a cache can be bad (damaged, foreign,
newer, unreadable, a FIFO, a folder) gives the same rows too, and never raises.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.conftest import Cli
from timer_tui.core.model import Program
from timer_tui.library import scan_cache
from timer_tui.library.paths import bundled_sessions_dir, cache_dir, user_sessions_dir
from timer_tui.library.scan_cache import ScanCache, cache_path
from timer_tui.library.sessions import (
    Discovery,
    SessionEntry,
    discover,
    resolve,
    scanned_state,
)
from timer_tui.library.watch import fingerprint

GOOD = 'name = "{name}"\n[[steps]]\nkind = "run"\nduration = {seconds}\n'
PROGRAM = (
    'name = "{name}"\n[program]\nid = "mine"\nname = "My plan"\nweek = {week}\nday = 1\n'
    '[[steps]]\nkind = "warmup"\nduration = "5m"\n[[steps]]\nrepeat = 3\n'
    'steps = [{{ kind = "run", duration = 60 }}, {{ kind = "walk", duration = 90 }}]\n'
    '[[steps]]\nname = "Push-ups"\nreps = 10\n'
)


@pytest.fixture(autouse=True)
def quick_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled 50 ms after their last change (2 s in use), so the tests
    need not wait; each write below is followed by ``settle()``."""
    monkeypatch.setattr(scan_cache, "SETTLE_NS", 50_000_000)


def settle() -> None:
    time.sleep(0.1)


def rows(entries: Sequence[SessionEntry]) -> list[tuple[Any, ...]]:
    """What the picker, ``list`` and ``next`` show of each entry, read without loading
    a cached entry's file (a cached row must be right by itself)."""
    out = []
    for e in entries:
        first_error = None if e.ok else (e.errors[0].message, e.errors[0].line)
        totals = e.totals() if e.ok else None
        out.append((e.id, e.path, e.source, e.ok, e.name, e.program, totals, first_error))
    return out


def cached_count(entries: Sequence[SessionEntry]) -> int:
    return sum(1 for e in entries if e.listing is not None)


def write_wav(path: Path) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 80)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A user folder with every kind of file the scan meets."""
    root = user_sessions_dir()
    (root / "plan").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "odd.toml").mkdir()  # a folder with a session's name
    for n in range(12):
        (root / f"easy-{n:02d}.toml").write_text(GOOD.format(name=f"Easy {n:02d}", seconds=60 + n))
    for week in (1, 2, 3):
        text = PROGRAM.format(name=f"My plan - Week {week}", week=week)
        (root / "plan" / f"week-{week}.toml").write_text(text)
    (root / "c25k").mkdir()  # shadows a bundled session
    (root / "c25k" / "week-1-run-1.toml").write_text(GOOD.format(name="Mine, not C25K", seconds=9))
    (root / "syntax.toml").write_text('name = "x"\n[[steps]\n')
    (root / "invalid.toml").write_text('name = "x"\n[[steps]]\nkind = "sprint"\nduration = 5\n')
    (root / "empty.toml").write_text("")
    (root / "latin1.toml").write_bytes(b'name = "caf\xe9"\n[[steps]]\nduration = 5\n')
    (root / ".hidden" / "secret.toml").write_text(GOOD.format(name="Hidden", seconds=5))
    (root / ".dot.toml").write_text(GOOD.format(name="Dot", seconds=5))
    (root / "notes.txt").write_text("not a session")
    (root / "linked.toml").symlink_to(root / "easy-00.toml")
    (root / "dangling.toml").symlink_to(root / "missing.toml")
    os.mkfifo(root / "fifo.toml")
    write_wav(root / "cue.wav")
    sound = GOOD.format(name="With a sound", seconds=30) + '[cues.sounds]\nrun = "cue.wav"\n'
    (root / "sound.toml").write_text(sound)
    settle()
    yield root


def scan_both() -> tuple[list[SessionEntry], list[SessionEntry]]:
    return discover(cached=False), discover()


def test_the_cached_scan_lists_what_reading_every_file_lists(folder: Path) -> None:
    uncached, first = scan_both()
    assert rows(first) == rows(uncached)
    assert cached_count(first) == 0, "the first scan reads every file"
    second = discover()
    assert rows(second) == rows(uncached)
    loadable = sum(1 for e in uncached if e.ok)
    # Every session that loads is cached but the one naming a sound file.
    assert cached_count(second) == loadable - 1
    assert {e.id for e in second if e.listing is None and e.ok} == {"sound"}
    bundled = [e for e in second if e.path.is_relative_to(bundled_sessions_dir())]
    assert bundled and all(e.listing is not None for e in bundled if e.ok)


def test_edits_that_keep_size_and_mtime_are_read_again(folder: Path) -> None:
    discover()
    discover()
    edited = folder / "easy-03.toml"
    before = edited.stat()
    edited.write_text(GOOD.format(name="Hard 03", seconds=60 + 3))  # same size
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    assert edited.stat().st_mtime_ns == before.st_mtime_ns
    broken = folder / "easy-04.toml"
    before = broken.stat()
    broken.write_text(GOOD.format(name="Easy 04", seconds=60 + 4).replace("run", "rux"))
    os.utime(broken, ns=(before.st_atime_ns, before.st_mtime_ns))
    (folder / "easy-05.toml").unlink()
    (folder / "easy-06.toml").write_text(GOOD.format(name="Longer name 06", seconds=1))
    (folder / "cue.wav").unlink()  # the sound session breaks without being touched
    settle()
    uncached, cached = scan_both()
    assert rows(cached) == rows(uncached)
    names = {e.id: e.name for e in cached}
    assert names["easy-03"] == "Hard 03" and "easy-05" not in names
    assert not next(e for e in cached if e.id == "easy-04").ok
    assert not next(e for e in cached if e.id == "sound").ok
    assert rows(discover()) == rows(uncached), "and once cached again"


def test_a_file_changed_in_the_last_moments_is_not_cached(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan_cache, "SETTLE_NS", 60 * 10**9)
    fresh = folder / "fresh.toml"
    fresh.write_text(GOOD.format(name="Fresh", seconds=5))
    discover()
    again = discover()
    assert next(e for e in again if e.id == "fresh").listing is None
    assert next(e for e in again if e.id == "easy-01").listing is None, "nothing settled yet"
    monkeypatch.setattr(scan_cache, "SETTLE_NS", 50_000_000)
    settle()  # 0.1 s: past the 50 ms however quickly the scans above ran (3.13 took < 50 ms)
    discover()
    assert next(e for e in discover() if e.id == "fresh").listing is not None


def test_a_cached_entry_reads_its_file_when_its_steps_are_asked_for(folder: Path) -> None:
    discover()
    entry = next(e for e in discover() if e.id == "plan/week-2")
    assert entry.listing is not None
    uncached = next(e for e in discover(cached=False) if e.id == "plan/week-2")
    assert entry.timeline() == uncached.timeline()
    assert entry.session == uncached.session
    assert entry.totals() == uncached.totals()


def test_a_cached_entry_whose_file_broke_since_says_so_once_read(folder: Path) -> None:
    discover()
    entries = discover()
    entry = next(e for e in entries if e.id == "easy-07")
    other = next(e for e in entries if e.id == "easy-08")
    assert entry.ok and entry.listing is not None and other.listing is not None
    (folder / "easy-07.toml").write_text("name = 1\n")
    (folder / "easy-08.toml").write_text("name = 2\n")
    loaded = entry.loaded()
    assert not loaded.ok and loaded.session is None
    assert "easy-07.toml:1:" in loaded.errors[0].format()
    assert not resolve("easy-08", entries).ok, "resolve hands out entries read now"


def test_the_scan_hands_the_watcher_the_folder_as_it_saw_it(folder: Path) -> None:
    discover()
    assert scanned_state(folder) == fingerprint(folder)
    users = [e for e in discover(folder) if e.path.is_relative_to(folder)]
    assert set(fingerprint(folder)) == {e.path.relative_to(folder).as_posix() for e in users}


def test_a_deferred_scan_lists_the_known_now_and_the_same_in_the_end(folder: Path) -> None:
    """The picker's two steps: with no cache, only the bundled files and the one user file
    that shadows a bundled session are read at once; ``finish`` reads the rest and lists
    what reading every file lists, and leaves the cache as a full scan does."""
    expected = rows(discover(cached=False))
    shutil.rmtree(cache_dir(), ignore_errors=True)
    found = Discovery(read_at_once=0)
    ready = found.ready()
    assert not (cache_dir() / "scans").exists(), "no cache written before the first frame"
    assert found.unfinished
    users = [e for e in ready if e.path.is_relative_to(folder)]
    assert [e.id for e in users] == ["c25k/week-1-run-1"], "only the shadowing file"
    assert next(e for e in ready if e.id == "c25k/week-1-run-1").name == "Mine, not C25K"
    assert found.unread == len(fingerprint(folder)) - 1
    assert rows(ready) == [r for r in expected if r[0] in {e.id for e in ready}]
    assert rows(found.finish()) == expected and found.unread == 0
    assert not found.unfinished
    assert cache_path(bundled_sessions_dir()).is_file() and cache_path(folder).is_file()
    assert cached_count(discover()) == cached_count(discover()) > 0, "the cache was written"
    # Known now, but the broken files and the one naming a sound: never cached, read at once.
    again = Discovery()
    assert again.unread == 0 and rows(again.ready()) == expected
    (folder / "easy-02.toml").write_text("name = 2\n")  # broken since: read later, past 6
    later = Discovery(read_at_once=5)
    assert later.unread == 6 and "easy-02" not in {e.id for e in later.ready()}
    assert rows(later.finish()) == rows(discover(cached=False))


# -- a bad cache ----------------------------------------------------------------------
def write_cache(raw: Any) -> None:
    path = cache_path(user_sessions_dir())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw))


def good_cache() -> dict[str, Any]:
    discover()
    raw: dict[str, Any] = json.loads(cache_path(user_sessions_dir()).read_text())
    assert raw["files"], "the cache holds records"
    return raw


def bad_caches() -> Iterator[tuple[str, Any]]:
    raw = good_cache()
    yield "not JSON", "{not json"
    yield "truncated", json.dumps(raw)[:-40]
    yield "binary", "\x00\xff\xfe garbage"
    yield "a list", [1, 2, 3]
    yield "deeply nested", "[" * 100_000 + "]" * 100_000
    yield "newer format", {**raw, "format": 2}
    yield "another folder's", {**raw, "root": "/somewhere/else"}
    yield "another code's", {**raw, "code": "0" * 32}
    for index, value in [(0, 5), (6, 7), (6, None), (3, "12"), (3, True), (8, -1), (8, 1.5)]:
        record = list(raw["files"][0])
        record[index] = value
        yield f"field {index} = {value!r}", {**raw, "files": [record, *raw["files"][1:]]}
    record = list(raw["files"][0])
    record[7] = ["id", 5, None, None, None]
    yield "program name not text", {**raw, "files": [record]}
    yield "short record", {**raw, "files": [raw["files"][0][:5]]}


def test_a_bad_cache_is_ignored_and_rebuilt(folder: Path) -> None:
    expected = rows(discover(cached=False))
    for why, raw in bad_caches():
        write_cache(raw)
        assert rows(discover()) == expected, why
        rebuilt = json.loads(cache_path(user_sessions_dir()).read_text())
        assert rebuilt["format"] == scan_cache.CACHE_FORMAT, why
        assert cached_count(discover()) > 0, why


@pytest.mark.parametrize("kind", ["folder", "fifo", "file in the way", "unreadable"])
def test_an_unreadable_cache_is_only_slower(
    folder: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = rows(discover(cached=False))
    path = cache_path(user_sessions_dir())
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # opened, it would block the picker for ever
    elif kind == "file in the way":
        path.parent.rmdir()
        path.parent.write_text("a file where the cache folder goes")
    else:
        path.write_text("{}")
        path.chmod(0)
        if os.geteuid() == 0:  # root reads a file of mode 000: refuse it as the kernel would
            real_open = os.open

            def refusing_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
                if Path(file) == path:
                    raise PermissionError(13, "Permission denied", str(file))
                return real_open(file, flags, *args, **kwargs)

            monkeypatch.setattr(os, "open", refusing_open)
    assert rows(discover()) == expected
    assert rows(discover()) == expected


def test_a_cache_is_written_only_when_something_changed(folder: Path) -> None:
    discover()
    path = cache_path(user_sessions_dir())
    stamp = path.stat().st_mtime_ns, path.stat().st_ino
    discover()
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == stamp
    (folder / "easy-01.toml").unlink()
    discover()
    assert (path.stat().st_mtime_ns, path.stat().st_ino) != stamp
    assert "easy-01.toml" not in {r[0] for r in json.loads(path.read_text())["files"]}


names = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
programs = st.none() | st.builds(
    Program,
    id=names,
    name=st.none() | names,
    week=st.none() | st.integers(-(2**70), 2**70),
    day=st.none() | st.integers(0, 9),
    order=st.none() | st.integers(0, 99),
)


@settings(max_examples=60, deadline=None)
@given(name=names, program=programs, counts=st.tuples(*[st.integers(0, 10**9)] * 3))
def test_any_record_reads_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, name: str, program: Program | None, counts: Any
) -> None:
    root = tmp_path_factory.mktemp("root")
    target = root / "cache.json"
    cache = ScanCache(root, target)
    st_ = Path(__file__).stat()
    cache.now_ns = time.time_ns() + 10**12  # the test file settled long ago
    cache.put("a/b.toml", st_, (name, program, *counts))
    cache.save()
    again = ScanCache(root, target)
    assert again.get("a/b.toml", st_) == (name, program, *counts)


# -- the commands that list ------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["list", "--ids"], ["list", "--programs"]],
    ids=" ".join,
)
def test_list_says_the_same_from_the_cache(folder: Path, cli: Cli, args: list[str]) -> None:
    shutil.rmtree(cache_dir(), ignore_errors=True)
    cold = cli(args)
    assert cached_count(discover()) > 0
    warm = cli(args)
    assert warm == cold
    assert cold[0] == 0 and ("plan/week-1" in cold[1] or "mine\n" in cold[1]), cold


def test_next_runs_the_file_as_it_is_now(folder: Path, cli: Cli) -> None:
    """``next`` picks from the cache, and reads the one it runs."""
    discover()
    status, out, err = cli(["next", "mine", "--dry-run"])
    assert (status, out.strip()) == (0, "plan/week-1"), err
    before = (folder / "plan" / "week-1.toml").stat()
    (folder / "plan" / "week-1.toml").write_text("name = 3\n" + " " * (before.st_size - 9))
    status, out, err = cli(["next", "mine", "--dry-run"])
    assert (status, out.strip()) == (0, "plan/week-2"), err
    assert "skipping plan/week-1" in err
