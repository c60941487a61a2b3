# Two entry points (see README): `make run` and `make test`. Both create .venv and install
# pinned requirements first, so they work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-dev build-sample lint

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: install-dev
	$(PY) -m pytest

lint: install-dev
	$(PY) -m ruff check lib tests bench app.py pages
	$(PY) -m mypy
