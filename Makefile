# The two commands: `make run` (the demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# the suite runs in parallel, one process per core (`make test WORKERS=0` runs it in one)
WORKERS ?= auto
# every test process imports every module: with bytecode cached once, each starts in half the time
# (an environment that forbids writing it would have every process compile every module again)
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup run test test-sqlite test-postgres lint coverage clean bench messages

$(BIN)/chancery: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

setup: $(BIN)/chancery

run: setup
	CHANCERY_DEMO=1 $(BIN)/chancery migrate --noinput
	CHANCERY_DEMO=1 $(BIN)/chancery collectstatic --noinput --verbosity 0
	CHANCERY_DEMO=1 $(BIN)/chancery load-reference
	CHANCERY_DEMO=1 $(BIN)/chancery load-dataset
	CHANCERY_DEMO=1 $(BIN)/chancery load-demo
	CHANCERY_DEMO=1 $(BIN)/chancery rebuild-search --if-empty
	CHANCERY_DEMO=1 $(BIN)/chancery serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	CHANCERY_DEBUG=1 $(BIN)/chancery makemigrations --check --dry-run

# a browser test runs in one pass: one that saves records on PostgreSQL, the rest on SQLite
test-sqlite: setup
	$(BIN)/pytest -n $(WORKERS) -m "not browser_writes" --durations=10

# tests that ask for no database run in the SQLite pass only (README: "Tests")
test-postgres: setup
	bin/test-postgres $(BIN)/pytest -n $(WORKERS) -m "not database_free and not page_words and (browser_writes or not browser)" \
	  --durations=10

# set-up, lint, SQLite, PostgreSQL; the time of each phase at the end
test:
	@MAKE="$(MAKE)" bin/test-phases

# the suite on SQLite under coverage.py (branch coverage): the total and each file's figure
coverage: setup
	$(BIN)/pytest -n $(WORKERS) --cov --cov-report=term

# the az and ru catalogues brought up to the marked strings, then compiled (the compiled ones are
# committed: `make run` needs no gettext); a new message is translated in the same commit
messages: setup
	CHANCERY_DEBUG=1 $(BIN)/chancery makemessages -l az -l ru --add-location=file --no-obsolete \
	  -i "*/tests/*" -i "bench/*" -i "var/*" -i "docs/*"
	CHANCERY_DEBUG=1 $(BIN)/chancery compilemessages --ignore ".venv"

clean:
	rm -rf $(VENV) var *.egg-info

# at a ministry's size (README: "Benchmarks"): the UN voting record, then every daily page on
# SQLite and PostgreSQL, written to docs/benchmarks.md
bench: setup
	$(BIN)/python bench/un_votes.py
	$(BIN)/python bench/pages.py
