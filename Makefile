# The two commands of README.md: `make demo` (the main job) and `make test` (every test).
# `make web` builds the console (web/ → src/jiancha/web/dist) when its sources or lockfile changed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB_DEPS := web/node_modules/.installed
WEB_STAMP := src/jiancha/web/dist/.built
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	$(wildcard web/vite.config.* web/tsconfig*.json)

.PHONY: demo test lint setup web clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(WEB_DEPS)

$(WEB_STAMP): $(WEB_DEPS) $(WEB_SRC)
	cd web && npm run build
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

demo: $(STAMP) web
	$(BIN)/jiancha demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint web
	cd web && npm run test
	./scripts/ensure-postgres.sh
	./scripts/ensure-browser.sh
	JIANCHA_TEST_POSTGRES_URL=$${JIANCHA_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} \
	  ./scripts/run-tests.sh

clean:
	rm -rf $(VENV) jiancha-home web/node_modules src/jiancha/web/dist test-output
