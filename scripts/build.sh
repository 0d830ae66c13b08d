#!/usr/bin/env bash
# Builds the npm package in pkg/ from the crate: release wasm, wasm-bindgen glue for the
# web target, wasm-opt, and the package's own entry points, types and README (js/).
set -euo pipefail
cd "$(dirname "$0")/.."

# wasm-opt flags: chosen by measuring speed and size of this module (README, "Size").
# --low-memory-unused lets wasm-opt fold constant offsets into loads and stores, which is
# sound when no address the code forms wraps around into the first KiB of memory: Rust's
# pointers never do (the stack grows down from 1 MiB towards it, the data lies above).
# --converge repeats the passes while they still shrink the module. Together they take
# 0.9 kB gzipped off at the same speed.
WASM_OPT_FLAGS=${WASM_OPT_FLAGS:--O3 --low-memory-unused --converge}

# Panic locations in the module name the source files of the crates it links: those of
# dependencies are written from the registry on, not from the home directory of the
# machine that built it. (Added to .cargo/config.toml's flags, not in place of them.)
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
# The block manifest's texts are left out of this module: the package carries them as data
# (manifest.js, below). The C-ABI module keeps them.
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features js \
  --config "target.wasm32-unknown-unknown.rustflags=['--remap-path-prefix=$registry=registry']"
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name salebot_sipout \
  target/wasm32-unknown-unknown/release/salebot_sipout.wasm
# shellcheck disable=SC2086
node_modules/.bin/wasm-opt $WASM_OPT_FLAGS --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  pkg/salebot_sipout_bg.wasm -o pkg/salebot_sipout_bg.wasm
# The package's own files: the API module with its fast lanes (index.js), one entry per
# kind of runtime (browser.js, node.js, workerd.js; package.json maps them by export
# condition), the types and the README.
cp js/index.js js/browser.js js/node.js js/workerd.js js/package.json js/README.md \
  js/index.d.ts js/init.d.ts js/crossing.d.ts pkg/
# api.d.ts: the module's declarations as wasm-bindgen generates them from the Rust sources
# (functions, interfaces, ErrorCode), without the glue's loader part, which the entries
# replace and whose raw export signatures hold `any`.
# The classes' `[Symbol.dispose]` is left out: it needs TypeScript's esnext.disposable
# library, which a host may not have; `free()` is declared.
awk '/^export type InitInput /{cut=1} !cut && !/^ *\[Symbol\.dispose\]\(\): void;$/' pkg/salebot_sipout.d.ts > pkg/api.d.ts
if ! grep -q '^export function ' pkg/api.d.ts || cmp -s pkg/api.d.ts pkg/salebot_sipout.d.ts; then
  echo "build: the generated declarations have changed shape; see api.d.ts in scripts/build.sh" >&2
  exit 1
fi
rm pkg/salebot_sipout.d.ts pkg/salebot_sipout_bg.wasm.d.ts
# The package entry shares the boundary's JS helpers with the glue: one module instance,
# so that there is one SipoutError class.
snippet=$(cd pkg && ls snippets/*/js/crossing.js)
echo "export * from './$snippet';" > pkg/crossing.js
raw=$(stat -c %s pkg/salebot_sipout_bg.wasm)
gz=$(gzip -9 -c pkg/salebot_sipout_bg.wasm | wc -c)
echo "[build] pkg/salebot_sipout_bg.wasm: $raw bytes, $gz gzipped (wasm-opt $WASM_OPT_FLAGS)"

# The same crate as a module for hosts without JavaScript (the C ABI).
scripts/build-cabi.sh
# The package's block manifest, from the C-ABI module's.
node scripts/manifest.mjs pkg-cabi/salebot_sipout_cabi.wasm pkg/manifest.js
