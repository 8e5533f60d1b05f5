# The README's two commands. Each creates .venv and installs what it needs, pinned by constraints.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install bench postgres

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the demo program on 127.0.0.1 (API, /docs and pages).
demo: $(STAMP)
	$(BIN)/ipsmatch demo --port $(PORT)

## Lint, then run the whole test suite (SQLite and PostgreSQL; starts the local PostgreSQL server when it is down).
test: $(STAMP) postgres
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
	  echo "Starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

## Print the performance figures.
bench: $(STAMP)
	$(BIN)/python benchmarks/ranking.py
	$(BIN)/python benchmarks/embedding.py
	$(BIN)/python benchmarks/api_latency.py
