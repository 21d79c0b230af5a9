# Yorisoi: `make run` serves the demo, `make test` runs the whole suite.
# Both start from nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test lint typecheck format translations bench bench-load serve-prod drill clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d app/translations >/dev/null

run: install
	$(FLASK) setup
	PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install typecheck
	$(BIN)/ruff check .
	$(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== The same suite again, on PostgreSQL ($$TEST_DATABASE_URL)"; \
		YORISOI_TEST_ON=postgresql $(BIN)/pytest; \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL run is skipped."; \
	fi

lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy on app/ (the files and settings are in pyproject.toml).
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

translations: install
	$(BIN)/python scripts/translations.py
	$(BIN)/pybabel compile -d app/translations

# Reports and exports at 10,000 and 150,000 learners (the larger takes minutes).
bench: install
	$(BIN)/python bench/reports.py --learners 10000 150000

# A Debian package a target needs: installed when missing and we are root, else say how.
define debian
	@command -v $(1) >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
		else echo "$(1) is missing: sudo apt-get install $(2)"; exit 1; fi; }
endef

# Production: gunicorn from deploy/gunicorn.conf.py after the migrations. Needs DATABASE_URL
# and SECRET_KEY (and REDIS_URL, PROXY_COUNT); see the README, "Production".
serve-prod: install
	YORISOI_ENV=$${YORISOI_ENV:-production} $(FLASK) db upgrade
	YORISOI_ENV=$${YORISOI_ENV:-production} exec $(BIN)/gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'

# The fault drills (kill -9 a worker, restart PostgreSQL, Redis down) on private servers.
drill: install
	$(BIN)/python scripts/drills.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The load benchmark on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
bench-load: install
	$(call debian,wrk,wrk)
	$(BIN)/python bench/load.py
