# segkit: `make demo` runs the quarterly pipeline on the sample market;
# `make test` runs every check. Both set up .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEMO_ACCOUNTS ?= 20000

.PHONY: demo test lab clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

demo: $(INSTALLED)
	$(BIN)/segkit synth --accounts $(DEMO_ACCOUNTS) --seed 7 --out data/sample
	$(BIN)/segkit run --config data/sample/segkit.toml --reports-dir reports

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --doctest-modules segkit tests --nbval-lax notebooks

lab: $(INSTALLED)
	$(BIN)/jupyter lab --allow-root notebooks

clean:
	rm -rf data/sample reports/20* reports/.20* .pytest_cache
