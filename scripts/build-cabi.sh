#!/usr/bin/env bash
# Builds the C-ABI module in pkg-cabi/ from the same crate, for WebAssembly hosts without
# JavaScript (Wasmtime from Python or Go…): release wasm without the `js` feature, with
# `c-abi` (src/cabi.rs documents the ABI), then wasm-opt. Fails if the module imports
# anything: a host must be able to instantiate it with no imports at all.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_OPT_FLAGS=${WASM_OPT_FLAGS:--O3}
out=pkg-cabi/salebot_sipout_cabi.wasm

# Its own target directory, so that the two builds of the crate do not overwrite each other.
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features c-abi \
  --target-dir target/cabi
mkdir -p pkg-cabi
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $WASM_OPT_FLAGS --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  target/cabi/wasm32-unknown-unknown/release/salebot_sipout.wasm -o "$out"

imports=$(node -e '
  const mod = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
  console.log(WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`).join(" "));
' "$out")
if [ -n "$imports" ]; then
  echo "build-cabi: $out imports $imports; the C-ABI module must import nothing" >&2
  exit 1
fi
raw=$(stat -c %s "$out")
gz=$(gzip -9 -c "$out" | wc -c)
echo "[build] $out: $raw bytes, $gz gzipped (wasm-opt $WASM_OPT_FLAGS), no imports"
