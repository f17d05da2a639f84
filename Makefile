# Quick start: `make build` builds every course into dist/, `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: build test lint check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

build: $(STAMP)
	$(BIN)/course-builder build

check: $(STAMP)
	$(BIN)/course-builder check

test: $(TSTAMP)
	$(BIN)/python -m pytest -q

lint: $(TSTAMP)
	$(BIN)/ruff check builder tests benchmarks templates
	$(BIN)/ruff format --check builder tests benchmarks templates

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf dist .pytest_cache .ruff_cache build *.egg-info
