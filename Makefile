# Everything a fresh machine needs: a virtualenv with the pinned requirements, the pinned
# Pulumi engine (built once with Go, cached outside the checkout) and the Proton emulator.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
ENGINE_FILE := $(VENV)/.engine-bin
# Runs a command with the engine and the virtualenv first on PATH (the dynamic-provider host
# that Pulumi starts is `python3` from PATH).
WITH_ENGINE = PATH="$$(cat $(ENGINE_FILE)):$(CURDIR)/$(VENV)/bin:$$PATH" PULUMI_SKIP_UPDATE_CHECK=true

.PHONY: all venv engine demo test bench lint clean
all: test

$(VENV_STAMP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --editable .
	touch $@

venv: $(VENV_STAMP)

engine: venv
	scripts/install-pulumi > $(ENGINE_FILE)

demo: engine
	$(WITH_ENGINE) scripts/demo

test: engine
	$(WITH_ENGINE) $(PY) -m pytest $(PYTEST_ARGS)

bench: engine
	$(WITH_ENGINE) $(PY) -m bench

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy provider tests bench scripts/pulumi-language-python

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
