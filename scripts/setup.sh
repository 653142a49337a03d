#!/usr/bin/env bash
# Installs every tool the build and tests need, skipping what is present.
# A fresh machine has only rustup, gcc, node/npm and python3 (see ../shared/TOOLCHAIN.md).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS"

say() { printf 'setup: %s\n' "$*"; }

# 0. rustfmt and clippy (in rustup's default profile, but not in every install).
for c in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
    say "adding the $c component"
    rustup component add "$c"
  fi
done

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI, exactly the version Cargo.lock pins (the two must match).
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock 2>/dev/null || true)
want=${want:-0.2.130}
have=$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (about 3 minutes)"
  # Not --locked: its lockfile wants a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$want" --root "$TOOLS" --force
fi

# 3. wasm-opt from npm's binaryen (Debian's wasm-opt 108 writes a broken module), and terser,
#    which minifies the loader and wasm-bindgen's glue: exactly the versions, transitive ones
#    included, that scripts/tools/package-lock.json pins (`npm ci`, again whenever it changes).
if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] || [ ! -x "$TOOLS/node_modules/.bin/terser" ] \
  || ! cmp -s scripts/tools/package-lock.json "$TOOLS/package-lock.json"; then
  say "installing binaryen (wasm-opt) and terser from npm, as scripts/tools/package-lock.json pins"
  cp scripts/tools/package.json scripts/tools/package-lock.json "$TOOLS/"
  npm ci --prefix "$TOOLS" --no-audit --no-fund --silent
fi

# 3b. cargo-deny, for `make lint`'s licence, ban and source checks (deny.toml); its own
#     lockfile builds offline from crates.io (`--locked`).
want=0.20.2
if [ "$("$TOOLS/bin/cargo-deny" --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  say "installing cargo-deny $want (several minutes)"
  cargo install cargo-deny --version "$want" --locked --root "$TOOLS" --force
fi

# 4. Headless Chromium and its driver from Debian.
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium from apt"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4b. A pinned nightly with the standard library's source, for the size-first widget build
#     (build-std with panic=immediate-abort: about 1.7 KB brotli less for every host page).
#     scripts/widget-toolchain.sh decides; without it the widget builds on stable, larger.
if ! scripts/widget-toolchain.sh >/dev/null 2>&1; then
  say "installing the pinned nightly $(scripts/widget-toolchain.sh --want) with rust-src (widget size build)"
  rustup toolchain install "$(scripts/widget-toolchain.sh --want)" --profile minimal --component rust-src \
    || say "warning: could not install the nightly; the widget builds on stable (about 1.7 KB larger)"
fi

# 4c. cargo-fuzz, for the fuzz targets in fuzz/ (`make fuzz`, `make test-fuzz`); they build
#     on the same pinned nightly.
if [ ! -x "$TOOLS/bin/cargo-fuzz" ]; then
  say "installing cargo-fuzz into .tools (about 3 minutes)"
  cargo install cargo-fuzz --locked --root "$TOOLS" || cargo install cargo-fuzz --root "$TOOLS"
fi

# 5. Browser-test tools (playwright-core only: it never downloads a browser).
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  say "installing the end-to-end test tools from npm"
  # `npm ci` only: the versions package-lock.json pins, or a loud failure (never a fresh resolve).
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
say "tools ready"
