# xdocs: every target bootstraps its own virtualenv (.venv) on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
XDOCS  := $(VENV)/bin/xdocs
STAMP  := $(VENV)/.installed-stamp
VERSION ?= $(shell date +%Y.%m)

.PHONY: portal test lint-docs bench publish serve clean help

help:
	@echo "make portal     build the portal from cards/ into site/"
	@echo "make test       run the test suite"
	@echo "make lint-docs  check cards/ and the style guide (fails on errors)"
	@echo "make bench      run the benchmarks and write docs/benchmarks.md"
	@echo "make serve      preview the portal with mkdocs serve"
	@echo "make publish VERSION=2026.11   deploy a version with mike to the local gh-pages branch"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

portal: $(STAMP)
	$(XDOCS) build --cards cards --site-dir site

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty

test: $(STAMP)
	$(PY) -m pytest -q -n 2 --dist loadfile

# LINT_ARGS: extra `xdocs check` options, e.g. in CI
#   make lint-docs LINT_ARGS="--changed-since origin/main --format sarif --output xdocs.sarif"
LINT_ARGS ?=
lint-docs: $(STAMP)
	$(XDOCS) check $(LINT_ARGS) cards styleguide

bench: $(STAMP)
	$(PY) tests/bench/run.py

publish: $(STAMP)
	$(XDOCS) build --published --markdown-only .publish-pages
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/mike deploy --config-file .publish-pages/mkdocs.yml --update-aliases $(VERSION) latest

clean:
	rm -rf site .xdocs-cache .pytest_cache .publish-pages
