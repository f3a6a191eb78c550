# Memorial — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint check migrate demo admin serve pytest pytest-postgres messages clean bench bench-archive

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: $(VENV)/.installed migrate demo serve ## Install, migrate, load demo content and serve on http://127.0.0.1:8000

migrate: $(VENV)/.installed ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: $(VENV)/.installed ## Load the demo content (idempotent)
	$(PY) manage.py load_demo

admin: $(VENV)/.installed ## Create or reset the development admin account and print its password
	$(PY) manage.py dev_admin --reset

serve: $(VENV)/.installed
	@$(PY) manage.py dev_admin
	@echo "Memorial is served on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.installed-dev ## Django system checks and the migrations check
	DJANGO_SETTINGS_MODULE=memorial.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=memorial.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev node_modules/.installed
	env -u DATABASE_URL $(BIN)/pytest

pytest-postgres: $(VENV)/.installed-dev ## The suite again on PostgreSQL when one answers (browser tests run on SQLite only)
	@status=0; url=$$($(PY) tests/postgres_url.py) || status=$$?; \
	if [ $$status -eq 75 ]; then exit 0; elif [ $$status -ne 0 ]; then exit $$status; fi; \
	echo "PostgreSQL leg: the suite on a fresh database"; \
	DATABASE_URL="$$url" $(BIN)/pytest -m "not e2e" -p no:cacheprovider

test: lint check pytest pytest-postgres ## Lint, checks, the whole suite on SQLite, then on PostgreSQL when available

bench: bench-archive ## Every benchmark

bench-archive: $(VENV)/.installed-dev ## Public archive response times at 100,000 synthetic victims (SQLite)
	$(PY) bench/archive.py --victims $${VICTIMS:-100000}

messages: $(VENV)/.installed-dev ## Update and compile the Arabic interface catalogue
	$(PY) manage.py makemessages --locale ar --ignore ".venv/*" --ignore "node_modules/*"
	$(PY) manage.py compilemessages --locale ar --ignore ".venv/*"

clean: ## Remove the virtualenv, node modules and local database
	rm -rf $(VENV) node_modules db.sqlite3
