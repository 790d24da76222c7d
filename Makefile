# closeknit — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: run test lint typecheck contracts test-core test-web test-web-pg test-browser lock bench clean services

# The environment is rebuilt whenever the lock, the project metadata or the compiled
# kernels' source changes (the editable install compiles them in place).
$(VENV)/.installed: requirements.lock pyproject.toml setup.py src/closeknit/conversation/_kernels.pyx
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

venv: $(VENV)/.installed

run: $(VENV)/.installed
	./scripts/run

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench setup.py
	$(BIN)/ruff format --check src tests bench setup.py

typecheck: $(VENV)/.installed
	$(BIN)/mypy

contracts: $(VENV)/.installed
	$(BIN)/lint-imports

# Everything that needs no database or browser.
test-core: $(VENV)/.installed
	$(BIN)/pytest tests --ignore=tests/web -p no:cacheprovider

test: lint typecheck contracts test-core
	@if [ -d tests/web ]; then $(MAKE) --no-print-directory test-web test-web-pg test-browser; fi

test-web: $(VENV)/.installed
	$(BIN)/pytest tests/web -m "not browser" -p no:cacheprovider

test-web-pg: $(VENV)/.installed services
	DATABASE_URL="$$(./scripts/services postgres-url)" $(BIN)/pytest tests/web -m "not browser" -p no:cacheprovider

test-browser: $(VENV)/.installed services
	$(BIN)/pytest tests/web -m browser -p no:cacheprovider

services:
	./scripts/services ensure

lock:
	uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 --generate-hashes -o requirements.lock

bench: $(VENV)/.installed
	$(BIN)/python bench/analyze.py
	$(BIN)/python bench/emotions.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
