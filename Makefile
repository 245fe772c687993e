# Two commands for a fresh machine: `make run` (the whole product) and `make test`.
# Every target sets up what it needs: the two virtualenvs, the spaCy pipeline, the Rasa model.

export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false

# Python 3.10 (rasa 3.6): from PATH, else pyenv's, else whatever python3 is (and a clear error).
PYTHON ?= $(shell command -v python3.10 2>/dev/null || ls -d $(HOME)/.pyenv/versions/3.10*/bin/python3.10 2>/dev/null | tail -n1)
ifeq ($(PYTHON),)
PYTHON := python3
endif
# Two environments, each installed in one resolver call (README, "Two environments"): the
# assistant's (Rasa server, action server; rasa pins SQLAlchemy < 2) and the backend's
# (SQLAlchemy 2.0). Each one's tests run in it.
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BACKEND_BIN := .venv-backend/bin
BACKEND_INSTALLED := .venv-backend/.installed
SPACY_MODEL := build/spacy_claims/meta.json
RASA_MODEL := models/claims.tar.gz
TRAINING_DATA := domain.yml config.yml $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)

.PHONY: run run-production test install spacy model validate lint stories nlu-eval bench bench-load clean browser nginx screenshots

run: $(RASA_MODEL) $(BACKEND_INSTALLED)
	$(BIN)/python scripts/stack.py

# The production profile (README, "Production profile"): two instances each of Rasa, the action
# server and the backend behind nginx, on PostgreSQL, Redis and RabbitMQ.
run-production: $(RASA_MODEL) $(BACKEND_INSTALLED) nginx
	$(BIN)/python scripts/production.py

# pytest-xdist: one worker per core; a test file stays on one worker (its module fixtures, e.g.
# the simulated customers' summary, see every test of the file), and each worker that runs
# end-to-end tests starts its own stack.
PYTEST_WORKERS ?= auto

PYTEST := pytest -q -n $(PYTEST_WORKERS) --dist loadfile

# The backend's tests in its environment, then everything else (actions, channels, end-to-end)
# in the assistant's; both run, and the target fails if either failed.
test: $(RASA_MODEL) $(BACKEND_INSTALLED) validate lint stories nlu-eval browser nginx
	$(BACKEND_BIN)/$(PYTEST) tests/backend; backend=$$?; \
	$(BIN)/$(PYTEST) --ignore=tests/backend; assistant=$$?; \
	test $$backend = 0 -a $$assistant = 0

install: $(INSTALLED) $(BACKEND_INSTALLED)

$(INSTALLED): EXTRAS := assistant,dev
$(BACKEND_INSTALLED): EXTRAS := backend,dev
$(INSTALLED) $(BACKEND_INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10) and "Python 3.10 is required (rasa 3.6); install it or set PYTHON=/path/to/python3.10")'
	test -x $(@D)/bin/python || $(PYTHON) -m venv $(@D)
	$(@D)/bin/pip install -q --upgrade pip wheel
	$(@D)/bin/pip install -q -e '.[$(EXTRAS)]'
	touch $@

spacy: $(SPACY_MODEL)

$(SPACY_MODEL): $(wildcard bot/*.py bot/*.jsonl) | $(INSTALLED)
	$(BIN)/python -m bot.spacy_pipeline build/spacy_claims

model: $(RASA_MODEL)

# Rasa retrains only when the training data, the domain, the config or the spaCy pipeline changed.
# flock: two makes at once (a test run and a developer's) train one after the other, not over each other.
$(RASA_MODEL): $(TRAINING_DATA) $(SPACY_MODEL) | $(INSTALLED)
	mkdir -p models
	flock models/.train.lock $(BIN)/rasa train --fixed-model-name claims --out models
	touch $@

validate: $(INSTALLED)
	$(BIN)/rasa data validate --fail-on-warnings

# Test conversations (tests/stories/): every predicted action must be the expected one.
stories: $(RASA_MODEL)
	$(BIN)/rasa test core --model $(RASA_MODEL) --stories tests/stories --fail-on-prediction-errors --no-plot --out results/stories

# Intent macro-F1 of the model and entity F1 of the spaCy rules on the held-out NLU split
# (tests/nlu/heldout.yml, outside data/ so never trained on), written to results/nlu/; fails below
# either floor.
nlu-eval: $(RASA_MODEL)
	$(BIN)/rasa test nlu --model $(RASA_MODEL) --nlu tests/nlu/heldout.yml --out results/nlu --no-plot
	$(BIN)/python tests/nlu/intent_f1.py results/nlu --min 0.95
	$(BIN)/python tests/nlu/entity_f1.py tests/nlu/heldout.yml results/nlu --min 0.80

# The screening benchmark (not a test, not part of `make test`): seeds 10k and 1M claims on SQLite
# and PostgreSQL (127.0.0.1:5432/test) and writes benchmarks/results/screening.json and .md.
# Takes a while.
bench: $(BACKEND_INSTALLED)
	$(BACKEND_BIN)/python -m benchmarks.screening $(BENCH_ARGS)

# The load benchmark (not a test): 1, 10, 20, 50 simulated customers filing claims over the REST
# channel, against this assistant (single instances, and the production profile) and a bare
# `rasa init` one in the same run; bounded in time and count, loopback only. Writes
# benchmarks/results/load.json and .md.
bench-load: $(RASA_MODEL) $(BACKEND_INSTALLED) nginx
	$(BIN)/python -m benchmarks.load --production $(BENCH_ARGS)

# The browser tests (tests/e2e/test_chat_page.py, test_agent_console.py) drive Debian's Chromium
# through Playwright (Playwright's own browser download is not used).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# Debian's nginx balances the production profile's instances (tests/production/ too).
NGINX := /usr/sbin/nginx

nginx:
	@test -x $(NGINX) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nginx; }

# The README's screenshots (docs/screenshots/): the chat page and the agent console from a stack of
# their own (scripts/screenshots.py), then the desk's and the seller portal's from their browser tests.
screenshots: $(RASA_MODEL) browser
	$(BIN)/python scripts/screenshots.py
	CLAIMS_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/e2e/test_desk.py tests/e2e/test_seller_portal.py

lint: $(INSTALLED)
	$(BIN)/ruff check backend actions bot claims_contract scripts tests benchmarks

clean:
	rm -rf build models var .rasa
