# The two commands: `make run` and `make test`. Everything they need is installed on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint format bench bench-scale soak backup restore clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	scripts/run.sh

test: $(VENV)/.dev
	scripts/test.sh $(ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .state staticfiles

# The benchmark (issue 7): its own PostgreSQL and Redis, ours and the peer's measures, then
# bench/results/latest.json, docs/performance.md and docs/performance-latency.png.
bench: $(VENV)/.dev
	bench/run.sh

bench-scale: $(VENV)/.dev
	bench/run.sh --scale

# The soak (issue 17): 10 minutes of mixed traffic at 70% of the bench's rate with a schedule of faults, then
# the checks, a restore drill, bench/results/soak-latest.json, docs/reliability.md and the timeline plot.
# A short run: make soak ARGS="--duration 60 --schedule short --no-report"
soak: $(VENV)/.dev
	bench/soak.sh $(ARGS)

# A consistent dump of $$DATABASE_URL (PostgreSQL) while it serves: make backup [FILE=path.dump]
backup: $(VENV)/.runtime
	scripts/backup.sh $(FILE)

# A dump into a new database on $$DATABASE_URL's server, then the counter, ledger and screening checks:
# make restore DUMP=path.dump DB=board_restored
restore: $(VENV)/.runtime
	scripts/restore.sh $(DUMP) $(DB)
