#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080 (PORT and ADDRESS override), installing what is missing
# first (scripts/setup.sh): a release build, rebuilt and reloaded when a source file is saved.
# Extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh

# Watch only the sources. By default trunk watches the whole folder, target/ and node_modules/
# included, and its file watcher (notify-debouncer-full 0.5) can panic and stop serving while
# cargo churns target/.
watch=()
for path in src static index.html Cargo.toml Cargo.lock Trunk.toml; do
  [ -e "$path" ] && watch+=(--watch "$path")
done
exec trunk serve --release --address "${ADDRESS:-127.0.0.1}" --port "${PORT:-8080}" "${watch[@]}" "$@"
