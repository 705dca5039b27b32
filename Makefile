# Set-up and everyday commands. `make demo` and `make test` each create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED := seeds/000_cf7ffd0df13b3f0f.txt

.PHONY: demo test bench clean

# torch is pinned and installed first: an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[fast,test]'
	touch $(STAMP)

# Check the seed article: JSON report in reports/, terminal report on screen.
# Exit code 1 means "findings at or above --fail-on", which is what the demo expects to show.
demo: $(STAMP)
	mkdir -p reports
	$(BIN)/checker check $(SEED) --quiet --format json --output reports/000_cf7ffd0df13b3f0f.json || [ $$? -eq 1 ]
	$(BIN)/checker check $(SEED) || [ $$? -eq 1 ]
	@echo "JSON report: reports/000_cf7ffd0df13b3f0f.json"

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
