#!/usr/bin/env bash
# Installs every tool the build and the tests need, idempotently: a warm run costs seconds.
# Versions follow shared/TOOLCHAIN.md (the recipe that works on these offline machines):
#   wasm32 target, rustfmt, clippy   (rustup)
#   trunk 0.21.14                    (cargo install, ~7 min cold)
#   wasm-bindgen-cli = Cargo.lock's  (cargo install, ~2 min cold; gives wasm-bindgen-test-runner)
#   chromium + chromium-driver       (apt, ~30 s cold)
#   binaryen 132 (wasm-opt), @playwright/test + playwright-core, axe-core   (npm ci, stamped by the lockfile's hash)
# Callers put ~/.cargo/bin and node_modules/.bin on PATH (see scripts/test.sh, scripts/serve.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[setup] %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "missing $1: $2"; exit 1; }; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

# Two scripts (serve + test) may set up at once; let one install while the other waits.
mkdir -p target
exec 9>target/.setup.lock
flock 9

need cargo "install Rust (https://rustup.rs)"
need rustup "install Rust through rustup"

# 1. The wasm target and the lint components of the machine's one Rust toolchain.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "adding rustup component $component"
    rustup component add "$component"
  fi
done

# 2. trunk (bundler) and wasm-bindgen-cli (its version must equal the wasm-bindgen in Cargo.lock).
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 7 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ -n "$WB_VERSION" ] || { log "no wasm-bindgen in Cargo.lock"; exit 1; }
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VERSION" \
  || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked --force
fi

# 3. Chromium and ChromeDriver for the browser tests (Debian's packages; never a downloaded browser).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing chromium and chromium-driver (about 30 s, once)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4. npm tools (wasm-opt from binaryen, @playwright/test and playwright-core, axe-core), stamped by the
#    lockfile's hash. Never `npx playwright install`: the tests use Debian's Chromium.
if ! command -v npm >/dev/null 2>&1; then
  log "installing nodejs and npm"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
stamp=node_modules/.lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  log "installing npm tools (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), $(node_modules/.bin/wasm-opt --version), $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
