# Sourced by every script that runs Reflex: keeps it off the internet (see REFLEX_NOTES.md)
# and puts the bun installed from the npm registry on PATH.
_here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export REFLEX_HTTP_CLIENT_BIND_ADDRESS=0.0.0.0
if [ -z "${NPM_CONFIG_REGISTRY:-}" ] && command -v npm >/dev/null 2>&1; then
  NPM_CONFIG_REGISTRY="$(npm config get registry)"
  export NPM_CONFIG_REGISTRY
fi
export REFLEX_USE_SYSTEM_BUN=1
export PATH="$_here/.tools/node_modules/.bin:$_here/.venv/bin:$PATH"
unset _here
