# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Redocly CLI, from the npm registry with the machine's Node.js, lints the
# OpenAPI document in the suite (tests/test_openapi_clients.py).
REDOCLY := scripts/redocly/node_modules/.bin/redocly

.PHONY: install install-dev run test test-fast lint format seed-sql translations \
	translations-extract bench gallery wheel deploy-test clean

# The interface's translations: the .po files are the source, the .mo files
# are compiled from them by `make install` and never committed.
TRANSLATIONS := statusapp/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

# Running needs the app alone; the suite adds its tools (pytest, Playwright,
# ruff...) on top, in the same venv.
$(BIN)/flask: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	@touch $@

$(VENV)/.dev: $(BIN)/flask
	$(BIN)/python -m pip install --quiet --editable '.[dev,deploy]'
	@touch $@

install: $(BIN)/flask translations ## Install what running needs into .venv

install-dev: install $(VENV)/.dev $(REDOCLY) ## Add the test tools

$(REDOCLY): scripts/redocly/package.json scripts/redocly/package-lock.json
	npm ci --prefix scripts/redocly --no-audit --no-fund --loglevel=error
	@touch $@

translations: $(MO_FILES) ## Compile the interface translations (.po -> .mo)

%.mo: %.po | $(BIN)/flask
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations-extract: install ## Collect the interface text into messages.pot; update each .po
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords _l --keywords lazy_gettext \
		--add-location file --sort-by-file --no-wrap --project statusapp \
		--output-file $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --input-file $(TRANSLATIONS)/messages.pot \
		--output-dir $(TRANSLATIONS) --no-wrap --ignore-obsolete --no-fuzzy-matching

# `flask` reads FLASK_APP and STATUSAPP_ENV=development from .flaskenv.
run: install ## Migrate, seed and serve http://127.0.0.1:5000 (SQLite unless DATABASE_URL)
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	@$(BIN)/flask users list | grep -q ' admin ' || printf '%s\n' '' \
		'No admin account yet. In another shell, in this folder, make one:' \
		'    .venv/bin/flask users create ada --role admin' \
		'then log in at http://$(HOST):$(PORT)/login' ''
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# One pytest worker per core; a module's tests stay on one worker.
PYTEST_PARALLEL := --numprocesses auto --dist loadfile

test: install-dev ## Run the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_PARALLEL)

test-fast: install-dev ## Run everything but the browser tests
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser"

lint: install-dev ## Check style
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## Fix style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

seed-sql: install ## Rebuild seed.sql from the source page and scripts/seed_data
	$(BIN)/python scripts/build_seed.py

# httpbin, the bench's peer, pins an old greenlet: it gets a venv of its own.
HTTPBIN := $(VENV)/httpbin/bin

$(HTTPBIN)/gunicorn:
	$(PYTHON) -m venv $(VENV)/httpbin
	$(HTTPBIN)/python -m pip install --quiet httpbin gunicorn

bench: install-dev $(HTTPBIN)/gunicorn ## Load the reads with wrk beside bare Flask and httpbin; print a table
	$(BIN)/python scripts/bench.py --httpbin-python $(HTTPBIN)/python $(BENCH_ARGS)

# Chromium (apt-get install chromium) and a Chinese font (fonts-noto-cjk) come
# from the system; GALLERY_ARGS="--source DIR --out DIR" shoots another checkout.
gallery: install-dev ## Screenshot a freshly seeded app into docs/gallery/
	$(BIN)/python scripts/gallery.py $(GALLERY_ARGS)

# The wheel carries templates/, static/, migrations/, seed.sql and the compiled
# catalogues (see setup.py); the deployment test installs it, not the checkout.
wheel: install ## Build the wheel into dist/
	rm -rf build dist
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

DEPLOY := $(VENV)/deploy

deploy-test: install-dev wheel ## Serve the wheel through nginx on two gunicorns; test it
	rm -rf $(DEPLOY)
	$(PYTHON) -m venv $(DEPLOY)
	$(DEPLOY)/bin/python -m pip install --quiet "$$(ls dist/statusapp-*.whl)[deploy]"
	DEPLOY_VENV=$(DEPLOY) $(BIN)/pytest tests/deploy -rA

clean:
	rm -rf $(VENV) scripts/redocly/node_modules *.egg-info .pytest_cache .ruff_cache \
		build dist $(MO_FILES)
