# xdocs: every target bootstraps its own virtualenv (.venv) on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
XDOCS  := $(VENV)/bin/xdocs
STAMP  := $(VENV)/.installed-stamp
VERSION ?= $(shell date +%Y.%m)

.PHONY: portal test lint-docs bench publish serve clean help screenshots

help:
	@echo "make portal     build the portal from cards/ into site/"
	@echo "make test       run the test suite"
	@echo "make lint-docs  check cards/ and the style guide (fails on errors)"
	@echo "make bench      run the benchmarks and write docs/benchmarks.md"
	@echo "make screenshots  every portal page type at 1440 and 390 px in test-artifacts/screenshots/"
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

# Screenshots of every page type of the portal at 1440 px and 390 px, for reviewers, from
# the browser test that also checks them (console errors, outside requests, overflow).
screenshots: $(STAMP)
	$(PY) -m pytest -q -m browser tests/browser/test_browser_pages.py -k every_page_type
	@echo "screenshots in test-artifacts/screenshots/"

# publish refuses a dirty tree: the deploy's commit message names HEAD, so what it
# deploys must be what HEAD holds. ALLOW_DIRTY=1 overrides (the message says so).
PUBLISH_PATHS := cards site_config styleguide templates mkdocs.yml
ALLOW_DIRTY ?=
publish: $(STAMP)
	@dirty="$$(git status --porcelain -- $(PUBLISH_PATHS))"; \
	if [ -n "$$dirty" ] && [ -z "$(ALLOW_DIRTY)" ]; then \
	  echo "xdocs: make publish refused: uncommitted changes would be deployed under a commit that does not hold them:" >&2; \
	  echo "$$dirty" >&2; \
	  echo "xdocs: commit them first, or run make publish ALLOW_DIRTY=1 VERSION=$(VERSION)" >&2; \
	  exit 2; \
	fi
	$(XDOCS) build --published --markdown-only .publish-pages
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/mike deploy --config-file .publish-pages/mkdocs.yml --update-aliases $(VERSION) latest

clean:
	rm -rf site .xdocs-cache .pytest_cache .publish-pages
