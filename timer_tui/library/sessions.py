"""Finding sessions: the bundled library and the user's own folder, by id or by path."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from timer_tui.core.cues import with_config
from timer_tui.core.errors import UserError
from timer_tui.core.loader import LoadError, LoadResult, load_session
from timer_tui.core.model import Program, Session
from timer_tui.core.timeline import Timeline, expand
from timer_tui.core.treadmill import TreadmillSettings, apply_treadmill
from timer_tui.library.paths import bundled_sessions_dir, user_sessions_dir
from timer_tui.library.scan_cache import Record, ScanCache, file_key
from timer_tui.library.watch import Fingerprint, session_files

PROGRAM_ORDER = (
    "c25k",
    "strength",
    "fitness-test",
    "off-season",
    "pre-season",
    "in-season",
    "post-season",
    "presets",
)
"""Bundled programs in the order a runner meets them; other programs follow by id."""


class Source(str, Enum):
    BUNDLED = "bundled"
    USER = "user"


@dataclass(frozen=True, slots=True)
class Totals:
    """What a listing line says of a session's steps: "30:00 · 18 steps"."""

    total_seconds: int
    rep_steps: int
    steps: int

    @classmethod
    def of(cls, timeline: Timeline) -> Totals:
        return cls(timeline.total_seconds, timeline.rep_steps, len(timeline))


@dataclass(frozen=True, slots=True)
class Listing:
    """What listing a session that loads needs of it, without its steps.

    The scan cache keeps one per unchanged file, so the picker, ``list`` and ``next``
    need not read, parse and check thousands of files to show their names.
    """

    name: str
    program: Program | None
    totals: Totals


@dataclass(frozen=True, slots=True)
class SessionEntry:
    """One session file, loaded or not: a broken file is listed with its first error.

    An entry made from the scan cache (``listed``) holds only its ``Listing``; the file
    is read the first time its session, steps or errors are asked for, and from then
    on every property answers from what was read (``loaded()`` asks for it at once).
    """

    id: str
    path: Path
    source: Source
    _result: LoadResult | None
    """None until read, for an entry made from the scan cache."""
    treadmill: TreadmillSettings | None = field(default=None, compare=False)
    """The config's ``[treadmill]`` speeds and units, filled in where the session has none."""
    listing: Listing | None = field(default=None, compare=False)
    """What the scan cache had of the file; None for an entry read at once."""
    _timeline: Timeline | None = field(default=None, init=False, repr=False, compare=False)
    """Expanded on first use and kept: the picker asks for every row on every keystroke."""

    @classmethod
    def listed(cls, id: str, path: Path, source: Source, listing: Listing) -> SessionEntry:
        """An entry known from the scan cache: the file is read on first use."""
        return cls(id, path, source, None, listing=listing)

    @property
    def result(self) -> LoadResult:
        result = self._result
        if result is None:
            # Set past the frozen guard once, as the timeline is: the file as it is now.
            result = load_session(self.path)
            object.__setattr__(self, "_result", result)
        return result

    @property
    def unread(self) -> bool:
        """Listed from the scan cache, its file not read (yet)."""
        return self._result is None

    def loaded(self) -> SessionEntry:
        """This entry with its file read: ``ok``, ``name`` and ``errors`` then say what
        the file holds now (it may have changed since the listing was cached)."""
        _ = self.result
        return self

    @property
    def session(self) -> Session | None:
        return self.result.session

    @property
    def ok(self) -> bool:
        if self._result is None and self.listing is not None:
            return True  # only sessions that load are cached
        return self.result.ok

    @property
    def errors(self) -> tuple[LoadError, ...]:
        return self.result.errors

    @property
    def name(self) -> str:
        if self._result is None and self.listing is not None:
            return self.listing.name
        return self.session.name if self.session else self.id

    @property
    def program(self) -> Program | None:
        if self._result is None and self.listing is not None:
            return self.listing.program
        return self.session.program if self.session else None

    def totals(self) -> Totals:
        """Total time, rep steps and steps, from the listing while the file is unread."""
        if self._result is None and self.listing is not None:
            return self.listing.totals
        return Totals.of(self.timeline())

    def timeline(self) -> Timeline:
        """The session's steps, expanded once (an entry is immutable, so is its timeline)."""
        timeline = self._timeline
        if timeline is None:
            if self.session is None:
                raise ValueError(f"{self.path} does not load: {self.errors[0].format()}")
            timeline = apply_treadmill(expand(self.session), self.treadmill)
            # Frozen: the cache is set past the dataclass guard, once, to a value that never
            # changes; two threads racing here would both store an equal timeline.
            object.__setattr__(self, "_timeline", timeline)
        return timeline

    def with_treadmill(self, settings: TreadmillSettings | None) -> SessionEntry:
        """This entry with the runner's ``[treadmill]`` config: its timeline has their speeds."""
        if settings is None or settings.empty or settings == self.treadmill:
            return self
        return replace(self, treadmill=settings)

    def with_cues(self, config: Mapping[str, object]) -> SessionEntry:
        """This entry with the runner's ``[cues]`` config under the session's own ``[cues]``
        (a key the file sets wins): what is beeped and said in a run and in ``show --cues``."""
        session = self.session
        if session is None or not config:
            return self
        cues = with_config(session.cues, config)
        if cues == session.cues:
            return self
        return replace(self, _result=replace(self.result, session=replace(session, cues=cues)))

    @property
    def sort_key(self) -> tuple[int, str, tuple[int, int, int], str]:
        program = self.program
        if program is None:
            return (len(PROGRAM_ORDER) + 1, "~" + self.source.value, (0, 0, 0), self.id)
        rank = (
            PROGRAM_ORDER.index(program.id) if program.id in PROGRAM_ORDER else len(PROGRAM_ORDER)
        )
        return (rank, program.id, program.sort_key, self.id)


@dataclass(frozen=True, slots=True)
class ProgramGroup:
    """Sessions that share a program id (or "your sessions" for the rest)."""

    id: str
    name: str
    entries: tuple[SessionEntry, ...]


def session_id(path: Path, root: Path) -> str:
    """A session's id is its path below its root, without ``.toml``: ``c25k/week-1-run-1``."""
    return path.relative_to(root).with_suffix("").as_posix()


_SEEN: dict[Path, Fingerprint] = {}
"""Each folder's state as its last scan saw it: the picker's watcher starts from it."""


def scanned_state(root: Path) -> Fingerprint | None:
    """``root``'s files as the last scan in this process saw them, if it was scanned."""
    return _SEEN.get(root)


class _FolderScan:
    """One sessions folder: every file walked and stat'ed (``watch.session_files``); a file
    unchanged since the scan cache saw it is listed from the cache, unread, and the others
    wait in ``unread`` until ``read`` reads them."""

    def __init__(self, root: Path, source: Source, cached: bool) -> None:
        self.source = source
        self.cache = ScanCache(root) if cached and root.is_dir() else None
        self.entries: list[SessionEntry] = []
        self.unread: list[tuple[str, str, os.stat_result]] = []
        """(path below the root, full path, stat) of each file still to read."""
        seen: Fingerprint = {}
        if root.is_dir():
            for rel, full, st in session_files(root):
                seen[rel] = key = file_key(st)
                record = self.cache.record(rel, key) if self.cache is not None else None
                if record is None:
                    self.unread.append((rel, full, st))
                    continue
                name, program, seconds, reps, steps = record
                listing = Listing(name, program, Totals(seconds, reps, steps))
                sid = rel.removesuffix(".toml")
                # root / rel is Path(full), parsing only the part below the root.
                self.entries.append(SessionEntry.listed(sid, root / rel, source, listing))
        _SEEN[root] = seen

    def read(self, only: Callable[[str], bool] | None = None, save: bool = True) -> None:
        """Read the files still unread (those whose id passes ``only``); once none is left,
        the cache is written if it changed (unless ``save`` is False: ``save()`` then)."""
        left = []
        for rel, full, st in self.unread:
            sid = rel.removesuffix(".toml")
            if only is not None and not only(sid):
                left.append((rel, full, st))
                continue
            entry = SessionEntry(sid, Path(full), self.source, load_session(Path(full)))
            self.entries.append(entry)
            if self.cache is not None:
                self.cache.put(rel, st, _record(entry))
        self.unread = left
        if save:
            self.save()

    @property
    def unsaved(self) -> bool:
        """Files still to read, or a cache that changed and is not written yet."""
        return bool(self.unread) or (self.cache is not None and self.cache.dirty)

    def save(self) -> None:
        """Write the cache, once no file is left to read (and only if it changed)."""
        if not self.unread and self.cache is not None:
            self.cache.save()


def _record(entry: SessionEntry) -> Record | None:
    """What the cache keeps of a session that loads and names no sound file, else None."""
    session = entry.session
    if session is None or not entry.ok or session.cues.sounds:
        return None
    totals = entry.totals()  # expands the timeline once, kept on the entry for the picker
    return (session.name, session.program, totals.total_seconds, totals.rep_steps, totals.steps)


READ_AT_ONCE = 64
"""Unknown user files read before the picker's first frame; more wait for ``finish``."""


class Discovery:
    """Every session in two steps, for the picker's first frame: what is cheap now
    (``ready``: the files the scan cache knows, and the bundled ones read at once), the
    rest later (``finish``, in a worker: reading thousands of new files took seconds).

    ``discover()`` is ``Discovery(defer=False).ready()``: one path, so what the picker
    shows once finished is what ``list`` shows. Up to ``read_at_once`` unknown user files
    are read at once: a few broken files or sessions that name a sound (never cached)
    cost a millisecond each, and their rows, errors too, are in the first frame. A user
    file that shadows a bundled one is always read at once (the bundled row must not
    show in its place, even for a moment).
    """

    def __init__(
        self,
        user_dir: Path | None = None,
        bundled_dir: Path | None = None,
        *,
        cached: bool = True,
        defer: bool = True,
        read_at_once: int = READ_AT_ONCE,
    ) -> None:
        self.bundled = _FolderScan(bundled_dir or bundled_sessions_dir(), Source.BUNDLED, cached)
        # The library's own few files, whose rows the first frame shows; deferred, the
        # caches are written in ``finish`` (a write and its fsyncs took 15 ms).
        self.bundled.read(save=not defer)
        self.user = _FolderScan(user_dir or user_sessions_dir(), Source.USER, cached)
        if defer and len(self.user.unread) > read_at_once:
            bundled_ids = {e.id for e in self.bundled.entries}
            self.user.read(bundled_ids.__contains__, save=False)
        else:
            self.user.read(save=not defer)

    @property
    def unread(self) -> int:
        """How many of the user's files are still to read (``finish``)."""
        return len(self.user.unread)

    @property
    def unfinished(self) -> bool:
        """Files to read or a cache to write: ``finish`` has work to do."""
        return self.bundled.unsaved or self.user.unsaved

    def ready(self) -> list[SessionEntry]:
        """The sessions known so far, ordered by program then position; a user file
        shadows a bundled one."""
        by_id = {e.id: e for e in self.bundled.entries}
        by_id.update({e.id: e for e in self.user.entries})
        return sorted(by_id.values(), key=lambda e: e.sort_key)

    def finish(self) -> list[SessionEntry]:
        """Read the rest and list every session (what ``discover()`` lists); safe in a
        thread, as long as nothing else uses this discovery meanwhile. The caches are
        written then."""
        self.user.read()
        self.bundled.save()
        return self.ready()


def discover(
    user_dir: Path | None = None, bundled_dir: Path | None = None, *, cached: bool = True
) -> list[SessionEntry]:
    """All sessions, ordered by program then position; a user file shadows a bundled one.

    ``cached=False`` reads every file, as the scan cache must never change what is listed
    (the tests compare the two)."""
    return Discovery(user_dir, bundled_dir, cached=cached, defer=False).ready()


def group_by_program(entries: Iterable[SessionEntry]) -> list[ProgramGroup]:
    groups: dict[str, list[SessionEntry]] = {}
    names: dict[str, str] = {}
    for entry in entries:
        program = entry.program
        if program is not None:
            key = program.id
            names.setdefault(key, program.name or program.id)
        elif entry.source is Source.USER:
            key, names[key] = "~user", "Your sessions"
        else:
            key, names[key] = "~other", "Other sessions"
        groups.setdefault(key, []).append(entry)
    return [ProgramGroup(k, names[k], tuple(v)) for k, v in groups.items()]


def broken_in_program(entries: Iterable[SessionEntry], program_id: str) -> list[SessionEntry]:
    """Files that do not load but sit in the folder of ``program_id``'s sessions.

    A broken file has no program (its ``[program]`` table was never read), so its
    folder says where it belongs; ``next`` steps over these and says so, instead
    of failing for every session or quietly pretending the file is not there.
    """
    entries = list(entries)
    folders = {
        e.id.rpartition("/")[0]
        for e in entries
        if e.ok and e.program is not None and e.program.id == program_id
    }
    return [e for e in entries if not e.ok and e.id.rpartition("/")[0] in folders]


class SessionNotFound(LookupError):
    """No file or id matched; the message suggests the closest ids."""


def resolve(ref: str, entries: list[SessionEntry] | None = None) -> SessionEntry:
    """Find a session by path, by id, or by the last part of an id when that is unique."""
    path = Path(ref).expanduser()
    if path.suffix == ".toml" or path.exists():
        # The loader turns a missing path or a directory into a located error.
        return SessionEntry(path.stem, path, Source.USER, load_session(path))
    entries = discover() if entries is None else entries
    ids = {e.id: e for e in entries}
    # Read now: the caller runs, shows or edits it, and checks ``ok`` first.
    if ref in ids:
        return ids[ref].loaded()
    tails = [e for e in entries if e.id.rsplit("/", 1)[-1] == ref]
    if len(tails) == 1:
        return tails[0].loaded()
    if len(tails) > 1:
        options = ", ".join(e.id for e in tails)
        raise SessionNotFound(f'"{ref}" matches several sessions: {options}')
    close = difflib.get_close_matches(ref, list(ids), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `timer-tui list` shows them all"
    raise SessionNotFound(f'no session file or id "{ref}"{hint}')


def find_entry(ref: str) -> SessionEntry:
    """Resolve a session reference; a file that does not load is a user error."""
    try:
        entry = resolve(ref)
    except SessionNotFound as exc:
        raise UserError(str(exc)) from None
    if not entry.ok:
        lines = "\n".join(e.format() for e in entry.errors)
        raise UserError(f"{entry.path} has problems; fix them and try again:\n{lines}")
    return entry
