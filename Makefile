# One command per task. `make site` and `make test` are what a newcomer runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site build check serve test test-fast test-explore lint golden ingest bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	@# setuptools notes on every editable install of a flat layout that a same-named folder in the
	@# working directory could shadow the package; here that folder is the package itself.
	PYTHONWARNINGS="ignore::UserWarning:setuptools.command.editable_wheel" $(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

site: $(STAMP)            ## build the whole site into site/
	$(BIN)/factbook build

build: site

check: $(STAMP)           ## validate data/ and print every problem
	$(BIN)/factbook check

serve: $(STAMP)           ## preview on http://127.0.0.1:8000/, rebuilding on changes
	$(BIN)/factbook serve

test: $(STAMP)            ## every test: lint, types, unit, golden, end-to-end, browser, HTML validity
	./scripts/ensure-chromium.sh
	./scripts/ensure-vnu.sh
	./scripts/ensure-axe.sh
	./scripts/ensure-actionlint.sh
	$(BIN)/ruff check builder tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

test-fast: $(STAMP)       ## unit and golden tests only
	$(BIN)/pytest -q -m "not slow and not browser"

test-explore: $(STAMP)    ## property tests with new random examples (failures kept in .hypothesis/)
	HYPOTHESIS_PROFILE=dev $(BIN)/pytest -q tests/test_properties.py

lint: $(STAMP)            ## ruff, then mypy on builder/ ([tool.mypy] in pyproject.toml)
	$(BIN)/ruff check builder tests benchmarks
	$(BIN)/mypy

golden: $(STAMP)          ## regenerate the golden files after an intended change
	$(BIN)/python -m tests.golden --update

ingest: $(STAMP)          ## re-import every official release from ../shared/datasets
	$(BIN)/factbook ingest all

bench: $(STAMP)           ## build times (cold, unchanged, one country, one template, naive), weight, Lighthouse
	./scripts/ensure-lighthouse.sh
	$(BIN)/python benchmarks/build_time.py

clean:
	rm -rf site site.old .cache $(addprefix site_src/,index.md countries regions agencies themes sources glossary methodology charts downloads assets/vendor)
