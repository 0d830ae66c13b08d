#!/usr/bin/env bash
# Every test: lints, native tests, the wasm tests in Node and in headless Chromium, then the
# npm package built into pkg/, in every runtime it ships for (tests/js/): Node, headless
# Chromium as a native ES module and through Vite, Cloudflare's workerd, Deno; its
# TypeScript types (tsc --strict); the reference worker in workerd; the playground page in
# Chromium; the demo (the worker replaying a recorded call); the C-ABI module from Python
# through Wasmtime (tests/python); a short run of every fuzz target.
# Installs what is missing first. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

scripts/setup.sh --browser

step "format and lints"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features c-abi --target-dir target/cabi \
  -- -D warnings

step "native tests"
cargo test

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
step "wasm tests in Node"
cargo test --target wasm32-unknown-unknown --test 'web*'

step "wasm tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --target wasm32-unknown-unknown --test 'web*'

step "npm package: Node, Chromium (native ES module, Vite), workerd, Deno, types; playground; demo"
scripts/build.sh
# The module's budget: under 120 kB gzipped (README, "Size").
gz=$(gzip -9 -c pkg/salebot_sipout_bg.wasm | wc -c)
if [ "$gz" -ge 120000 ]; then
  echo "test: pkg/salebot_sipout_bg.wasm is $gz bytes gzipped, not under the budget of 120000" >&2
  exit 1
fi
node --test tests/js/

step "the C-ABI module from Python through Wasmtime"
.venv/bin/python -m unittest discover -s tests/python -v

step "fuzz smoke: every fuzz target, a minute in all"
scripts/setup.sh --fuzz
targets=$(cd fuzz && cargo +nightly fuzz list | wc -l)
scripts/fuzz.sh $(( (60 + targets - 1) / targets ))

step "all tests passed"
