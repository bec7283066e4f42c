# 妈妈岗 · 巾帼好品 — `make demo` serves the site with demo data; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# pytest-xdist workers for make's runs (the README's Tests section has the measurements);
# 0 runs the suite in one process.
PYTEST_WORKERS ?= 2

.PHONY: help install demo test lint check pytest pytest-sqlite pytest-postgres messages \
        system-deps cluster cluster-stop cluster-status bench bench-claims bench-claims-postgres bench-payouts bench-dashboards bench-cluster clean

help:
	@echo "make demo   install, migrate, load the demo world and serve http://127.0.0.1:$(PORT)"
	@echo "make test   install everything the tests need and run lint, checks and pytest"
	@echo "             on SQLite and on a throwaway PostgreSQL"
	@echo "make cluster       PostgreSQL, Redis, nginx, two app servers, workers and the scheduler"
	@echo "                   on this machine, with the demo world: http://127.0.0.1:8400"
	@echo "make cluster-stop  stops exactly what make cluster started"

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@python=$$(bin/find-python) && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	@touch $@

install: $(VENV)/.installed

messages: install
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages -v0 --ignore=.venv; \
	 else echo "msgfmt not found: using the compiled catalogues shipped in locale/"; fi

demo: install messages
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	@font=$${PAYSLIP_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}; \
	  [ -f "$$font" ] || echo "note: $$font is missing, so payslip PDFs are off (the pages work);" \
	    "make system-deps installs fonts-noto-cjk."
	PORT=$(PORT) bin/demo-stripe
	@echo "Serving http://127.0.0.1:$(PORT)/ (English at /en/, admin at /cms/). Ctrl-C stops."
	@echo "Pay with card 4242 4242 4242 4242 (any future date, any CVC): localstripe, no keys."
	SITE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

system-deps:
	bin/system-deps

# The production shape on this machine (bin/cluster; the README's Cluster section).
cluster: system-deps install messages
	VENV=$(VENV) bin/cluster start

cluster-stop:
	VENV=$(VENV) bin/cluster stop

# Each part's pid and memory.
cluster-status:
	VENV=$(VENV) bin/cluster status

# The hooks of .pre-commit-config.yaml (ruff check, ruff format, djhtml) on every tracked file;
# fails when any of them finds a problem or changes a file (it leaves the change for review).
lint: install
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v1
	@# Production settings refuse to start without Stripe's keys unless STRIPE_API_BASE
	@# points at a fake: the deployment check uses the demo's localstripe address.
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  ALLOWED_HOSTS=example.org DJANGO_SETTINGS_MODULE=config.settings.production \
	  STRIPE_API_BASE=http://127.0.0.1:8420 REDIS_URL=redis://127.0.0.1:6379/0 \
	  $(MANAGE) check --deploy --fail-level WARNING

# Each of make's runs has a test database of its own, so that it never shares one with a
# developer's `pytest --reuse-db` (which keeps var/test-db.sqlite3 from run to run).
pytest-sqlite: install
	SQLITE_TEST_PATH=$${VAR_DIR:-var}/test-db-make-$$$$.sqlite3 \
	  $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

pytest-postgres: install
	bin/with-postgres $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test: system-deps install messages lint check pytest-sqlite pytest-postgres

bench: install
	$(PY) bench/showcase_load.py

# Mothers claiming one production order; e.g. make bench-claims BENCH_ARGS="--clients 50".
BENCH_ARGS ?=
bench-claims: install
	$(PY) bench/claims_load.py $(BENCH_ARGS)

bench-claims-postgres: install
	bin/with-postgres $(PY) bench/claims_load.py $(BENCH_ARGS)

# A payout run for 5,000 mothers with 20 ledger entries each.
bench-payouts: install
	$(PY) bench/payout_run.py $(BENCH_ARGS)

# A year of one cooperative (500 mothers, 300 orders, 300,000 handovers) on the dashboards.
bench-dashboards: install
	$(PY) bench/dashboard_load.py $(BENCH_ARGS)

# Claims and paid checkouts through the cluster's nginx, one app server then two, side by side
# (a cluster of its own on free ports in a temporary directory, always stopped).
bench-cluster: install
	$(PY) bench/cluster_load.py $(BENCH_ARGS)

# A running cluster is stopped first: its PostgreSQL and Redis live in var/cluster.
clean:
	@if [ -d var/cluster ]; then VENV=$(VENV) bin/cluster stop; fi
	rm -rf $(VENV) var .pytest_cache .ruff_cache test-artifacts
