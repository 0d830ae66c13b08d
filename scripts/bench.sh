#!/usr/bin/env bash
# Benchmarks: builds pkg/ as the release does, then runs each benchmark in bench/ (or the
# ones named: scripts/bench.sh phones).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in bench/*.mjs; do
    case "$f" in *corpus.mjs|*-plain.mjs|*/interleave.mjs) ;; *) names+=("$(basename "$f" .mjs)") ;; esac
  done
fi
for name in "${names[@]}"; do
  echo
  node "bench/$name.mjs"
done
