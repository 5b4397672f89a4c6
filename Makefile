# The two commands of the README: `make demo` and `make test`. Everything else is their parts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
DEMO_ADDR ?= 127.0.0.1:8000
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo test install install-test browser lint clean

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

demo: install
	$(BIN)/dxtrack demo --addr $(DEMO_ADDR)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: install-test browser lint
	$(BIN)/pytest -q

# Mutation testing of the number core, at least 95% of the mutants killed (.ci/mutation).
.PHONY: mutation
mutation: install-test
	BIN=$(BIN) bash .ci/mutation

clean:
	rm -rf $(VENV) var
