# Set-up and everyday commands. `make demo` and `make test` each create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo needs checker alone (the offline engine is in its wheel); the tests add the hub-model
# extras (torch, transformers, CTranslate2: tiny models are built in the tests) and playwright.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SEED := seeds/000_cf7ffd0df13b3f0f.txt

.PHONY: demo test lint install-check browser apertium bench clean
# Root installs system packages directly; anyone else through sudo, when it works without a prompt.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(STAMP)

# torch is pinned and installed first: an unpinned torch pulls a multi-GB CUDA build.
$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[fast,test,lint]'
	touch $(TEST_STAMP)

# Check the seed article: JSON report in reports/, terminal report on screen.
# Exit code 1 means "findings at or above --fail-on", which is what the demo expects to show.
demo: $(STAMP) apertium
	mkdir -p reports
	$(BIN)/checker check $(SEED) --quiet --format json --output reports/000_cf7ffd0df13b3f0f.json || [ $$? -eq 1 ]
	$(BIN)/checker check $(SEED) --quiet --format html --output reports/000_cf7ffd0df13b3f0f.html || [ $$? -eq 1 ]
	$(BIN)/checker check $(SEED) || [ $$? -eq 1 ]
	@echo "Reports: reports/000_cf7ffd0df13b3f0f.json, reports/000_cf7ffd0df13b3f0f.html (open it in a browser)"

test: $(TEST_STAMP) browser apertium
	$(BIN)/python -m pytest

# The project's own hygiene, as the linters it imitates keep theirs: ruff (lint and format) and mypy.
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# `pip install .` into a new virtualenv checks the seed with the default engine and installs
# nothing the default engine does not use (no torch, transformers, CTranslate2 or playwright).
install-check:
	PYTHON=$(PYTHON) .ci/install-check

# The HTML report is tested in Debian's chromium, driven by Playwright; no browser is downloaded.
# Without chromium (and no way to install it) those tests are skipped, unless
# CHECKER_REQUIRE_BROWSER=1 (as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "installing chromium for the HTML report tests"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || { $(SUDO) apt-get update -q >/dev/null && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; } || echo "could not install chromium: browser tests will be skipped"; }

# Apertium translates a French source (--source) offline: Debian's packages, installed like chromium.
# Without them checker still runs, and its report says the source was not translated and why.
APERTIUM_PACKAGES := apertium apertium-fr-es apertium-eng-spa apertium-es-pt
apertium:
	@apertium -l 2>/dev/null | grep -q spa-eng && apertium -l | grep -q es-pt && apertium -l | grep -q fr-es || { \
	  echo "installing Apertium (fr-es, eng-spa, es-pt) for checking against a French source"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APERTIUM_PACKAGES) >/dev/null || { $(SUDO) apt-get update -q >/dev/null && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APERTIUM_PACKAGES) >/dev/null; } || \
	  echo "could not install Apertium: --source will not translate the source (the report says so)"; }

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
