# Quick start: `make build` builds every course into dist/, `make test` runs the test suite.
# Installs are pinned by requirements/constraints.txt (the tested versions, for Python 3.11);
# `make lock` regenerates it, `make test-latest` / `make test-lowest` run the suite against
# the newest releases / the lower bounds in pyproject.toml, each in a venv of its own.
PYTHON ?= python3
PIP_Q  := --quiet
LOCK   := requirements/constraints.txt
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
LATEST := .venv-latest
LOWEST := .venv-lowest

.PHONY: build test test-latest test-lowest lock lint check bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_Q) --upgrade pip

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install $(PIP_Q) -c $(LOCK) -e .
	touch $@

$(TSTAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install $(PIP_Q) -c $(LOCK) -e '.[test]'
	touch $@ $(STAMP)

build: $(STAMP)
	$(BIN)/course-builder build

check: $(STAMP)
	$(BIN)/course-builder check

test: $(TSTAMP)
	$(BIN)/python -m pytest -q -n auto

# The newest release of every dependency, upgraded on every run: a breaking release shows
# the day it ships. The versions tested are printed first.
test-latest:
	test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install $(PIP_Q) --upgrade pip
	$(LATEST)/bin/pip install $(PIP_Q) --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/pip freeze --exclude-editable | tr '\n' ' ' && echo
	$(LATEST)/bin/python -m pytest -q -n auto -p no:cacheprovider

# The lower bounds declared in pyproject.toml (requirements/lowest.py lists them as pins).
$(LOWEST)/.installed: pyproject.toml requirements/lowest.py
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install $(PIP_Q) --upgrade pip
	$(PYTHON) requirements/lowest.py > $(LOWEST)/lowest.txt
	$(LOWEST)/bin/pip install $(PIP_Q) -e . -r $(LOWEST)/lowest.txt
	touch $@

test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/pip freeze --exclude-editable | tr '\n' ' ' && echo
	$(LOWEST)/bin/python -m pytest -q -n auto -p no:cacheprovider

# Regenerate the lock from a fresh venv with the newest releases (then run `make test`).
lock:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and \
		"make lock: the lock is for Python 3.11; run PYTHON=python3.11 make lock")'
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install $(PIP_Q) --upgrade pip
	.venv-lock/bin/pip install $(PIP_Q) -e '.[test]'
	{ echo "# The tested versions of every dependency (runtime and test extras), Python 3.11."; \
	  echo "# Used as pip constraints by the Makefile; regenerate with \`make lock\`."; \
	  .venv-lock/bin/pip freeze --exclude-editable; } > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	rm -rf .venv-lock

lint: $(TSTAMP)
	$(BIN)/ruff check builder tests benchmarks templates requirements
	$(BIN)/ruff format --check builder tests benchmarks templates requirements

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf dist .pytest_cache .ruff_cache build *.egg-info

# The builder's fixed strings: extract them from the code and the built-in theme's text
# templates into builder/locale/messages.pot, then bring each language's catalogue up to
# date (new strings appear untranslated, changed ones fuzzy). Translate, then `make test`.
LANGS := en fr ar
messages: $(TSTAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k gettext --no-location --sort-output \
		--omit-header -o builder/locale/messages.pot .
	for lang in $(LANGS); do \
		if [ -f builder/locale/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel -q update --no-wrap -i builder/locale/messages.pot \
				-d builder/locale -l $$lang --ignore-obsolete; \
		else \
			$(BIN)/pybabel -q init --no-wrap -i builder/locale/messages.pot \
				-d builder/locale -l $$lang; \
		fi; \
	done
