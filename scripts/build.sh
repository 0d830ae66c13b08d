#!/usr/bin/env bash
# Builds the npm package in pkg/ from the crate: release wasm, wasm-bindgen glue for the
# web target, wasm-opt, and the package's own entry points and types.
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-opt flags: chosen by measuring speed and size of this module (README, "Size").
WASM_OPT_FLAGS=${WASM_OPT_FLAGS:--O3}

cargo build --release --target wasm32-unknown-unknown --lib
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name salebot_sipout \
  target/wasm32-unknown-unknown/release/salebot_sipout.wasm
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $WASM_OPT_FLAGS --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  pkg/salebot_sipout_bg.wasm -o pkg/salebot_sipout_bg.wasm
cp js/index.js js/node.js js/package.json pkg/
# The package entry shares the boundary's JS helpers with the glue: one module instance,
# so that there is one SipoutError class.
snippet=$(cd pkg && ls snippets/*/js/crossing.js)
echo "export * from './$snippet';" > pkg/crossing.js
raw=$(stat -c %s pkg/salebot_sipout_bg.wasm)
gz=$(gzip -9 -c pkg/salebot_sipout_bg.wasm | wc -c)
echo "[build] pkg/salebot_sipout_bg.wasm: $raw bytes, $gz gzipped (wasm-opt $WASM_OPT_FLAGS)"
