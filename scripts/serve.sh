#!/usr/bin/env bash
# The production start command: page, JSON API, /healthz and the event websocket on one $PORT.
# Render runs it as the web service's start command; `make run` and the browser tests use it too.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/reflex_env.sh
PORT="${PORT:-3000}"
# Refuse unsafe production settings with one clear line before Reflex starts compiling.
python - <<'PY'
import sys
from horologen.config import ConfigError, load_settings
try:
    load_settings()
except ConfigError as exc:
    print(f"HoroloGen refuses to start: {exc}", file=sys.stderr)
    sys.exit(1)
PY
# On a fresh clone Reflex first initialises .web/ and ends that step with its own hint
# 「Run `uv run reflex run` to start the app」: meant for `reflex init`; here the start goes on.
if [ ! -d .web ]; then
  echo "HoroloGen: 初回はフロントエンドを準備します（1〜2 分）。途中で Reflex が「Run \`uv run reflex run\`」と表示しますが、そのまま起動が続きます。何もしなくて構いません。"
fi
# Reflex warns when Node.js is older than it likes; we build with bun (.tools/), not Node: say so.
node_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [ -n "$node_major" ] && [ "$node_major" -lt 22 ]; then
  echo "HoroloGen: 次に出る Reflex の「Node.js is out of date」警告は無視して構いません（フロントエンドは .tools/ の bun でビルドします）。"
fi
# The login URL is printed when the server answers (/healthz), not before: the first start spends
# a while building the frontend. A small poller beside the server; it ends once it has printed, or
# when the server has gone (its parent changes), or after ten minutes.
PORT="$PORT" python - <<'PY' &
import os, sys, time, urllib.error, urllib.request
port, parent, deadline = os.environ["PORT"], os.getppid(), time.monotonic() + 600
while time.monotonic() < deadline and os.getppid() == parent:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            status = answer.status
    except urllib.error.HTTPError as refused:
        status = refused.code
    except OSError:
        time.sleep(1)
        continue
    if os.environ.get("RENDER"):
        print(f"HoroloGen: ready on port {port} (/healthz {status})", flush=True)
    else:
        print("=" * 64, f"HoroloGen: 起動しました。ブラウザで http://localhost:{port}/login を開いてください。", sep="\n")
        if status != 200:
            print(f"  （/healthz が {status} を返しています: データベースの状態を確認してください）")
        print("=" * 64, flush=True)
    sys.exit(0)
PY
poller=$!
# Stopped with Ctrl-C (`make run`) or SIGTERM (Render, a supervisor, `kill` of this script), the server
# goes with everything it started: Reflex and its children run in a process group of their own
# (`set -m`), and the trap ends that whole group (SIGKILL after a grace period), so nothing is left
# holding the port. Not `exec`: stopped mid-start, Reflex left its frontend build (bun, react-router)
# running. stdin is /dev/null because a background group reading the terminal would be stopped.
set -m
reflex run --env prod --single-port --backend-port "$PORT" --backend-host "${HOST:-0.0.0.0}" \
  --loglevel "${REFLEX_LOGLEVEL:-info}" </dev/null &
server=$!
set +m
STOP_GRACE_S=10 # seconds Reflex gets to end cleanly before SIGKILL
stop_group() {
  kill -TERM -- "-$server" 2>/dev/null || true
  set -m # the timer in a group of its own too, so ending it ends its sleep
  (sleep "$STOP_GRACE_S" && kill -KILL -- "-$server" 2>/dev/null) &
  local timer=$!
  set +m
  wait "$server" 2>/dev/null || true # Reflex itself; SIGKILLed by the timer after the grace period
  local tries=0
  while kill -0 -- "-$server" 2>/dev/null && [ "$tries" -lt $((STOP_GRACE_S * 5)) ]; do
    sleep 0.2
    tries=$((tries + 1))
  done
  kill -KILL -- "-$server" 2>/dev/null || true
  kill -- "-$timer" "$poller" 2>/dev/null || true
}
on_signal() {
  trap - INT TERM HUP
  echo "HoroloGen: 停止しています…" >&2
  stop_group
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP
status=0
wait "$server" || status=$?
trap - INT TERM HUP
stop_group # Reflex ended by itself: whatever it started goes too
exit "$status"
