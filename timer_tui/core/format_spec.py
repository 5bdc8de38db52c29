"""The session-file format as data: every key, its type, limits and meaning.

The loader validates against these definitions and ``timer-tui schema`` turns
the same definitions into JSON Schema, so the two cannot drift apart; how each
type of key is checked and described is in ``field_types``.
"""

from __future__ import annotations

from timer_tui.core.field_types import Field, FieldType

MAX_DEPTH = 8
MAX_STEPS = 10_000
MAX_REPEAT = 1_000
MAX_REPS = 10_000
"""A rep step's reps, and the most a reps entry takes as done (app and plain mode)."""


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


SESSION_FIELDS = _fields(
    Field("name", FieldType.STRING, "The session's name, shown in the picker and the log.", True),
    Field("description", FieldType.STRING, "What the session is, in plain words."),
    Field("tags", FieldType.STRING_LIST, "Free-form tags such as running or strength."),
    Field("program", FieldType.TABLE, "This session's place in a multi-session program."),
    Field("cues", FieldType.TABLE, "Session-wide sound and voice settings."),
    Field("steps", FieldType.STEPS, "The steps, in order; a step may be a repeated block.", True),
)

PROGRAM_FIELDS = _fields(
    Field("id", FieldType.IDENTIFIER, "The program's id, shared by all its sessions (c25k).", True),
    Field("name", FieldType.STRING, "The program's display name (Couch to 5K)."),
    Field("week", FieldType.INTEGER, "Week number within the program.", minimum=1, maximum=520),
    Field("day", FieldType.INTEGER, "Day or run number within the week.", minimum=1, maximum=7),
    Field(
        "order",
        FieldType.INTEGER,
        "Position in a program without weeks.",
        minimum=1,
        maximum=10_000,
    ),
)

CUES_FIELDS = _fields(
    Field(
        "countdown",
        FieldType.INTEGER,
        "Beep in each of the last N seconds of a timed step (0 turns it off).",
        minimum=0,
        maximum=10,
    ),
    Field("halfway", FieldType.BOOLEAN, "Announce halfway through long steps."),
    Field("halfway_min", FieldType.DURATION, "Shortest step that gets a halfway cue."),
    Field("voice", FieldType.BOOLEAN, "Speak each step's name and length."),
    Field("sounds", FieldType.SOUNDS, "Custom WAV per kind, relative to the session file."),
    Field("say_next", FieldType.BOOLEAN, "During a rest or a recovery walk, say what comes next."),
    Field("say_last_round", FieldType.BOOLEAN, 'Say "last one" as a block\'s last round starts.'),
    Field("say_halfway", FieldType.BOOLEAN, 'Say "halfway" after the halfway tone.'),
    Field("say_notes", FieldType.BOOLEAN, "Speak a step's note the first time the step comes."),
    Field("say_speed", FieldType.BOOLEAN, "Speak a step's treadmill speed and incline."),
    Field(
        "say_speed_change",
        FieldType.INTEGER,
        "Announce a change of speed or incline this many seconds ahead (0 turns it off).",
        minimum=0,
        maximum=60,
    ),
    Field("say_countdown", FieldType.BOOLEAN, 'Say "three, two, one" instead of the beeps.'),
)

STEP_FIELDS = _fields(
    Field("kind", FieldType.KIND, "What the step is; sets colour and tones. Default: exercise."),
    Field("name", FieldType.STRING, "The step's name; timed steps default to their kind."),
    Field("duration", FieldType.DURATION, "How long a timed step lasts."),
    Field(
        "reps",
        FieldType.INTEGER,
        "Reps for a counted step; it waits for done.",
        minimum=1,
        maximum=MAX_REPS,
    ),
    Field(
        "sets", FieldType.INTEGER, "How many sets; rest goes between them.", minimum=1, maximum=100
    ),
    Field("rest", FieldType.DURATION, "Rest between sets (and after a single set)."),
    Field("per_side", FieldType.BOOLEAN, "Do each set for the left side, then the right."),
    Field(
        "score",
        FieldType.BOOLEAN,
        "A counted step whose count the runner enters (AMRAP rounds, a test's result): "
        "done asks for it instead of logging `reps`.",
    ),
    Field("note", FieldType.STRING, "A one-line cue shown under the step (form, encouragement)."),
    Field("sound", FieldType.PATH, "A custom WAV played at the start of this step."),
    Field("say", FieldType.STRING, "Custom words spoken at the start of this step."),
    Field(
        "speed",
        FieldType.SPEED,
        'Treadmill speed of a timed step: "9.5 km/h", "6 mph", or a pace "6:00/km", "9:40/mi".',
    ),
    Field("incline", FieldType.INCLINE, 'Treadmill incline of a timed step in percent: 1 or "1%".'),
)

BLOCK_FIELDS = _fields(
    Field(
        "repeat",
        FieldType.INTEGER,
        "How many rounds the block runs.",
        minimum=1,
        maximum=MAX_REPEAT,
    ),
    Field("steps", FieldType.STEPS, "The steps of one round.", True),
    Field("name", FieldType.STRING, "The block's name, shown with its round counter."),
    Field("rest_between", FieldType.DURATION, "Rest between rounds, not after the last."),
    Field("speed", FieldType.SPEED, "Default treadmill speed of the block's timed steps."),
    Field("incline", FieldType.INCLINE, "Default treadmill incline of the block's timed steps."),
)
