"""`timer-tui completion bash|zsh|fish`: a shell completion script made from the parser.

shtab writes the scripts from the same argparse parser that reads the command line,
so a new command or option completes without anyone writing shell code. shtab
rather than argcomplete: its scripts are static, so a TAB costs no Python start-up
(argcomplete runs the program on every TAB) and need no hook in the program; since
1.13 it writes fish as well as bash and zsh. Session and program ids are the dynamic part:
a ``SESSION`` argument completes from ``timer-tui list --ids``, a ``PROGRAM`` from
``list --programs``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from timer_tui.cli.help import examples

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers

SHELLS = ("bash", "zsh", "fish")

SESSION_IDS = "timer-tui list --ids 2>/dev/null"
"""What a ``SESSION`` argument completes from (run, show, edit, new --from ...)."""
PROGRAM_IDS = "timer-tui list --programs 2>/dev/null"
"""What a ``PROGRAM`` argument completes from (next, plan, export --program)."""


def ids_from(command: str, function: str) -> dict[str, Any]:
    """Complete from ``command``'s lines, run only when such an argument is completed.

    Not ``shtab.cmd``: its zsh form puts ``$(command)`` in the option arrays, which a
    completion file on $fpath defines again on every TAB, so each TAB ran the command
    once per argument that used it (nine Python start-ups, seconds).
    """
    return {
        "bash": function,
        "zsh": function,
        "fish": f"({command})",
        "preamble": {
            "bash": f'{function}() {{\n  compgen -W "$({command})" -- "$1"\n}}\n',
            "zsh": (
                f"{function}() {{\n  local -a found\n"
                f'  found=(${{(f)"$({command})"}})\n  compadd -a found\n}}\n'
            ),
        },
    }


INSTALL = {
    "bash": "timer-tui completion bash > ~/.local/share/bash-completion/completions/timer-tui",
    "zsh": "timer-tui completion zsh > ~/.zfunc/_timer-tui",
    "fish": "timer-tui completion fish > ~/.config/fish/completions/timer-tui.fish",
}
"""Where each shell looks for a command's completion; docs/completion.md says more."""


def add_completion(sub: Subparsers) -> None:
    p = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        description=(
            "Print a script that completes timer-tui's commands, options and session ids "
            "when you press TAB. Save it where your shell looks for completions and open a "
            "new shell. bash (with the bash-completion package): "
            "~/.local/share/bash-completion/completions/timer-tui. zsh: a file named "
            "_timer-tui in a folder on $fpath before compinit runs in ~/.zshrc. fish: "
            "~/.config/fish/completions/timer-tui.fish. See docs/completion.md."
        ),
        epilog=examples(
            ("timer-tui completion zsh > ~/.zfunc/_timer-tui", "zsh, with ~/.zfunc on $fpath"),
            (INSTALL["fish"], "fish"),
        ),
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(func=cmd_completion)


def cmd_completion(args: argparse.Namespace) -> int:
    print(completion_script(args.shell), end="")
    return 0


def completion_script(shell: str) -> str:
    """The script for ``shell``, from a fresh parser whose session arguments are marked."""
    import shtab

    from timer_tui.cli.parser import build_parser

    parser = build_parser()
    short_descriptions(parser)
    for action in arguments(parser):
        if action.metavar == "SESSION":
            action.complete = ids_from(SESSION_IDS, "_timer_tui_session_ids")  # type: ignore[attr-defined]
        elif action.metavar == "PROGRAM":
            action.complete = ids_from(PROGRAM_IDS, "_timer_tui_program_ids")  # type: ignore[attr-defined]
        elif action.metavar in ("FILE", "PATH"):
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    script: str = shtab.complete(parser, shell=shell)
    return script if script.endswith("\n") else script + "\n"


def short_descriptions(parser: argparse.ArgumentParser) -> None:
    """Each command's one-line help as its description: shtab shows the description
    beside a command in fish's menu, and the one line is what fits there."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                sub.description = helps.get(name) or sub.description
                short_descriptions(sub)


def arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of every command, nested ones too."""
    found: list[argparse.Action] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(arguments(sub))
        else:
            found.append(action)
    return found
