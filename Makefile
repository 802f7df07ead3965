# samestory — every target bootstraps .venv itself (only Python 3.11+ is needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LINTED := generator tests benchmarks lite scripts

.PHONY: modules validate test lint format lab bench binder-check lite lite-serve clean help

help:
	@echo "make modules   validate corpus/ and (re)write modules/"
	@echo "make test      run every test (installs what it needs)"
	@echo "make lint      ruff check and format check"
	@echo "make lab       open JupyterLab on modules/"
	@echo "make validate  only check corpus/ (one line per problem)"
	@echo "make binder-check  build the Binder environment and run the browser tests in it"
	@echo "make lite      build the browser-only JupyterLite site into _site/"
	@echo "make lite-serve    serve _site/ on http://127.0.0.1:$(LITE_PORT)/"
	@echo "make bench     run benchmarks/ and write benchmarks/results.json"

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "samestory needs Python 3.11 or newer; found $$($(PYTHON) --version)." \
	         "Run: make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

modules: $(STAMP)
	$(BIN)/python -m generator build corpus --out modules

validate: $(STAMP)
	$(BIN)/python -m generator validate corpus

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: $(STAMP)
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

lab: $(STAMP)
	$(BIN)/jupyter lab modules/

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts

# --- binder-check (issue 5) ---------------------------------------------------
# Our stand-in for mybinder.org: builds .cache/binder-venv from binder/ as
# repo2docker would (requirements.txt, then postBuild), serves the modules from it
# on 127.0.0.1 and runs the real-browser tests (tests/browser) against it.
# Needs Debian's chromium: apt-get install -y chromium fonts-dejavu-core
binder-check: $(STAMP)
	PYTHON=$(PYTHON) TEST_PYTHON=$(BIN)/python scripts/binder_check.sh

# ---------------------------------------------------------------- bench (benchmarks/)
# Every section, about 10 minutes; the first run on a machine also creates the
# nbgrader and Binder venvs under benchmarks/.work/. BENCH_QUICK=1 is a smoke run of
# the harness; BENCH_ARGS passes options, e.g. BENCH_ARGS="--section export --no-lite".
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# --- lite, lite-serve (issue 7: the browser-only JupyterLite site) --------------
# `make lite` builds _site/ (git-ignored): JupyterLite with the Pyodide kernel and
# every module of modules/, fetched at build time from PyPI and npm only. The build
# tools go into their own venv under .cache/lite/ (not .venv, not Binder); Python
# 3.12 is preferred and looked for on PATH and under pyenv, 3.11 works too. An
# unchanged checkout is not rebuilt. Publishing _site/: docs/publishing.md.
LITE_PORT ?= 8000

lite:
	$(PYTHON) lite/build.py

lite-serve: lite
	$(PYTHON) lite/serve.py --port $(LITE_PORT)

# --- i18n (issue 15: translations; docs/translating.md) ---------------------------
# i18n-extract: templates/ -> generator/locale/samestory.pot (babel.cfg says how);
# i18n-update: merge the .pot into every language's .po; i18n-init CODE=xx: start a
# language; i18n-compile: .po -> the .mo files the build reads (committed, shipped
# in the wheel). tests/test_translations.py fails on a missing or stale translation.
LOCALE := generator/locale
BABEL  := PYTHONPATH=$(CURDIR) $(BIN)/pybabel

.PHONY: i18n-extract i18n-update i18n-init i18n-compile

i18n-extract: $(STAMP)
	$(BABEL) extract -F babel.cfg --no-location --sort-output --omit-header \
	  --project samestory -o $(LOCALE)/samestory.pot .

i18n-update: i18n-extract
	$(BABEL) update -D samestory -i $(LOCALE)/samestory.pot -d $(LOCALE) \
	  --no-fuzzy-matching --ignore-obsolete

i18n-init: i18n-extract
	@test -n "$(CODE)" || { echo "usage: make i18n-init CODE=xx"; exit 2; }
	$(BABEL) init -D samestory -i $(LOCALE)/samestory.pot -d $(LOCALE) -l $(CODE)

i18n-compile: $(STAMP)
	$(BABEL) compile -D samestory -d $(LOCALE) --statistics
