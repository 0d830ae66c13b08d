#!/usr/bin/env bash
# What the module would weigh if it were built for one use only: a copy of the crate in a
# temporary directory, the JS boundary's exports for the other uses compiled out
# (`#[cfg(any())]` before their `#[wasm_bindgen]` items), built and optimised as
# scripts/build.sh does, gzipped with `gzip -9`. A measurement for choosing how to ship
# the module, not a build of a working package: the package's JS entry expects every export.
#
# Usage: scripts/size-options.sh [opt-level…]   (default: 3; try `3 z`)
set -euo pipefail
cd "$(dirname "$0")/.."
levels=("${@:-3}")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm_opt=$PWD/node_modules/.bin/wasm-opt
target=$PWD/target/size-options
# As scripts/build.sh builds it: dependencies' paths from the registry on.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"

# The exports of each use, by their JS names.
PHONES="normalizePhone parsePhone normalizePhones findPhones formatPhone __phoneScratch __phoneMessage __phoneLane __phonesMax __phonesInput __phonesBatch"
WEBHOOK="parseWebhook dealVariables buildNotifications handleWebhook __webhookHeader __webhookInput __webhookOutput __webhookMax __webhookHandle"
MATCHING="matchClient ClientMatcher ClientIndex __matchingLane __matchingChunk"
CRM="crmRequests bitrixRegisterState"
CALLING="validateSettings sipoutEmployees applyExtensions maskApiKey phoneAction cardPhoneActions callbackWidgetRequest"
BLOCK="__localeOf runBlockAction"
LANES="__phoneScratch __phoneMessage __phoneLane __phonesMax __phonesInput __phonesBatch __webhookHeader __webhookInput __webhookOutput __webhookMax __webhookHandle ClientMatcher ClientIndex __matchingLane __matchingChunk runBlockAction"

# Builds the crate with every export not in `keep` compiled out; prints its sizes.
measure() {
  local label=$1 keep=$2 level=$3 dir="$work/crate"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp -r Cargo.toml Cargo.lock src js .cargo "$dir"/
  local all="$PHONES $WEBHOOK $MATCHING $CRM $CALLING $BLOCK" name
  for name in $all; do
    case " $keep " in *" $name "*) continue ;; esac
    # A class goes with its methods (`js_class`) and its Rust-side impls.
    if grep -q "^#\[wasm_bindgen(js_name = $name)\]$" "$dir"/src/js/*.rs; then
      local file rust
      file=$(grep -l "^#\[wasm_bindgen(js_name = $name)\]$" "$dir"/src/js/*.rs)
      rust=$(grep -A1 "^#\[wasm_bindgen(js_name = $name)\]$" "$file" | sed -n 's/^pub struct \([A-Za-z]*\).*/\1/p')
      sed -i "s/^#\[wasm_bindgen(js_class = $name)\]$/#[cfg(any())]\n&/; s/^impl [A-Za-z]* for $rust /#[cfg(any())]\n&/" "$file"
    fi
    if ! grep -q "^#\[wasm_bindgen(js_name = $name\b" "$dir"/src/js/*.rs; then
      echo "size-options: no export $name in src/js; update this script" >&2
      exit 1
    fi
    sed -i "s/^#\[wasm_bindgen(js_name = $name\b/#[cfg(any())]\n&/" "$dir"/src/js/*.rs
  done
  # (The trimmed copies warn of code left unused; the warnings are not shown.)
  if ! (cd "$dir" && CARGO_PROFILE_RELEASE_OPT_LEVEL=$level cargo build --release --no-default-features --features js \
    --target wasm32-unknown-unknown --lib --target-dir "$target" \
    --config "target.wasm32-unknown-unknown.rustflags=['--remap-path-prefix=$registry=registry']") >"$work/log" 2>&1; then
    cat "$work/log" >&2
    exit 1
  fi
  wasm-bindgen --target web --out-dir "$work/out" --out-name m \
    "$target/wasm32-unknown-unknown/release/salebot_sipout.wasm"
  "$wasm_opt" -O3 --low-memory-unused --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
    "$work/out/m_bg.wasm" -o "$work/out/opt.wasm"
  printf '  %-58s opt-level %s  %7d bytes  %7d gzipped\n' "$label" "$level" \
    "$(stat -c %s "$work/out/opt.wasm")" "$(gzip -9 -c "$work/out/opt.wasm" | wc -c)"
}

echo "[size-options] the module built for one use (wasm-opt as scripts/build.sh runs it, gzip -9):"
for level in "${levels[@]}"; do
  measure "everything (the package's module)" "$PHONES $WEBHOOK $MATCHING $CRM $CALLING $BLOCK" "$level"
  measure "edge worker: phones, webhooks, matching, CRM forwarding" "$PHONES $WEBHOOK $MATCHING $CRM" "$level"
  measure "front end: phones, settings, click-to-call, widget" "$PHONES $CALLING" "$level"
  measure "every use, but only the lanes, classes and runBlockAction" "$LANES" "$level"
done
