# Rendezvous — two commands do all the set-up: `make run` and `make test`.
# Everything is installed from the hashed locks (requirements*.lock); `make lock` refreshes them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAGE ?= dev
PORT ?= 8000
# Test processes: one per core (2 here and in CI); `make test JOBS=0` runs them in this process.
JOBS ?= auto
# Resolved for Lambda's python3.11 runtime (Amazon Linux 2, glibc 2.26: manylinux2014 x86_64 wheels),
# which also install on any newer x86_64 Linux; the runtime set takes wheels only, as the bundle must.
UV_COMPILE = $(BIN)/uv pip compile --quiet --python-platform x86_64-manylinux_2_17 --python-version 3.11 \
	--generate-hashes --no-header

# axe-core, which the end-to-end tests run in Chromium on every page, comes from package-lock.json
# (npm ci, integrity-checked). Without npm the accessibility tests skip, and fail under CI.
AXE := node_modules/axe-core/axe.min.js
NPM := $(shell command -v npm 2>/dev/null)

.PHONY: run reset test lint format bench package e2e fuzz lock clean

$(STAMP): requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# `make run` keeps its data in .local-aws/ (git-ignored) across restarts; `make run FRESH=1` or
# `make reset` starts over with a new demo organisation.
run: $(STAMP)
	PORT=$(PORT) FRESH=$(FRESH) $(BIN)/python scripts/run_local.py

reset:
	rm -rf .local-aws

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(AXE): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(AXE)

# -rs: every skipped test is listed with its reason.
test: $(STAMP) $(if $(NPM),$(AXE)) lint
	$(BIN)/python -m pytest -q -rs -n $(JOBS) --dist loadgroup tests

e2e: $(STAMP) $(if $(NPM),$(AXE))
	$(BIN)/python -m pytest -q -rs tests/e2e

# The contract under schemathesis, long: FUZZ_EXAMPLES generated cases per operation plus its coverage
# phase (make test runs a few cases per operation); prints how many cases were sent.
FUZZ_EXAMPLES ?= 100
fuzz: $(STAMP)
	CONTRACT_EXAMPLES=$(FUZZ_EXAMPLES) CONTRACT_PHASES=examples,coverage,fuzzing \
		$(BIN)/python -m pytest -q -s -n $(JOBS) -p no:cacheprovider tests/contract

bench: $(STAMP) package
	$(BIN)/python scripts/bench.py

package: $(STAMP)
	STAGE=$(STAGE) scripts/package.sh

# Recompile both locks from requirements.txt and requirements-dev.txt (the runtime set first,
# so the dev lock holds the very same runtime versions). Commit the result on its own.
lock: $(STAMP)
	$(UV_COMPILE) --upgrade --only-binary :all: --output-file requirements.lock requirements.txt
	$(UV_COMPILE) --upgrade --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

clean:
	rm -rf build chalicelib/templates chalicelib/build.json .pytest_cache .ruff_cache node_modules
