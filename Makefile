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

.PHONY: run test lint format bench package e2e fuzz lock clean

$(STAMP): requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $(STAMP)

run: $(STAMP)
	PORT=$(PORT) $(BIN)/python scripts/run_local.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n $(JOBS) --dist loadgroup tests

e2e: $(STAMP)
	$(BIN)/python -m pytest -q tests/e2e

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
	rm -rf build chalicelib/templates chalicelib/build.json .pytest_cache .ruff_cache
