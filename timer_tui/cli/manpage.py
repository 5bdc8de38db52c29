"""A man page (roff, man(7) macros) written from the argument parser.

Made from the same parser and texts as ``--help`` (each command's one-line help,
description, arguments and examples; the exit statuses from ``core.exit_codes``),
so it lists every command without being kept by hand.
"""

from __future__ import annotations

import argparse

from timer_tui.cli.help import example_lines
from timer_tui.core import exit_codes

FILES = (
    (
        "$XDG_CONFIG_HOME/timer\\-tui/config.toml",
        "the settings (docs/config.md)",
    ),
    ("$XDG_DATA_HOME/timer\\-tui/sessions/", "your own sessions; one beside a bundled one wins"),
    ("$XDG_DATA_HOME/timer\\-tui/history.sqlite3", "the completion log (timer\\-tui log)"),
    (
        "$XDG_DATA_HOME/timer\\-tui/session.schema.json",
        "the schema your sessions' #:schema lines name, for editors",
    ),
    ("$XDG_DATA_HOME/timer\\-tui/crash.log", "what went wrong when timer\\-tui exited 70"),
)
"""Where timer-tui keeps things on Linux; roff-ready (``\\-`` is a hyphen that stays one)."""

ENVIRONMENT = (
    ("XDG_CONFIG_HOME", "the config folder's parent (default ~/.config)"),
    ("XDG_DATA_HOME", "the data folder's parent (default ~/.local/share)"),
    ("VISUAL, EDITOR", "the editor that timer\\-tui edit and ctrl+e open"),
)

SEE_ALSO = (
    "docs/session-format.md (the session files), docs/editors.md (completion in editors), "
    "docs/completion.md (in the shell), docs/config.md, docs/log.md and docs/audio.md, "
    "in the source distribution or the project's repository."
)


def roff(text: str) -> str:
    """Text safe in roff: backslashes, hyphens that are minus signs, lines that start a
    request (. or '), and no control characters."""
    text = "".join(c if c.isprintable() or c == "\n" else " " for c in text)
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str, argparse.ArgumentParser]]:
    """(path, one-line help, parser) of every command, nested ones too, in help order."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(((*path, name), helps.get(name, ""), sub))
                found.extend(commands(sub, (*path, name)))
    return found


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:
        if (
            isinstance(action, argparse._SubParsersAction)
            or action.help == argparse.SUPPRESS
            or action.option_strings in (["-h", "--help"], ["--version"])
        ):
            continue
        if action.option_strings:
            names = ", ".join(f"\\fB{roff(o)}\\fR" for o in action.option_strings)
            if action.nargs != 0:
                metavar = action.metavar or action.dest.upper()
                if isinstance(metavar, tuple):
                    metavar = " ".join(metavar)
                names += f" \\fI{roff(str(metavar))}\\fR"
        else:
            names = f"\\fI{roff(str(action.metavar or action.dest))}\\fR"
        text = action.help or ""
        if action.choices:
            text += f" (one of: {', '.join(map(str, action.choices))})"
        lines += [".TP", names, roff(text)]
    return lines


def _examples(parser: argparse.ArgumentParser) -> list[str]:
    epilog = parser.epilog or ""
    if not example_lines(epilog):
        return []
    body = epilog.split("examples:", 1)[1].strip("\n")
    return [".PP", "Examples:", ".PP", ".RS 4", ".nf", roff(body), ".fi", ".RE"]


def _command(path: tuple[str, ...], parser: argparse.ArgumentParser) -> list[str]:
    usage = " ".join(parser.format_usage().removeprefix("usage: ").split())
    lines = [f'.SS "{roff(" ".join(path))}"', f"\\fB{roff(usage)}\\fR", ".PP"]
    lines.append(roff(parser.description or ""))
    lines += _arguments(parser)
    lines += _examples(parser)
    return lines


def manpage(parser: argparse.ArgumentParser, version: str) -> str:
    """The whole page: what it is, every command, its files and environment, the exit statuses."""
    found = commands(parser)
    lines = [
        f'.TH TIMER\\-TUI 1 "" "timer\\-tui {roff(version)}" "User Commands"',
        ".SH NAME",
        "timer\\-tui \\- a terminal interval and session timer",
        ".SH SYNOPSIS",
        "\\fBtimer\\-tui\\fR",
        ".br",
        "\\fBtimer\\-tui\\fR \\fICOMMAND\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]",
        ".SH DESCRIPTION",
        roff(parser.description or ""),
        ".PP",
        "Sessions are TOML files: a name, then steps (timed, counted, or repeated blocks). "
        "The bundled ones are listed by \\fBtimer\\-tui list\\fR; yours live in your "
        "sessions folder (\\fBtimer\\-tui doctor\\fR shows where). "
        "\\fBtimer\\-tui\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR prints the same text as this "
        "page for one command.",
        ".PP",
        "The commands:",
    ]
    for path, help_text, _ in found:
        lines += [".TP", f"\\fB{roff(' '.join(path))}\\fR", roff(help_text)]
    lines.append(".SH COMMANDS")
    for path, _, sub in found:
        lines += _command(path, sub)
    lines += [".SH FILES"]
    for file, what in FILES:
        lines += [".TP", f"\\fI{file}\\fR", what]
    lines += [
        ".PP",
        "On macOS and Windows the folders are the system's own; "
        "\\fBtimer\\-tui doctor\\fR shows where they are.",
        ".SH ENVIRONMENT",
    ]
    for name, what in ENVIRONMENT:
        lines += [".TP", f"\\fB{name}\\fR", what]
    lines.append(".SH EXIT STATUS")
    for code, meaning in exit_codes.EXIT_CODES:
        lines += [".TP", f"\\fB{code}\\fR", roff(meaning)]
    lines += [".SH SEE ALSO", roff(SEE_ALSO)]
    return "\n".join(lines) + "\n"
