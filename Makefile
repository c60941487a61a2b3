# Two entry points (see README): `make run` and `make test`. Both create .venv, install pinned
# requirements and compile the quote finder with mypyc (`make accel`: skipped when up to date, and
# the plain modules are used if no C compiler is found), so they work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-dev accel build-sample lint

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-accel.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-accel.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-accel.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

accel: install
	$(PY) -m lib.accel_build

run: accel
	$(PY) -m streamlit run app.py --server.port $(PORT)

# The tests check that the compiled modules are the ones in use, so here a failed compile stops.
test: install-dev
	$(PY) -m lib.accel_build --strict
	$(PY) -m pytest

lint: install-dev
	$(PY) -m ruff check lib tests bench app.py pages
	$(PY) -m mypy
