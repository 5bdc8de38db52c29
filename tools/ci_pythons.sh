#!/usr/bin/env bash
# The core tests and one real plain run on the other Pythons the package supports.
#
# `make test` runs everything on the venv's Python (3.11). This runs, for each of
# 3.10, 3.12 and 3.13 from pyenv: a venv of its own under .compat/, the package
# installed into it (with pytest and hypothesis), the unit tests that need neither
# Textual nor Rich nor audio (the core, the library, the log, the loader's fuzz
# test with fewer inputs), and one real `timer-tui run --plain --json --mute` of a
# two-second session, whose last line must be session_finished. Each phase is timed.
#
# Usage: tools/ci_pythons.sh [3.10 3.12 ...]   (default: 3.10 3.12 3.13)
# A version pyenv does not have is an error: CI must not pass by skipping it.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.10 3.12 3.13)
root="${PYENV_ROOT:-$HOME/.pyenv}/versions"

# Unit test files that import no Textual, Rich, UI or audio module: the core's. The
# audio tests stay out: tools/gen_sounds.py's WAVs come out different on 3.12 and 3.13.
# So do those that need a dev-only reader (jsonschema, fitdecode, the schema-editor
# tests' helpers): these venvs get the package, pytest and hypothesis only.
mapfile -t core_tests < <(
  grep -L -E 'textual|rich|timer_tui\.ui|timer_tui\.audio|jsonschema|fitdecode|test_schema_editors' \
    tests/unit/test_*.py |
    grep -v '/test_audio_' | sort
)

session="$(mktemp -d)"
trap 'rm -rf "$session"' EXIT
cat >"$session/short.toml" <<'EOF'
name = "Compat check"
[cues]
countdown = 0
halfway = false
voice = false
[[steps]]
kind = "run"
duration = 1
[[steps]]
kind = "walk"
duration = 1
EOF

now() { date +%s.%N; }
took() { printf '%.1f s' "$(echo "$(now) - $1" | bc)"; }

failed=()
for version in "${versions[@]}"; do
  python=$(ls -d "$root/$version".*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$python" ]; then
    echo "== Python $version: not found under $root" >&2
    failed+=("$version")
    continue
  fi
  venv=".compat/py$version"
  echo "== Python $version ($python)"
  start=$(now)
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  # (pip's notes about this machine's missing local indexes are left out)
  if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e . pytest hypothesis \
    2>"$session/pip-$version"; then
    cat "$session/pip-$version" >&2
    failed+=("$version install")
    continue
  fi
  grep -v "is ignored: it is neither a file nor a directory" "$session/pip-$version" >&2 || true
  echo "   install: $(took "$start")"

  start=$(now)
  if ! TIMER_TUI_FUZZ_EXAMPLES=600 "$venv/bin/python" -m pytest -q -p no:cacheprovider \
    -o addopts="" -W ignore::pytest.PytestConfigWarning "${core_tests[@]}"; then
    failed+=("$version tests")
  fi
  echo "   core tests (${#core_tests[@]} files): $(took "$start")"

  start=$(now)
  xdg="$session/xdg-$version"
  mkdir -p "$xdg"
  out=$(XDG_DATA_HOME="$xdg/data" XDG_CONFIG_HOME="$xdg/config" XDG_CACHE_HOME="$xdg/cache" \
    XDG_STATE_HOME="$xdg/state" "$venv/bin/timer-tui" run "$session/short.toml" \
    --plain --json --mute </dev/null 2>"$session/stderr-$version") || true
  last=$(printf '%s\n' "$out" | tail -n 1)
  if printf '%s' "$last" | "$venv/bin/python" -c \
    'import json, sys; sys.exit(json.load(sys.stdin)["event"] != "session_finished")'; then
    echo "   real run: $(printf '%s\n' "$out" | wc -l) events, ends with session_finished: $(took "$start")"
  else
    echo "   real run FAILED; last line: $last" >&2
    cat "$session/stderr-$version" >&2
    failed+=("$version run")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
echo "all of ${versions[*]}: core tests and a real run pass"
