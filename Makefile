# Rowad — `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; PYTEST_WORKERS=0 runs in one.
PYTEST_WORKERS ?= auto

# What the goals need from the system: browser and PDF tools only for the tests.
DEPS_FOR := $(if $(filter test pytest e2e,$(MAKECMDGOALS)),test,run)

.PHONY: install system-deps setup run serve test lint check-migrations pytest e2e bench bench-figures messages clean

# First thing every goal does (a fraction of a second when all is there): install the
# missing system packages as root, otherwise stop at once with the command to run.
system-deps:
	@PYTHON=$(PYTHON) VENV=$(VENV) scripts/system-deps.sh $(DEPS_FOR)

$(STAMP): requirements.txt requirements-dev.txt | system-deps
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: system-deps $(STAMP)

# Compiled catalogues are build products (.gitignore'd): rebuild them from the .po files.
messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v0

setup: install messages
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py collectstatic --no-input -v0 >/dev/null

run: setup
	$(PY) manage.py load_demo
	@echo "Rowad on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the task worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --queue-name '*' & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/bandit -q -r rowad -c pyproject.toml
	$(PY) scripts/check_catalogues.py

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run -v1

pytest: install messages
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint check-migrations pytest

e2e: install messages
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -n $(PYTEST_WORKERS) -m e2e $(PYTEST_ARGS)

# Every benchmark module (figures_dashboard included: it needs the PostgreSQL server on
# 127.0.0.1 and says so, skipping, when there is none).
bench: install messages
	$(PY) -m benchmarks

# The figures pages alone, at BENCH_FIGURES_PEOPLE (1000000) people on PostgreSQL.
bench-figures: install messages
	$(PY) -m benchmarks figures_dashboard

clean:
	rm -rf $(VENV) var/*.sqlite3* var/staticfiles
