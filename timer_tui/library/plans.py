"""The plans the user made (``timer-tui plan``), kept in the data folder as ``plans.json``.

One plan per program; making a plan again replaces that program's plan and counts
a revision (the calendar events' SEQUENCE, so calendar apps take the new dates).
The file is written whole (``atomic``), so ``next`` and the picker, which read it,
never see half of one. A damaged file is never overwritten: ``plan`` says so and
stops, and the readers go on without a plan.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timer_tui.core.errors import UserError
from timer_tui.core.plan import Plan, plan_status
from timer_tui.core.safe_files import Refused, read_capped
from timer_tui.core.safe_text import safe_text
from timer_tui.library.atomic import write_text_atomic
from timer_tui.library.paths import data_dir

PLANS_VERSION = 1
MAX_PLANS_BYTES = 4 * 1024 * 1024


def plans_path() -> Path:
    return data_dir() / "plans.json"


@dataclass(frozen=True, slots=True)
class Plans:
    """What ``plans.json`` holds, or why it could not be read (``problem``)."""

    plans: dict[str, Plan]
    problem: str | None = None


def _plan_from(program_id: str, raw: Any) -> Plan:
    time = raw.get("time")
    return Plan(
        program_id=program_id,
        start=dt.date.fromisoformat(raw["start"]),
        days=tuple(int(d) for d in raw["days"]),
        sessions=tuple(str(s) for s in raw["sessions"]),
        time=None if time is None else dt.time.fromisoformat(time),
        revision=int(raw.get("revision", 1)),
    )


def _plan_json(plan: Plan) -> dict[str, object]:
    return {
        "start": plan.start.isoformat(),
        "days": list(plan.days),
        "time": None if plan.time is None else plan.time.strftime("%H:%M"),
        "sessions": list(plan.sessions),
        "revision": plan.revision,
    }


def read_plans(path: Path | None = None) -> Plans:
    """Every saved plan; a missing file is no plan, a damaged one says why."""
    path = plans_path() if path is None else path
    data = read_capped(path, MAX_PLANS_BYTES)
    if isinstance(data, Refused):
        if data.why == "missing":
            return Plans({})
        return Plans({}, f"cannot read {path}: {data.reason}")
    try:
        document = json.loads(data)
        if document.get("version", 0) > PLANS_VERSION:
            return Plans({}, f"{path} was written by a newer timer-tui; plans are ignored")
        raw_plans = document["plans"]
        plans = {str(k): _plan_from(str(k), v) for k, v in raw_plans.items()}
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        why = safe_text(f"{type(exc).__name__}: {exc}")  # a value from the file: no control bytes
        return Plans({}, f"{path} is damaged ({why}); plans are ignored")
    for plan in plans.values():
        if not plan.sessions or not plan.days or not set(plan.days) <= set(range(7)):
            return Plans(
                {}, f"{path} is damaged (the plan of {plan.program_id}); plans are ignored"
            )
    return Plans(plans)


def save_plan(plan: Plan, path: Path | None = None) -> Plan:
    """Keep ``plan`` (replacing its program's earlier one, one revision on); the saved plan."""
    path = plans_path() if path is None else path
    current = read_plans(path)
    if current.problem is not None:
        raise UserError(f"{current.problem}; move it away to make a new plan")
    earlier = current.plans.get(plan.program_id)
    revision = 1 if earlier is None else earlier.revision + 1
    saved = Plan(plan.program_id, plan.start, plan.days, plan.sessions, plan.time, revision)
    _write({**current.plans, plan.program_id: saved}, path)
    return saved


def forget_plan(program_id: str, path: Path | None = None) -> bool:
    """Drop a program's plan; False when there was none."""
    path = plans_path() if path is None else path
    current = read_plans(path)
    if current.problem is not None:
        raise UserError(f"{current.problem}; move it away")
    if program_id not in current.plans:
        return False
    _write({k: v for k, v in current.plans.items() if k != program_id}, path)
    return True


def _write(plans: dict[str, Plan], path: Path) -> None:
    document = {
        "version": PLANS_VERSION,
        "plans": {k: _plan_json(v) for k, v in sorted(plans.items())},
    }
    try:
        write_text_atomic(path, json.dumps(document, indent=2) + "\n")
    except OSError as exc:
        raise UserError(f"cannot save the plan in {path}: {exc.strerror or exc}") from None


@dataclass(frozen=True, slots=True)
class PlanNotes:
    """Each planned program's standing ("due today", "2 sessions behind"), by program id."""

    notes: dict[str, str]
    problem: str | None = None
    """Why the plans could not be read (said once by ``next``; the picker goes without)."""
    next_ids: frozenset[str] = frozenset()
    """Each plan's next session: a planned program counts as started (the picker's ▶)."""


def plan_notes(done_ids: Collection[str], today: dt.date, path: Path | None = None) -> PlanNotes:
    """Where each plan stands on ``today``, given the sessions done (``log.views``)."""
    found = read_plans(path)
    status = {p: plan_status(plan, done_ids, today) for p, plan in found.plans.items()}
    notes = {p: s.text(today) for p, s in status.items()}
    following = frozenset(s.next_id for s in status.values() if s.next_id is not None)
    return PlanNotes(notes, found.problem, following)
