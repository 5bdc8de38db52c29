"""Finding sessions: the bundled library and the user's own folder, by id or by path."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from timer_tui.core.cues import with_config
from timer_tui.core.loader import LoadError, LoadResult, load_session
from timer_tui.core.model import Program, Session
from timer_tui.core.timeline import Timeline, expand
from timer_tui.core.treadmill import TreadmillSettings, apply_treadmill
from timer_tui.library.paths import bundled_sessions_dir, user_sessions_dir

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
class SessionEntry:
    """One session file, loaded or not: a broken file is listed with its first error."""

    id: str
    path: Path
    source: Source
    result: LoadResult
    treadmill: TreadmillSettings | None = field(default=None, compare=False)
    """The config's ``[treadmill]`` speeds and units, filled in where the session has none."""
    _timeline: Timeline | None = field(default=None, init=False, repr=False, compare=False)
    """Expanded on first use and kept: the picker asks for every row on every keystroke."""

    @property
    def session(self) -> Session | None:
        return self.result.session

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> tuple[LoadError, ...]:
        return self.result.errors

    @property
    def name(self) -> str:
        return self.session.name if self.session else self.id

    @property
    def program(self) -> Program | None:
        return self.session.program if self.session else None

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
        return replace(self, result=replace(self.result, session=replace(session, cues=cues)))

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


def _scan(root: Path, source: Source) -> list[SessionEntry]:
    if not root.is_dir():
        return []
    return [
        SessionEntry(session_id(p, root), p, source, load_session(p))
        for p in sorted(root.rglob("*.toml"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]


def discover(user_dir: Path | None = None, bundled_dir: Path | None = None) -> list[SessionEntry]:
    """All sessions, ordered by program then position; a user file shadows a bundled one."""
    bundled = _scan(bundled_dir or bundled_sessions_dir(), Source.BUNDLED)
    user = _scan(user_dir or user_sessions_dir(), Source.USER)
    by_id = {e.id: e for e in bundled}
    by_id.update({e.id: e for e in user})
    return sorted(by_id.values(), key=lambda e: e.sort_key)


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
    if ref in ids:
        return ids[ref]
    tails = [e for e in entries if e.id.rsplit("/", 1)[-1] == ref]
    if len(tails) == 1:
        return tails[0]
    if len(tails) > 1:
        options = ", ".join(e.id for e in tails)
        raise SessionNotFound(f'"{ref}" matches several sessions: {options}')
    close = difflib.get_close_matches(ref, list(ids), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `timer-tui list` shows them all"
    raise SessionNotFound(f'no session file or id "{ref}"{hint}')
