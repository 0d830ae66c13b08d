#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there.
# Safe to run any number of times. Usage: scripts/setup.sh [--browser] [--fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --fuzz) want_fuzz=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Rust target for the module.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (found: ${have:-none}); takes a few minutes"
  # The registry here may lack a crate version that the CLI's own lock file names, so fall
  # back to the newest compatible dependencies when the locked build cannot resolve.
  cargo install --locked --force wasm-bindgen-cli --version "$bindgen_version" \
    || cargo install --force wasm-bindgen-cli --version "$bindgen_version"
fi

# npm packages from the lock file: wasm-opt (binaryen), benchmark peers, and what the package
# is tested with (playwright-core, vite, workerd, esbuild, deno, typescript).
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-lock; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.setup-lock
fi

# Python with Wasmtime for the C-ABI tests (tests/python), in a virtualenv of the project's
# own (.venv), the versions pinned in tests/python/requirements.txt.
if [ ! -x .venv/bin/python ] || ! cmp -s tests/python/requirements.txt .venv/.setup-requirements; then
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    say "installing Python's venv from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  say "installing the Python test requirements into .venv"
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
  cp tests/python/requirements.txt .venv/.setup-requirements
fi

if [ "$want_browser" = 1 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and ChromeDriver from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

if [ "$want_fuzz" = 1 ]; then
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "installing a nightly toolchain for cargo-fuzz"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz"
    cargo install --locked cargo-fuzz || cargo install cargo-fuzz
  fi
fi
say "ready"
