# QMS Portal: `make run` to try it, `make test` to test it. Everything else is optional.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The first Python 3.12+ on PATH (pyenv honours .python-version).
PYTHON := $(shell for p in python3 python3.14 python3.13 python3.12 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)

.PHONY: run test lint format install check-system migrate demo worker messages mutation bench-print bench-import bench-reports clean

run: install migrate demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops the server and the background worker)"
	@set -m; DEBUG=1 $(PY) manage.py worker >.worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

# Lint and format check (CI runs it); `make format` applies the formatter and the safe fixes.
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@$(MAKE) --no-print-directory check-system
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@$(PY) -c "import weasyprint" >/dev/null 2>&1 || { \
		echo ""; \
		echo "WeasyPrint cannot find its system libraries (Pango, HarfBuzz)."; \
		echo "Install them, then run make again:"; \
		echo "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
		echo "  Fedora:        sudo dnf install pango"; \
		echo "  macOS:         brew install pango"; \
		exit 1; }
	@touch $@

check-system:
	@if [ -z "$(PYTHON)" ]; then \
		echo "QMS Portal needs Python 3.12 or newer, and none was found on PATH."; \
		echo "Install it, then run make again:"; \
		echo "  Debian/Ubuntu: sudo apt-get install python3.12 python3.12-venv   (or: pyenv install 3.12)"; \
		echo "  macOS:         brew install python@3.12"; \
		exit 1; fi
	@$(PYTHON) -c "import venv, ensurepip" >/dev/null 2>&1 || { \
		echo "Python's venv module is missing. Install it: sudo apt-get install python3-venv"; exit 1; }

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: install
	DEBUG=1 $(PY) manage.py demo_data

worker: install
	DEBUG=1 $(PY) manage.py worker

# Regenerate the translation catalogues after changing user-visible strings (needs GNU gettext).
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l vi -l en --no-obsolete --add-location file -i ".venv/*" -i "bench/*" -i "tests/*" -i "docs/*" -i "mutants/*"
	DEBUG=1 $(PY) manage.py compilemessages -l vi -l en

# Mutation testing of the core modules, one module at a time (by hand, ~1 h on 2 cores; not in CI).
# Scores and the mutants judged equivalent go to docs/testing.md. `make mutation MODULES="qms_portal.legacy*"`
# runs one module; `.venv/bin/mutmut show NAME` shows a surviving mutant.
MODULES ?=
mutation: install
	$(PY) -m pip install --quiet -r requirements-dev.txt
	bench/mutation.sh $(MODULES)

# Benchmarks (run by hand; figures go to docs/performance.md).
bench-print: install
	$(PY) bench/bench_print.py
	$(PY) bench/bench_print_once.py

bench-import: install
	$(PY) bench/bench_import.py

BENCH_DB ?= sqlite:////tmp/qms-bench.sqlite3
bench-reports: install
	DATABASE_URL=$(BENCH_DB) SECRET_KEY=bench-only SECURE_SSL_REDIRECT=0 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) SECRET_KEY=bench-only SECURE_SSL_REDIRECT=0 $(PY) bench/bench_reports.py --seed --units 500 --runs 9

clean:
	rm -rf $(VENV) .test-media staticfiles .pytest_cache
