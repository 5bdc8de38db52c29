"""One module per group of subcommands, each with ``add_commands(subparsers)``."""
