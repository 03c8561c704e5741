# The one entry point. `make demo` and `make test` work on a fresh machine (see README).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export PYTHONPATH := $(CURDIR)
DEMO_ENV := DJANGO_DEBUG=true THRIVEGRIDS_SITE_ORGANISATION=example-valley THRIVEGRIDS_DEFAULT_PLACE=Valleyford
PG_URL ?= postgres://postgres@127.0.0.1:5432/thrivegrids
PORT ?= 8000

.PHONY: demo run install install-dev static messages messages-update migrate load-demo test test-sqlite test-postgres \
        test-browser lint fmt bench check-deploy clean

$(BIN)/python:
	command -v uv >/dev/null || $(PYTHON) -m pip install --quiet uv
	uv venv --quiet --python $(PYTHON) $(VENV)

install: $(BIN)/python node_modules/.installed
	uv pip sync --quiet --python $(BIN)/python --require-hashes requirements.txt
	$(MAKE) --no-print-directory static messages

install-dev: $(BIN)/python node_modules/.installed
	uv pip sync --quiet --python $(BIN)/python --require-hashes requirements-dev.txt
	$(MAKE) --no-print-directory static messages

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static:
	$(BIN)/python scripts/vendor_frontend.py

# Compile the translation catalogues (.mo files are git-ignored, so every install builds them).
messages:
	$(BIN)/pybabel -q compile --use-fuzzy -d thrivegrids/locale -D django

# Extract interface strings (Jinja and Python) and update the Arabic catalogue; then compile.
# The .po keeps its header (Plural-Forms: Arabic has 6 forms); --ignore-pot-creation-date keeps
# it stable, since the .pot has no header (and so no date) of its own.
messages-update:
	$(BIN)/pybabel extract -F babel.cfg --no-location --omit-header -k _ -k gettext -k gettext_lazy -k ngettext:1,2 -k pgettext:1c,2 -k ngettext_lazy:1,2 -k pgettext_lazy:1c,2 -k npgettext_lazy:1c,2,3 -o thrivegrids/locale/django.pot .
	$(BIN)/pybabel update --ignore-pot-creation-date --no-fuzzy-matching -l ar -d thrivegrids/locale -D django -i thrivegrids/locale/django.pot
	$(BIN)/pybabel -q compile -d thrivegrids/locale -D django

migrate:
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v0

load-demo: migrate
	$(DEMO_ENV) $(BIN)/python manage.py load_demo

demo: install load-demo
	$(DEMO_ENV) $(BIN)/python manage.py mark_overdue_reviews
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

run:
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Everything CI runs: lint, the suite on SQLite (with browser journeys) and on PostgreSQL.
test: install-dev lint test-sqlite test-postgres

# Tests run in a random order (pytest-randomly), from a seed printed before each run: repeat an
# order with `make test-sqlite SEED=<seed>`. The 15 slowest steps are listed after each run.
ifndef SEED
SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif
PYTEST := $(BIN)/pytest -q -p randomly --randomly-seed=$(SEED) --durations=15

test-sqlite:
	@echo "Random order seed: $(SEED) (repeat with: make $@ SEED=$(SEED))"
	$(PYTEST) -m "not browser" -n 2
	$(PYTEST) -m browser

test-postgres:
	@echo "Random order seed: $(SEED) (repeat with: make $@ SEED=$(SEED))"
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser" -n 2

test-browser:
	@echo "Random order seed: $(SEED) (repeat with: make $@ SEED=$(SEED))"
	$(PYTEST) -m browser

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python bench/run.py

check-deploy:
	DJANGO_SECRET_KEY=$$(openssl rand -hex 40) DJANGO_ALLOWED_HOSTS=thrivegrids.example.nhs.uk \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 thrivegrids/core/static/vendor
