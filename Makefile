# The two commands of the README: `make demo` and `make test`. Everything else is their parts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
DEMO_ADDR ?= 127.0.0.1:8000
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo test install install-test browser report-deps lint clean

# Debian's python3 has no venv module until python3-venv is installed.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Debian's Chromium drives the browser tests; Playwright's own browser download is not used.
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# Reports: Liberation Serif 2 (Times New Roman's metrics, every Vietnamese letter) for the PDF
# and the DOCX rules; Pango for WeasyPrint; poppler-utils (pdftoppm) for the PDF tests.
REPORT_PACKAGES := fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
report-deps:
	@dpkg -s $(REPORT_PACKAGES) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $(REPORT_PACKAGES); }

# Benchmarks (bench/): wrk drives the overview at N concurrent in bench/bench_national.py.
BENCH_PACKAGES := wrk
.PHONY: bench-deps
bench-deps:
	@dpkg -s $(BENCH_PACKAGES) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $(BENCH_PACKAGES); }

demo: install report-deps
	$(BIN)/dxtrack demo --addr $(DEMO_ADDR)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: install-test browser report-deps lint
	$(BIN)/pytest -q

# Mutation testing of the number core, at least 95% of the mutants killed (.ci/mutation).
.PHONY: mutation
mutation: install-test
	BIN=$(BIN) bash .ci/mutation

clean:
	rm -rf $(VENV) var

# Benches (not tests; figures in docs/operations.md). The load bench runs wrk against
# `dxtrack serve` on the demo: 60 s per page at 20 concurrent, then a 10-minute soak.
.PHONY: bench bench-load bench-backup
bench: bench-load bench-backup
bench-load: install
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(BIN)/python bench/bench_load.py
bench-backup: install
	$(BIN)/python bench/bench_backup.py
	$(BIN)/python bench/bench_backup.py --values 1000000
