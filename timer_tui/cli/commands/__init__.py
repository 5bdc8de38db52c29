"""The subcommands, one module per family; ``cli.parser`` lists them in help order.

Each module registers its commands with ``add_<command>(subparsers)`` and imports
what its handlers need inside them, so that building the parser stays light.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # typing's constant; typing itself stays out of `check` (test_cli_parser)
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
