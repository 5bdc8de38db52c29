"""Sessions in the formats other tools read: FIT workouts, Zwift's ZWO and plain workout text.

``plan`` turns a session into a tree of moves and repeats that expands to exactly
the session's timeline; each writer walks that tree, and each reader builds one,
which ``toml_out`` writes back as a session file.
"""
