#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a given time each, and prints how long
# each ran and how many inputs it tried. A crash stops the script with the failing input
# saved under fuzz/artifacts/<target>/.
# Usage: scripts/fuzz.sh [seconds-per-target] [target ...]     (default: 60 s, all targets)
# Each target starts from its corpus of earlier runs (fuzz/corpus/, not committed) and the
# committed seeds (fuzz/seeds/), with its dictionary (fuzz/dicts/) if it has one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --fuzz >/dev/null
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi
cd fuzz
for target in "${targets[@]}"; do
  log=$(mktemp)
  start=$(date +%s)
  # New inputs go to corpus/<target> (not committed); seeds/<target> holds a few
  # committed examples of each input shape to start from.
  corpora=("corpus/$target")
  mkdir -p "corpus/$target"
  if [ -d "seeds/$target" ]; then corpora+=("seeds/$target"); fi
  # dicts/<target>.dict, where there is one, lists the tokens of the target's format.
  options=(-max_total_time="$seconds" -print_final_stats=1)
  if [ -f "dicts/$target.dict" ]; then options+=(-dict="dicts/$target.dict"); fi
  if ! cargo +nightly fuzz run "$target" "${corpora[@]}" -- "${options[@]}" >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $target FAILED; the input is under fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  echo "fuzz: $target ran clean for $(( $(date +%s) - start )) s (including the build), $runs inputs"
  rm -f "$log"
done
