#!/usr/bin/env bash
# Render build command: pinned Python packages, bun from the npm registry, the frontend built once.
set -euo pipefail
cd "$(dirname "$0")/.."
pip install --disable-pip-version-check -r requirements.txt
npm install --no-audit --no-fund --silent --prefix .tools bun@1.4.4
. scripts/reflex_env.sh
reflex export --frontend-only --no-zip --env prod
