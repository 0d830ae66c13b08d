#!/usr/bin/env bash
# The main job: installs what is missing, builds pkg/, runs the demo in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node scripts/demo.mjs
