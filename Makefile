# ETF Atlas: `make run` sets everything up and runs the pipeline, Dagster UI and API; `make test` runs the tests.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ATLAS := $(BIN)/atlas
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
# dagster dev and dagster-dbt call `dbt` by name: the venv must be on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install db dbt-parse dagster-yaml run serve test lint format bench bench-pipeline dbt-docs clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

db: install
	$(ATLAS) db up

dbt-parse: install
	mkdir -p $(DAGSTER_HOME)
	$(BIN)/python -m orchestration.lib.dbt_manifest

# The embedded instance's settings; an existing file (e.g. a deployment's) is left alone.
$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	printf '%s\n' \
	  '# Written by make run. Storage: SQLite in this folder; runs on this machine (two at a time).' \
	  '# To run on a Dagster deployment, see README "Running on a Dagster deployment".' \
	  'telemetry:' '  enabled: false' \
	  'run_coordinator:' '  module: dagster.core.run_coordinator' '  class: QueuedRunCoordinator' \
	  '  config:' '    max_concurrent_runs: 2' > $@

dagster-yaml: $(DAGSTER_HOME)/dagster.yaml

run: db dbt-parse dagster-yaml
	$(ATLAS) materialize
	$(MAKE) --no-print-directory serve

serve: dagster-yaml
	@echo "Dagster UI on http://127.0.0.1:3000, API on http://127.0.0.1:8000 (Ctrl-C stops both)"
	trap 'kill 0' EXIT INT TERM; \
	$(ATLAS) serve --host 127.0.0.1 --port 8000 & \
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

test: db dbt-parse
	ATLAS_TEST_DB_RESTART=1 $(BIN)/pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: db dbt-parse dagster-yaml
	$(BIN)/python -m bench.run_all

# The pipeline part alone: all snapshot dates from empty, then `atlas materialize` with nothing new (wall clock).
bench-pipeline: db dbt-parse dagster-yaml
	$(BIN)/python -m bench.pipeline --only-all-dates

dbt-docs: db dbt-parse
	$(BIN)/python -m orchestration.lib.dbt_docs

clean:
	rm -rf $(VENV) .dagster_home dbt_project/target dbt_project/logs
