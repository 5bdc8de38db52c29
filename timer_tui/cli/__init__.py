"""The command line: argument parsing, launching plain or full-screen runs, and the commands."""
