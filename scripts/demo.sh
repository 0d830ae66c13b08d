#!/usr/bin/env bash
# The full demo: installs what is missing, builds pkg/, shows the module at work in Node,
# starts the reference worker under workerd and replays a recorded call through it,
# then serves the playground on localhost (port $PORT, or 8080 if free) and prints its
# address; Ctrl+C stops it. `scripts/demo.sh --once` starts and stops everything, for a check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node scripts/demo.mjs
exec node scripts/demo-serve.mjs "$@"
