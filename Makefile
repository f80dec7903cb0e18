# The two commands of the README:
#   make run   - set up everything, migrate + seed the embedded SQLite demo, serve on one port
#   make test  - set up everything, then run the whole test suite (unit, PostgreSQL, SQLite, browser)
# Every step is idempotent; nothing needs installing by hand on a fresh machine.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
BUN := .tools/node_modules/.bin/bun
AXE := .tools/node_modules/axe-core/axe.min.js
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
DEMO_PASSWORD ?= horologen-demo-2026

.PHONY: run test setup lint format bench clean-web

# This machine's pip configuration names local indexes that may not exist: one warning each, about
# a hundred lines that bury the output, so they are left out; pip's own exit status still decides.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	set -o pipefail; $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 \
		| { grep -v "is ignored: it is neither a file nor a directory" || true; }
	touch $@

$(BUN):
	npm install --no-audit --no-fund --silent --prefix .tools bun@1.4.4

setup: $(VENV)/.installed $(BUN)

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# Japanese glyphs for the browser tests' screenshots (Chromium draws tofu boxes without a CJK font).
$(CJK_FONT):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null

# axe-core, the accessibility engine the layout test injects into each page.
$(AXE):
	npm install --no-audit --no-fund --silent --prefix .tools axe-core@4.14.1

run: setup
	$(PY) -m alembic upgrade head
	HOROLOGEN_SEED_PASSWORD="$${HOROLOGEN_SEED_PASSWORD:-$(DEMO_PASSWORD)}" $(PY) scripts/seed_demo.py --port $(PORT)
	PORT=$(PORT) bash scripts/serve.sh

test: setup /usr/bin/chromium $(CJK_FONT) $(AXE)
	bash scripts/ensure_postgres.sh
	. scripts/reflex_env.sh && $(PY) -m pytest $(PYTEST_ARGS)

# ruff, then mypy on what pyproject.toml's [tool.mypy] names (services, models, config, scripts…).
lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .
