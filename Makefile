# SECURITY ACTION Portal. Quick start: `make run`, then `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test venv system-deps system-deps-test messages migrate demo worker lint typecheck ci clean

## run: install what is missing, migrate the SQLite database, load demo data, serve :8000 with a worker
run: system-deps venv messages
	DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://127.0.0.1:$${PORT:-8000}} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://127.0.0.1:$${PORT:-8000}} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} scripts/serve-dev.sh

## test: the whole suite (unit, HTTP and browser tests)
test: system-deps-test venv messages
	$(BIN)/pytest $(PYTEST_ARGS)

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

system-deps:
	@scripts/system-deps.sh runtime

system-deps-test:
	@scripts/system-deps.sh test

messages: venv
	@if find src -type d -name locale | grep -q .; then \
	  DEBUG=1 $(BIN)/python manage.py compilemessages --ignore='.venv' --ignore='var' >/dev/null; fi

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

## worker: one background worker (run several, on several machines, against one PostgreSQL queue)
worker: venv
	$(BIN)/python manage.py db_worker --queue-name '*'

## lint: ruff, then the layers of docs/architecture.md (import-linter contracts in pyproject.toml)
lint: venv
	$(BIN)/ruff check .
	PYTHONPATH=src $(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy src

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/db.sqlite3* var/test-artifacts
