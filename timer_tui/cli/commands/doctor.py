"""`timer-tui doctor`: what the audio set-up is, and a chance to hear every cue once.

The report itself is ``audio.doctor``; the audio modules are imported only when
the command runs, so building the parser stays light.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timer_tui.cli.commands import Subparsers


def add_doctor(sub: Subparsers) -> None:
    p = sub.add_parser("doctor", help="check audio and speech, show where files live")
    p.add_argument("--silent", action="store_true", help="report only; play nothing")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from timer_tui.audio.doctor import main

    return main(silent=args.silent)
