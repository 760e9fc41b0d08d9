# SECURITY ACTION Portal. Quick start: `make run`, then `make test` in a second terminal.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Overridable (e.g. `VENV=/tmp/venv-test make venv-run`) to try the install steps without touching .venv.
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1
# Each step says what it does, so a first run that takes minutes is never silent.
say = @printf '\n==> %s\n' "$(1)"

.PHONY: run serve test venv venv-run venv-dev system-deps system-deps-test messages migrate demo worker lint oidc-provider oidc-dev \
	typecheck ci clean

## run: install what running needs, migrate the SQLite database, load demo data, serve with a worker
run: system-deps venv-run messages
	$(call say,Migrating the SQLite database under var/)
	DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py migrate --noinput
	$(call say,Loading the demo data (idempotent))
	DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py seed_demo
	$(call say,Serving http://$(HOST):$(PORT)/ with one background worker in the foreground (Ctrl-C stops both). Run make test in a second terminal.)
	DEBUG=$${DEBUG:-1} VENV=$(VENV) HOST=$(HOST) PORT=$(PORT) scripts/serve-dev.sh

## test: the whole suite (unit, HTTP and browser tests); installs the development tools first
test: system-deps-test venv-dev messages oidc-provider
	$(call say,Running the test suite (several minutes; browser tests included))
	$(BIN)/pytest $(PYTEST_ARGS)

## venv-run: the virtualenv with what the portal needs to run; venv-dev (alias venv): plus the development tools
venv-run: $(VENV)/.installed-run
venv-dev: $(VENV)/.installed-dev
venv: venv-dev

$(BIN)/python:
	$(call say,Creating the Python virtualenv in $(VENV))
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(call say,Installing the Python packages the portal needs to run (first time: about 1-3 minutes))
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed-run
	$(call say,Installing the development tools: pytest / Playwright / ruff / mypy (first time: about 1-3 minutes))
	$(PIP) install -e '.[dev]'
	@touch $@

## oidc-provider: the test suite's real OpenID Connect provider (npm oidc-provider, tests/oidc_provider/)
oidc-provider: tests/oidc_provider/node_modules/.installed

tests/oidc_provider/node_modules/.installed: tests/oidc_provider/package.json tests/oidc_provider/package-lock.json
	$(call say,Installing the test OpenID Connect provider (npm oidc-provider) from the npm registry)
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the OpenID Connect tests" >&2; exit 1; }
	npm ci --prefix tests/oidc_provider --no-audit --no-fund --loglevel=error
	@touch $@

## oidc-dev: a local GビズID stand-in for trying the sign-in by hand (docs/identity.md)
oidc-dev:
	scripts/dev-oidc.sh

system-deps:
	@scripts/system-deps.sh runtime

system-deps-test:
	@scripts/system-deps.sh test

messages: venv-run
	$(call say,Compiling the translations)
	@if find src -type d -name locale | grep -q .; then \
	  DEBUG=1 $(BIN)/python manage.py compilemessages --ignore='.venv' --ignore='var' >/dev/null; fi

migrate: venv-run
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

## worker: one background worker (run several, on several machines, against one PostgreSQL queue)
worker: venv-run
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
