# Memorial — the two commands a newcomer needs are `make run` and `make test`.
# Python 3.11: python3.11 when the machine has it, otherwise python3 (checked before the virtualenv is made).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint check migrate demo admin serve system-packages pytest suites messages clean bench bench-packages bench-all bench-archive bench-exports bench-bulk

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
		|| { echo "Python 3.11 is needed ($(PYTHON) is not it; set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

system-packages: ## Install the Debian packages the tests need (chromium, npm, Java) when they are missing
	@tests/system_packages.sh

node_modules/.installed: package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --silent
	touch $@

run: $(VENV)/.installed migrate demo serve ## Install, migrate, load demo content and serve (PORT=8000)

migrate: $(VENV)/.installed ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: $(VENV)/.installed ## Load the demo content (idempotent)
	$(PY) manage.py load_demo

admin: $(VENV)/.installed ## Create or reset the development admin account and print its password
	$(PY) manage.py dev_admin --reset

# The task worker (admin imports, Wagtail's index updates) and the server start first, so that how to log in is
# printed last, once the server answers; stopping the server stops the worker.
serve: $(VENV)/.installed
	@$(PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) & server=$$!; \
	trap 'kill $$server $$worker 2>/dev/null' INT TERM EXIT; \
	until $(PY) -c "import urllib.request; urllib.request.urlopen('http://$(HOST):$(PORT)/healthz', timeout=2)" \
		2>/dev/null; do kill -0 $$server 2>/dev/null || exit 1; sleep 0.5; done; \
	echo; $(PY) manage.py dev_admin; \
	echo "Memorial is served on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/; stop with Ctrl-C)"; \
	wait $$server

lint: $(VENV)/.installed-dev ## ruff check and format check, and the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

check: $(VENV)/.installed-dev system-packages ## Django system checks and the migrations check
	DJANGO_SETTINGS_MODULE=memorial.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=memorial.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev system-packages node_modules/.installed ## The suite on SQLite only, browser tests included
	env -u DATABASE_URL $(BIN)/pytest

suites: $(VENV)/.installed-dev system-packages node_modules/.installed ## The suite on SQLite and, at the same time, on PostgreSQL when one answers
	@tests/run_suites.sh

test: lint check suites ## Lint, checks, the whole suite on SQLite and on PostgreSQL when available

bench: $(VENV)/.installed-dev bench-packages ## HTTP throughput under gunicorn at 100,000 synthetic victims (DATABASE_URL: PostgreSQL), cached and uncached, against a minimal view
	$(PY) bench/http_bench.py --victims $${VICTIMS:-100000}

bench-packages: ## Install Debian's wrk, the load generator of make bench, when it is missing
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" -eq 0 ]; then as_root=; else as_root=sudo; fi; \
		$$as_root apt-get update -qq >/dev/null && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench-all: bench bench-archive bench-exports bench-bulk ## Every benchmark

bench-archive: $(VENV)/.installed-dev ## Public archive response times at 100,000 synthetic victims (SQLite)
	$(PY) bench/archive.py --victims $${VICTIMS:-100000}

bench-exports: $(VENV)/.installed-dev ## Open-data export time and peak memory at 10,000 and 100,000 synthetic victims
	$(PY) bench/exports.py --victims $${EXPORT_VICTIMS:-10000 100000}

bench-bulk: $(VENV)/.installed-dev ## load_demo and import_victims of 100,000 victims, and a re-import tightening 75,000 (SQLite)
	$(PY) bench/bulk.py --victims $${BULK_VICTIMS:-100000} --tighten $${BULK_TIGHTEN:-75000}

messages: $(VENV)/.installed-dev ## Update and compile the Arabic interface catalogue
	$(PY) manage.py makemessages --locale ar --ignore ".venv/*" --ignore "node_modules/*"
	$(PY) manage.py compilemessages --locale ar --ignore ".venv/*"

clean: ## Remove the virtualenv, node modules and local database
	rm -rf $(VENV) node_modules db.sqlite3
