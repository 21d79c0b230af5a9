# Yorisoi: `make run` serves the demo, `make test` runs the whole suite.
# Both start from nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test lint typecheck format translations bench bench-load clean

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

bench: install
	$(BIN)/python bench/reports.py --learners 10000 50000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

bench-load: install
	$(BIN)/python bench/load.py
