# Two commands do all set-up: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVICES := $(BIN)/python -m ksmm.embedded_services
PYTEST_ARGS ?=
# pytest-xdist processes: two keep the two cores of the CI machine busy (tests wait on PostgreSQL,
# Chromium and the servers they start about half the time). At most 7 (Redis databases).
TEST_PROCESSES ?= 2

.PHONY: install messages run test lint format bench browser down

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

# Compiled with polib, so a machine without GNU gettext can build the catalogues too.
messages: install
	$(BIN)/python -m ksmm.compile_messages

run: install messages
	$(SERVICES) exec -- $(BIN)/python manage.py run_platform

# worksteal: a process that runs out of tests takes some from the other's queue, so the minute-long
# browser walks don't leave one process working alone at the end.
test: install messages browser
	$(SERVICES) exec --fast -- $(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

# Renders a 12-page agreement five times; writes bench-results/documents.json.
# Lists 10,000 cases of one canton on the page and over the API; writes bench-results/cases.json.
# One reminder scan over 26 cantons with 10,000 open deadlines each; bench-results/deadlines.json.
# Counts the federal statistics of 26 cantons × 10,000 cases; bench-results/statistics.json.
# gunicorn + wrk: the case-list API beside a bare DRF view, the case page's statements, provisioning
# a canton beside migrating one; bench-results/http.json (needs wrk: apt install wrk).
# The federal statistics dashboard over gunicorn + wrk on a realistic release; bench-results/dashboard.json.
# Backs up and restores one canton with 10,000 cases beside bare pg_dump/pg_restore; bench-results/backup.json.
bench: install messages
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.documents
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.cases
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.deadlines
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.statistics
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.http
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.statistics_dashboard
	$(SERVICES) exec --fast -- $(BIN)/python -m bench.backup

# The system Chromium is used where present; elsewhere Playwright downloads its own.
browser: install
	@$(BIN)/python -m tests.browser.chromium --ensure

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m ksmm.lint.queries_contract
	$(SERVICES) exec -- $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

down: install
	$(SERVICES) down
