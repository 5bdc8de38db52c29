# Two commands matter: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.dev-installed

.PHONY: run test lint typecheck audio sounds schema bench bench-long clean fuzz compat install uninstall
BINDIR ?= $(HOME)/.local/bin

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Sound comes with the install: miniaudio, from wheels (no compiler, no ALSA headers).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# The dev install adds the optional simpleaudio backend for its tests; it builds against
# the ALSA headers (.ci/run installs libasound2-dev); without them its tests skip.
$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	@$(MAKE) --no-print-directory audio >/dev/null 2>&1 \
	  || echo "note: the simpleaudio backend's tests will skip (it builds with: sudo apt-get install -y libasound2-dev && make audio)"
	touch $@

run: $(STAMP)
	$(BIN)/timer-tui

# `timer-tui` on your PATH: a link in ~/.local/bin (BINDIR=...) to this checkout's
# .venv/bin/timer-tui, so it follows the checkout (git pull needs no reinstall).
install: $(STAMP)
	mkdir -p "$(BINDIR)"
	ln -sfn "$(abspath $(BIN))/timer-tui" "$(BINDIR)/timer-tui"
	@echo "installed $(BINDIR)/timer-tui (make uninstall removes it)"
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; \
	  *) echo "note: $(BINDIR) is not on your PATH; add to your shell's rc file:" \
	       'export PATH="$(BINDIR):$$PATH"';; esac

uninstall:
	rm -f "$(BINDIR)/timer-tui"

# Sound in this checkout: the install's own backend (miniaudio), then the optional
# simpleaudio backend (timer-tui[simpleaudio]), which needs the ALSA headers to build.
audio: | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q -e '.[simpleaudio]' \
	  || { echo "simpleaudio did not build; sound still works through miniaudio. For simpleaudio: sudo apt-get install -y libasound2-dev && make audio" >&2; exit 1; }

lint: $(DEVSTAMP)
	$(BIN)/ruff check timer_tui tests benchmarks tools
	$(BIN)/ruff format --check timer_tui tests benchmarks tools
	@# The layers (cli > ui > audio | log > library > core) from [tool.importlinter].
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(DEVSTAMP)
	@# Strict over timer_tui, tests, benchmarks and tools: the list is [tool.mypy] files.
	$(BIN)/mypy

# pytest-xdist: the pure and Pilot tests keep both cores busy (-n 2); the real
# processes, tmux and audio tests mostly wait on real time, so three run at once.
test: lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/unit tests/app
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 3 tests/e2e tests/audio

# 100,000 fuzzed inputs through the loader, `show`, `--cues` and the engine (about
# 15 minutes); `make test` runs 2,200 of them.
fuzz: $(DEVSTAMP)
	TIMER_TUI_FUZZ_EXAMPLES=100000 TIMER_TUI_FUZZ_REPORT=1 \
	  $(BIN)/python -m pytest -q -p no:cacheprovider -s tests/unit/test_fuzz.py

# The core tests and one real plain run on Python 3.10, 3.12 and 3.13 (pyenv), each
# in its own venv under .compat/; .ci/run runs it after `make test`.
compat:
	tools/ci_pythons.sh

# The session schema, after a change to the format: docs/ and the copy the bundled
# sessions' #:schema lines name (it goes into the wheel with them).
schema: $(STAMP)
	$(BIN)/timer-tui schema > docs/session.schema.json
	cp docs/session.schema.json sessions/session.schema.json

sounds: $(STAMP)
	$(BIN)/python tools/gen_sounds.py

# Issue 16's figures, each beside termdown or the floor (a minimal Textual app) in the
# same run, medians of several rounds: about 15 minutes on 2 cores. The table of
# record is benchmarks/RESULTS.md. `make bench-long` runs a whole 30-minute C25K
# session (sound, voice, log) beside termdown counting down the same 30 minutes.
bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/side_by_side.py --floor
	$(BIN)/python benchmarks/first_frames.py
	$(BIN)/python benchmarks/start_cost.py
	$(BIN)/python benchmarks/memory_parts.py
	$(BIN)/python benchmarks/history_write.py
	$(BIN)/python benchmarks/boundary_lateness.py
	$(BIN)/python benchmarks/cue_latency.py

bench-long: $(DEVSTAMP)
	$(BIN)/python benchmarks/c25k_session.py

clean:
	rm -rf $(VENV) .compat build dist .mypy_cache .ruff_cache
