# The two commands of the README: `make run` and `make test`. Both work on a fresh machine
# with Python 3.11+ and nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite on every core, a whole test file per worker (module fixtures are made once).
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test lint translations extract-messages clean css

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d lmb/translations

run: $(VENV)/.installed translations
	$(BIN)/lmb db upgrade
	$(BIN)/lmb seed --demo
	LMB_SCHEDULER=$${LMB_SCHEDULER:-inline} $(BIN)/lmb run --host $(HOST) --port $(PORT) --no-reload

# axe-core for the accessibility tests, ical.js for the calendar tests and NL Design System's
# @utrecht/component-library-css for `make css`, from the npm registry; without npm the
# accessibility and calendar tests skip.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

# lmb/static/utrecht.css from the pinned @utrecht/component-library-css (package-lock.json).
# The built file is committed: `make run` needs no npm. Run after changing the package.
css: node_modules/.installed
	$(PYTHON) tools/build_css.py

test: $(VENV)/.installed-test translations node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o lmb/translations/messages.pot .
	$(BIN)/pybabel update -i lmb/translations/messages.pot -d lmb/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules
