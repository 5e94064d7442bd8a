#!/usr/bin/env bash
# Runs every check of the project and ends with one line `N passed, N failed` (exit 1 if any
# failed). Stages, each counted:
#   setup     scripts/setup.sh (counted only if it fails)
#   fmt       cargo fmt --check                                  1 check
#   clippy    cargo clippy --workspace --all-targets -- -D warnings           1 check
#   native    cargo test --no-fail-fast                          every test; a build error = 1 failure
#   wasm      cargo test --no-fail-fast --target wasm32-unknown-unknown --test web (Chromium)  same
#   build     trunk build --release -> dist/                      1 check
#   size      gzip size of what the page loads (wasm, glue, worker) <= 300 KiB  1 check
#   e2e       npx playwright test against dist/                   every test (its `e2e: N passed, M failed`
#             line, from tests/e2e/count-reporter.mjs); a run with no such line = 1 failure
#   bench     cargo bench --bench sim, printed only with BENCH=1  not counted
# Every stage runs even after another failed, except those that need dist/ from a failed build.
# Each stage's output goes to the terminal as it runs (CI reads it) and to target/test-logs/.
set -u
cd "$(dirname "$0")/.." || exit 1

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$PWD/tests/webdriver.json}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
BUDGET_GZIP_BYTES=$((300 * 1024))
LOGS=target/test-logs
mkdir -p "$LOGS"

PASSED=0
FAILED=0
SUMMARY=()
START=$SECONDS

banner() { printf '\n=== %s ===\n' "$*"; }
# record STAGE PASSED FAILED NOTE: adds a stage's counts to the totals and the summary table.
record() {
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  SUMMARY+=("$(printf '  %-8s pass %4d   fail %4d   %s' "$1" "$2" "$3" "${4:-}")")
}
# run LOG TIMEOUT CMD...: runs CMD with its output shown and logged; returns its exit code.
run() {
  local log=$1 limit=$2
  shift 2
  local t0=$SECONDS
  timeout --kill-after=30 "$limit" "$@" 2>&1 | tee "$LOGS/$log.log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" = 124 ] && echo "!!! timed out after ${limit}s: $*"
  echo "--- $log: exit $rc in $((SECONDS - t0))s"
  return "$rc"
}
# single STAGE LOG TIMEOUT CMD...: a stage that is one check, passed iff CMD exits 0.
single() {
  local stage=$1 log=$2 limit=$3
  shift 3
  banner "$stage: $*"
  if run "$log" "$limit" "$@"; then record "$stage" 1 0; else record "$stage" 0 1 "(exit non-zero)"; fi
}
# cargo_tests STAGE LOG TIMEOUT CMD...: a libtest run (with --no-fail-fast, so one failing test
# binary does not hide the rest); sums every `test result:` line. A test binary that died without
# its result line (abort, signal) is 1 failure; a run that exits non-zero with no counted failure
# (build error, timeout) is 1 failure.
cargo_tests() {
  local stage=$1 log=$2 limit=$3
  shift 3
  banner "$stage: $*"
  run "$log" "$limit" "$@"
  local rc=$? p f died
  local file="$LOGS/$log.log"
  p=$(sed -n 's/^test result: .* \([0-9][0-9]*\) passed; \([0-9][0-9]*\) failed.*/\1/p' "$file" | awk '{s += $1} END {print s + 0}')
  f=$(sed -n 's/^test result: .* \([0-9][0-9]*\) passed; \([0-9][0-9]*\) failed.*/\2/p' "$file" | awk '{s += $1} END {print s + 0}')
  # cargo says `error: test failed` (or `doctest failed`) once per failing binary, dead or not.
  died=$(($(grep -cE '^error: (test|doctest) failed' "$file") - $(grep -c '^test result: FAILED' "$file")))
  local note=""
  if [ "$died" -gt 0 ]; then
    f=$((f + died))
    note="($died test binary(ies) died without a result)"
  fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1
    note="(exit $rc with no failing test: build error, crash or timeout)"
  elif [ "$rc" = 0 ] && [ "$p" = 0 ]; then
    note="(ran no test)"
  fi
  record "$stage" "$p" "$f" "$note"
}

# --- setup -------------------------------------------------------------------------------------
banner "setup: scripts/setup.sh"
if ! run setup 3600 bash scripts/setup.sh; then
  record setup 0 1 "(set-up failed; later stages may fail for it)"
fi

# --- (a) format, (b) lints ---------------------------------------------------------------------
single fmt fmt 300 cargo fmt --all -- --check --color never
single clippy clippy 2400 cargo clippy --workspace --all-targets -- -D warnings

# --- (c) native tests, (d) browser tests -------------------------------------------------------
cargo_tests native native 2400 cargo test --workspace --no-fail-fast
if [ -f tests/web.rs ]; then
  cargo_tests wasm wasm 2400 cargo test --no-fail-fast --target wasm32-unknown-unknown --test web
else
  banner "wasm: tests/web.rs is missing"
  record wasm 0 1 "(tests/web.rs is missing)"
fi

# --- (e) release build, (f) bundle size --------------------------------------------------------
banner "build: trunk build --release"
BUILD_OK=0
rm -rf dist # a failed build must not leave an old dist/ for the stages below to test
if run build 2400 trunk build --release && [ -f dist/index.html ]; then
  BUILD_OK=1
  record build 1 0
else
  record build 0 1 "(no dist/)"
fi

banner "size: gzip -9 of what the page loads: dist/*.wasm and dist/*.js but the web component's script (budget $((BUDGET_GZIP_BYTES / 1024)) KiB)"
if [ "$BUILD_OK" = 1 ]; then
  total=0
  shopt -s nullglob
  files=()
  for f in dist/*.wasm dist/*.js; do
    # A blog post's figures load infoloop-figure.js besides the same wasm and glue; the page
    # itself never does. It is printed apart: what the web component adds.
    [ "$(basename "$f")" = infoloop-figure.js ] || files+=("$f")
  done
  shopt -u nullglob
  if [ -f dist/infoloop-figure.js ]; then
    printf 'the web component adds: dist/infoloop-figure.js %d B gzip (not in the budget)\n' \
      "$(gzip -9 -c dist/infoloop-figure.js | wc -c)"
  fi
  printf '%-48s %10s %10s\n' file bytes gzip
  for f in "${files[@]}"; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total=$((total + gz))
    printf '%-48s %10d %10d\n' "$f" "$raw" "$gz"
  done
  printf '%-48s %10s %10d  (%d.%d KiB of %d KiB)\n' total '' "$total" \
    $((total / 1024)) $(((total % 1024) * 10 / 1024)) $((BUDGET_GZIP_BYTES / 1024))
  if [ "${#files[@]}" = 0 ]; then
    echo "no .wasm or .js in dist/"
    record size 0 1 "(nothing to measure)"
  elif [ "$total" -le "$BUDGET_GZIP_BYTES" ]; then
    record size 1 0 "($total B gzip)"
  else
    echo "over budget by $((total - BUDGET_GZIP_BYTES)) bytes"
    record size 0 1 "($total B gzip > $BUDGET_GZIP_BYTES B)"
  fi
else
  echo "skipped: the release build failed"
  record size 0 1 "(no build to measure)"
fi

# --- (g) end to end ----------------------------------------------------------------------------
banner "e2e: npx playwright test"
if [ "$BUILD_OK" = 1 ]; then
  # playwright.config.mjs bounds the run itself (globalTimeout 12 min); this bounds a hung one.
  run e2e 900 npx playwright test
  rc=$?
  line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$LOGS/e2e.log" | tail -n1)
  p=$(echo "$line" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  f=$(echo "$line" | sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  p=${p:-0}
  f=${f:-0}
  if [ -z "$line" ]; then
    record e2e "$p" 1 "(exit $rc and no count line: crashed or killed)"
  elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    record e2e "$p" 1 "(exit $rc with no failing test)"
  else
    record e2e "$p" "$f"
  fi
else
  echo "skipped: the release build failed"
  record e2e 0 1 "(no build to test)"
fi

# --- (h) benchmarks, printed only --------------------------------------------------------------
if [ "${BENCH:-0}" = 1 ]; then
  banner "bench (not counted): cargo bench --bench sim"
  run bench 1800 cargo bench --bench sim || echo "bench exited non-zero (not counted)"
fi

# --- summary -----------------------------------------------------------------------------------
banner "summary ($((SECONDS - START))s)"
printf '%s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
