# The two commands: `make run` (the demo site) and `make test` (the whole suite);
# `make bench` load-tests the site (bench/run.py; BENCH_ARGS="--sizes 1000"),
# `make soak` loads it while an editor works (bench/soak.py; SOAK_ARGS="--pieces 10000").
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Local use runs in debug mode; production sets DEBUG=0 and a SECRET_KEY itself.
export DEBUG ?= 1

.PHONY: run test lint bench soak wrk check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
		echo "Newsroom needs Python 3.12 or newer, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)."; \
		echo "Install Python 3.12+ (e.g. 'pyenv install 3.12') or run: make PYTHON=/path/to/python3.12 run"; \
		exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $@

run: $(VENV)/.installed
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo "Admin: http://127.0.0.1:8000/admin/ (demo accounts and passwords above, shown once)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

test: lint
	$(BIN)/python -m pytest

wrk:
	@command -v wrk >/dev/null || { \
		echo "The benchmark needs wrk; installing the Debian package..."; \
		apt-get install -y -qq wrk >/dev/null 2>&1 || { \
			echo "Could not install wrk. Install it (apt-get install wrk) and try again."; \
			exit 1; }; }

bench: $(VENV)/.installed wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

soak: $(VENV)/.installed wrk
	$(BIN)/python bench/soak.py $(SOAK_ARGS)
