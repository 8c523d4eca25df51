# Một Cửa — the two commands are `make run` and `make test`; the rest are their parts.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
VENDOR := motcua/static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel test workers; the browser journeys share one live server per worker.
TEST_WORKERS ?= 2
# Code samples in Markdown docs are laid out for reading (ruff 0.17 formats them otherwise).
FORMAT_EXCLUDE := --extend-exclude '*.md'

.PHONY: run test install python-deps frontend translations demo migrate lint typecheck \
        openapi lock messages chromium clean serve

## make run: install, prepare the SQLite database with the demo province, serve on :8000.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Serving Một Cửa on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(MANAGE) runserver $(HOST):$(PORT)

## make serve: production mode on this machine (PostgreSQL, Redis, gunicorn, Celery worker and
## beat; docs/deployment.md). Installs the Debian packages it lacks; Ctrl+C stops everything.
serve: install
	HOST=$(HOST) PORT=$(PORT) SUDO=$(SUDO) bash deploy/serve.sh

## make test: install, check style and types, then run the whole suite (browser journeys too).
test: install chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check $(FORMAT_EXCLUDE) .
	$(BIN)/mypy motcua
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

install: python-deps frontend translations

python-deps: $(VENV)/.installed
$(VENV)/.installed: requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@

frontend: $(VENDOR)/.installed
$(VENDOR)/.installed: package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/fonts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp -r node_modules/bootstrap-icons/font $(VENDOR)/bootstrap-icons
	cp node_modules/@fontsource/be-vietnam-pro/files/be-vietnam-pro-{vietnamese,latin,latin-ext}-{400,600,700}-normal.woff2 $(VENDOR)/fonts/
	# The package's own @font-face rules (with their Vietnamese unicode ranges), pointed at
	# the copied woff2 files; every browser we serve reads woff2, so the woff fallback goes.
	cat node_modules/@fontsource/be-vietnam-pro/{400,600,700}.css \
	  | sed -e 's#url(./files/#url(fonts/#g' -e "s#, url([^)]*\.woff) format('woff')##g" \
	  > $(VENDOR)/be-vietnam-pro.css
	@touch $@

translations: python-deps
	$(MANAGE) compiletranslations

# Debian's Chromium for the Playwright journeys (Playwright's own browser download is not used).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Tinos (Debian's fonts-croscore): metric-compatible with Times New Roman, with every Vietnamese
# glyph; WeasyPrint embeds it in the official forms' PDFs (docs/official-forms.md).
.PHONY: fonts
install: fonts
fonts:
	@fc-list -q Tinos 2>/dev/null || { \
	  echo "Installing Debian's fonts-croscore (Tinos) for the official forms"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-croscore >/dev/null; }

## make bench-data: a benchmark database with BENCH_DOSSIERS dossiers (default 1,000,000; after
## make serve has run once; docs/performance.md). make bench: every benchmark against production
## mode on loopback (BENCH_ARGS, e.g. --duration 30 or --base-url URL); installs Debian's wrk.
.PHONY: bench bench-data
bench-data: install
	bash bench/prepare_data.sh

bench: install
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the benchmarks"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check $(FORMAT_EXCLUDE) .

typecheck: python-deps
	$(BIN)/mypy motcua

## make openapi: rewrite the committed OpenAPI file from the code (the tests compare them).
openapi: python-deps
	$(MANAGE) spectacular --lang en --validate --file docs/openapi.yaml

## make lock: re-pin every Python dependency with hashes after editing pyproject.toml.
lock: python-deps
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --quiet -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --quiet -o requirements/dev.txt

## make messages: extract strings into every app's Vietnamese and English catalogues.
messages: python-deps
	for app in motcua/*/; do \
	  if [ -f $$app/apps.py ]; then (cd $$app && mkdir -p locale && ../../$(BIN)/django-admin makemessages -l vi -l en --settings=motcua.settings.test --pythonpath=../.. >/dev/null); fi; \
	done

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
