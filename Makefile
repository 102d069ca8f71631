# sitroom: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sitroom.db
SHARED ?= ../shared

.PHONY: demo test lint bench eval gate clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp re-installs when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(BIN)/sitroom --db $(DB) demo examples

test: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --strict src/sitroom/model.py

eval: venv
	$(BIN)/sitroom eval gold $(SHARED)/gold/seeds.jsonl --docs $(SHARED)/seeds

# Fails when a score falls below its floor in eval/floors.toml.
gate: venv
	$(BIN)/sitroom eval gate --floors eval/floors.toml --shared $(SHARED)

bench: venv
	$(BIN)/python bench/bench_ingest.py --seeds $(SHARED)/seeds

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
