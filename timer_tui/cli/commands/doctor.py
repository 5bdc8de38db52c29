"""`timer-tui doctor`: what the audio set-up is, and a chance to hear every cue once.

The report itself is ``audio.doctor``; the audio modules are imported only when
the command runs, so building the parser stays light.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from timer_tui.cli.help import examples

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers


def add_doctor(sub: Subparsers) -> None:
    p = sub.add_parser(
        "doctor",
        help="check audio and speech, show where files live",
        description=(
            "Report how sound and speech will be played and where the config, your sessions "
            "and the log live, then play every cue once so you can hear them."
        ),
        epilog=examples(
            ("timer-tui doctor", "the report, then each cue played"),
            ("timer-tui doctor --silent", "the report only"),
        ),
    )
    p.add_argument("--silent", action="store_true", help="report only; play nothing")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from timer_tui.audio.doctor import main

    return main(silent=args.silent)
