# VoiceHive developer commands. Everything installs into local virtualenvs on first use.
PYTHON ?= python3
VENV := .venv
TASKS_VENV := .venv-tasks
PY := $(VENV)/bin/python

.PHONY: venv console browser up down status demo test unit lint bench clean

venv: $(VENV)/.installed $(TASKS_VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

$(TASKS_VENV)/.installed: requirements-emulator.txt
	$(PYTHON) -m venv $(TASKS_VENV)
	$(TASKS_VENV)/bin/pip install -q --upgrade pip
	$(TASKS_VENV)/bin/pip install -q -r requirements-emulator.txt
	touch $@

# The owner console: Node.js (apt) when missing, its npm packages from console/package-lock.json,
# and its assets built (python -m shared.local.console_build skips what is up to date).
APT := $(if $(filter 0,$(shell id -u)),,sudo) apt-get
console: venv
	@command -v npm >/dev/null || { $(APT) update -q && $(APT) install -y -q nodejs npm; }
	$(PY) -m shared.local.console_build

# Chromium from Debian for the browser tests (Playwright drives it; `playwright install` is never used).
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)
$(CHROMIUM):
	$(APT) install -y -q chromium || { $(APT) update -q && $(APT) install -y -q chromium; }

up: venv console
	$(PY) -m shared.local.stack up

down:
	@if [ -x $(PY) ]; then $(PY) -m shared.local.stack down; else echo "No local stack was running."; fi

status: venv
	$(PY) -m shared.local.stack status

demo: venv console
	$(PY) -m shared.local.demo

# pytest exits 5 when it collected no test: that is a failure here.
# TEST_NOW=<ISO instant with offset> runs the suite as if it were then (default: tests/clock.py).
test: venv console browser
	@TEST_NOW="$(TEST_NOW)" $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

unit: venv
	$(PY) -m pytest tests/unit -q

lint: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q tests/unit/test_code_limits.py tests/unit/test_layers.py

bench: venv
	$(PY) bench/availability.py
	$(PY) bench/call_turn.py
	$(PY) bench/cold_start.py
	$(PY) bench/reminders.py
	$(PY) bench/load.py
	$(PY) bench/relay_latency.py
	$(PY) bench/memory_recall.py
	$(PY) bench/nlu_accuracy.py ../shared/data/sgd_appointments/dev.jsonl
	$(PY) -m bench.calls.run
	$(PY) bench/console.py

clean: down
	rm -rf $(VENV) $(TASKS_VENV) .run .pytest_cache console/node_modules console/dist
