# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := run

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast stop db-reset bench install install-test

## Install what is missing, start the local database and serve the app on http://localhost:3000
run: install
	@python -m worldspeak serve

## Install what the tests need and run the whole suite (non-zero on any failure)
test: install-test
	@scripts/test.sh

## The quick loop: lint, types, pgTAP, unit, service and database tests; no browser
test-fast: install-test
	@scripts/test.sh --fast

## Stop the local database (the app stops with Ctrl-C)
stop:
	@python -m worldspeak db stop

## Rebuild the local database from migrations and seed
db-reset: install
	@python -m worldspeak db reset

## Run the benchmarks under bench/ and print their figures
bench: install-test
	@scripts/bench.sh

install:
	@scripts/install.sh run

install-test:
	@scripts/install.sh test
