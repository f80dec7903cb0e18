#!/usr/bin/env bash
# The production start command: page, JSON API, /healthz and the event websocket on one $PORT.
# Render runs it as the web service's start command; `make run` and the browser tests use it too.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/reflex_env.sh
PORT="${PORT:-3000}"
exec reflex run --env prod --single-port --backend-port "$PORT" --backend-host "${HOST:-0.0.0.0}" --loglevel "${REFLEX_LOGLEVEL:-info}"
