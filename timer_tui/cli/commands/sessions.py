"""`timer-tui check`, `list` and `show`: the session library, read without running anything.

Importing this module stays light (``timer-tui run`` builds the whole parser): the
loader and the library are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timer_tui.cli.help import examples

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers
    from timer_tui.core.timeline import Timeline
    from timer_tui.library.sessions import SessionEntry


def add_check(sub: Subparsers) -> None:
    p = sub.add_parser(
        "check",
        help="validate session files (or folders of them)",
        description=(
            "Load each session file as run would (a folder: every .toml file under it) and "
            "print each problem as FILE:LINE:COL: key: what was found; what is allowed. "
            "The exit status is 1 when there is a problem, so it fits a pre-commit hook."
        ),
        epilog=examples(
            ("timer-tui check hill-repeats.toml", "check one file"),
            ("timer-tui check sessions/", "every session file in a folder and its subfolders"),
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="session files or folders")
    p.set_defaults(func=cmd_check)


def add_list(sub: Subparsers) -> None:
    p = sub.add_parser(
        "list",
        help="list bundled and your own sessions",
        description=(
            "List every session, bundled and in your sessions folder, grouped by program, with "
            "its total time and step count. The first column is the id that run, show and "
            "edit take."
        ),
        epilog=examples(
            ("timer-tui list", "the table"),
            ("timer-tui list --json", "one JSON array (id, name, path, total time...) for scripts"),
        ),
    )
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    shape.add_argument(
        "--ids", action="store_true", help="only the ids, one a line (shell completion uses it)"
    )
    shape.add_argument(
        "--programs", action="store_true", help="only the program ids, one a line (for next, plan)"
    )
    p.set_defaults(func=cmd_list)


def add_show(sub: Subparsers) -> None:
    p = sub.add_parser(
        "show",
        help="show a session's expanded timeline and total time",
        description=(
            "Print a session's steps as they will run, blocks and repeats expanded, each with "
            "its duration or reps, and the total time. Nothing is run or logged."
        ),
        epilog=examples(
            ("timer-tui show c25k/week-1-run-1", "the 18 steps of Couch to 5K's first run"),
            ("timer-tui show presets/tabata --cues", "every tone and spoken text, at its time"),
        ),
    )
    p.add_argument("session", metavar="SESSION", help="a path or a session id")
    p.add_argument("--json", action="store_true", help="JSON, for scripts")
    p.add_argument(
        "--cues", action="store_true", help="dry run: every tone and spoken text at its time"
    )
    p.set_defaults(func=cmd_show)


# -- check --------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    from timer_tui.core.loader import load_session
    from timer_tui.core.safe_text import safe_text
    from timer_tui.core.wording import plural

    files: list[Path] = []
    problems = 0
    empty_folders = 0
    for name in args.files:
        path = Path(name)
        if path.is_dir():
            found = sorted(path.rglob("*.toml"))
            if not found:
                print(f"{safe_text(str(path))}: this folder holds no .toml session files")
                empty_folders += 1
            files.extend(found)
        else:
            files.append(path)
    bad_files = 0
    for path in files:
        result = load_session(path)
        for error in result.errors:
            print(error.format())
        if result.errors:
            bad_files += 1
            problems += len(result.errors)
    if not files:
        return 1  # nothing to check: each folder said so, no "0 files checked" line
    summary = f"{plural(len(files), 'file')} checked: {len(files) - bad_files} valid"
    if problems:
        summary += f", {plural(problems, 'problem')}"
    if empty_folders:
        summary += f"; {plural(empty_folders, 'folder')} without session files"
    print(summary, file=sys.stderr)
    return 0 if problems == 0 and not empty_folders else 1


# -- list ---------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    from timer_tui.cli.launch import plain_config
    from timer_tui.cli.output import entry_record, print_listing, print_notice
    from timer_tui.library.sessions import discover

    if args.ids or args.programs:  # before the config is read: a TAB in the shell waits
        from timer_tui.core.safe_text import safe_text

        entries = discover()
        if args.ids:
            names = [e.id for e in entries]
        else:
            names = list(dict.fromkeys(e.program.id for e in entries if e.program is not None))
        if names:
            print("\n".join(safe_text(name) for name in names))
        return 0
    treadmill = plain_config(print_notice).treadmill
    entries = [e.with_treadmill(treadmill) for e in discover()]
    if args.json:
        import json

        print(json.dumps([entry_record(e) for e in entries], indent=2))
    else:
        print_listing(entries)
    return 0


# -- show ---------------------------------------------------------------------------------
def cmd_show(args: argparse.Namespace) -> int:
    from timer_tui.cli.launch import plain_config
    from timer_tui.cli.output import entry_record, print_notice, step_record, total_line
    from timer_tui.cli.width import fit, terminal_width, wrap
    from timer_tui.core.safe_text import safe_lines, safe_text
    from timer_tui.library.sessions import find_entry

    config = plain_config(print_notice)
    entry = find_entry(args.session).with_treadmill(config.treadmill).with_cues(config.cues)
    timeline = entry.timeline()
    if args.cues:
        return show_cues(entry, timeline, as_json=args.json)
    if args.json:
        import json

        record = entry_record(entry)
        record["steps"] = [step_record(s) for s in timeline.steps]
        print(json.dumps(record, indent=2))
        return 0
    assert entry.session is not None
    columns = terminal_width()
    print(fit(f"{safe_text(entry.session.name)}   ({safe_text(str(entry.path))})", columns))
    if entry.session.description:
        print(wrap(safe_lines(entry.session.description), columns))
    print()
    names = [safe_text(s.name) for s in timeline.steps]
    width = max(len(name) for name in names)
    if columns is not None:  # the name column gives way before the amounts
        labels = max(len(s.label) for s in timeline.steps)
        width = min(width, max(12, columns - 26 - labels))
    for s, name in zip(timeline.steps, names, strict=True):
        label = safe_text(s.label)
        shown = fit(name, width)
        line = f"{s.index + 1:4d}  {s.kind.value:<9} {shown:<{width}}  {s.amount:>8}  {label}"
        if s.treadmill_text:  # after the label: a line cut to the terminal loses it first
            line = f"{line.rstrip()}  {s.treadmill_text}"
        print(fit(line.rstrip(), columns))
    print()
    print(total_line(timeline))
    return 0


def show_cues(entry: SessionEntry, timeline: Timeline, *, as_json: bool) -> int:
    """The cue plan of an undisturbed run; rep steps are counted as taking no time."""
    from timer_tui.cli.output import entry_record, step_record
    from timer_tui.cli.width import fit, terminal_width, wrap
    from timer_tui.core.cues import plan_cues
    from timer_tui.core.safe_text import safe_text
    from timer_tui.core.wording import plural

    assert entry.session is not None
    plan = plan_cues(timeline, entry.session.cues)
    if as_json:
        import json

        record = entry_record(entry)
        # each step as `show --json` has it (speed, incline...), for the cues' "step" index
        record["steps"] = [step_record(s) for s in timeline.steps]
        record["cues"] = [
            {
                "at": p.at,
                "step": p.step,
                "step_offset": p.step_offset,
                "cue": p.cue.kind.value,
                "sound": p.cue.sound,
                "priority": p.cue.priority.name.lower(),
                **({"left_out": list(p.left_out)} if p.left_out else {}),
            }
            for p in plan
        ]
        print(json.dumps(record, indent=2))
        return 0
    columns = terminal_width()
    print(fit(f"{safe_text(entry.session.name)}   ({safe_text(str(entry.path))})", columns))
    print(fit(f"{len(plan)} cues; times from the start, and from the start of the step", columns))
    print()
    shown = -1
    for p in plan:
        step = timeline[p.step] if 0 <= p.step < len(timeline) else None
        title = ""
        if step is not None and p.step != shown:
            shown = p.step
            title = f"   {step.name}{' · ' + step.label if step.label else ''}"
            title += f" · {step.treadmill_text}" if step.treadmill_text else ""
        line = f"{cue_offset(p.at):>9}  {p.step + 1:4d} +{cue_offset(p.step_offset):<7} "
        print(fit(line + safe_text(f"{p.cue.describe()}{title}"), columns))
        if p.left_out:  # a short step: what its words leave out, so the tones stay on time
            print(fit(f"{'':>25}(no time for {' or '.join(p.left_out)})", columns))
    if timeline.rep_steps:
        note = f"{plural(timeline.rep_steps, 'rep step')} count as 0:00 here; they last until done."
        print("\n" + wrap(note, columns))
    return 0


def cue_offset(seconds: float) -> str:
    """``62 -> "1:02"``, ``62.5 -> "1:02.5"``: cue times are exact, so no rounding up."""
    from timer_tui.core.durations import format_clock

    whole = int(seconds)
    tenths = round((seconds - whole) * 10)
    if tenths == 10:
        whole, tenths = whole + 1, 0
    text = format_clock(whole)
    return f"{text}.{tenths}" if tenths else text
