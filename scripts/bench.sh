#!/usr/bin/env bash
# One run of the whole benchmark: every scenario's default run timed natively and in headless
# Chromium (wasm), joined into docs/BENCH.md with the wasm/native ratio per case. Steps:
#   1. build    cargo bench --bench sim --no-run; trunk build --release --dist $DIST
#   2. native   cargo bench --bench sim, medians to $TARGET/bench/native.json (BENCH_JSON)
#   3. browser  node tests/e2e/bench.mjs against $DIST, medians to $TARGET/bench/wasm.json
#   3b. peer    scenario A against the numpy peer ($PEER, default ../shared/peers/loop_a_numpy.py)
#               on the same sizes, 5 rounds per case (BENCH_PEER_ROUNDS), each
#               examples/probe_query (one thread) beside the peer, medians of 7 each, the order
#               swapped every round, and at the large size one infoloop-cli curves process on
#               all cores (start-up included); the ratios are medians of the rounds' ratios
#   3c. ratio   tests/e2e/ratio.mjs: each case's wasm/native ratio with both sides measured in
#               the same minute (probe_query and the page's timeRun alternating, 5 rounds or
#               BENCH_ROUNDS), since
#               the machine's speed moves between two levels while steps 2 and 3 run apart
#   Steps 2, 3 and 3c each first wait until the machine is quiet (see wait_quiet).
#   4. size     gzip -9 of $DIST/*.wasm + $DIST/*.js but infoloop-figure.js (as scripts/test.sh measures it)
#   5. report   docs/BENCH.md: the table, the machine, the toolchain and this exact command
# Both halves run the same share-link queries (infoloop_core::bench::cases, read by benches/sim.rs
# natively and by tests/e2e/bench.mjs through window.infoloop.benchCases()) and check their
# fingerprints against tests/golden/loop_a.txt, so both time the
# same work. Every number in docs/BENCH.md comes from this run; nothing is typed in by hand.
#
# Environment: CARGO_TARGET_DIR (default target/), BENCH_DIST (default dist/), BENCH_MD (default
# docs/BENCH.md), PEER (the numpy script; the step is skipped, and says so, without it or numpy), CHROMIUM (default /usr/bin/chromium), BENCH_QUIET_PCT and BENCH_QUIET_WAIT (see
# wait_quiet). The numbers are wall-clock medians on shared cores: run nothing else heavy meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

# The command as it was given, with the settings that change what it does.
COMMAND="bash scripts/bench.sh"
for v in PEER BENCH_PEER_ROUNDS BENCH_ROUNDS BENCH_QUIET_WAIT BENCH_QUIET_PCT CHROMIUM BENCH_MD BENCH_DIST CARGO_TARGET_DIR; do # prepended: reads in this order reversed
  if [ -n "${!v:-}" ]; then COMMAND="$v=${!v} $COMMAND"; fi
done
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
TARGET="${CARGO_TARGET_DIR:-target}"
DIST="${BENCH_DIST:-dist}"
MD="${BENCH_MD:-docs/BENCH.md}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
OUT="$TARGET/bench"
mkdir -p "$OUT" "$(dirname "$MD")"
NATIVE_JSON="$OUT/native.json"
WASM_JSON="$OUT/wasm.json"
rm -f "$NATIVE_JSON" "$WASM_JSON"

START=$SECONDS
banner() { printf '\n=== %s ===\n' "$*"; }

# cpu_snap: total and idle CPU ticks so far; busy_between A B: per cent of all cores busy between.
cpu_snap() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }
busy_between() {
  echo "$1 $2" | awk '{t = $3 - $1; i = $4 - $2; printf "%d", (t > 0 ? 100 * (t - i) / t : 0)}'
}
# busy_pct: the share of all CPU time (every core) not idle over the next 2 s, in per cent.
busy_pct() {
  local a
  a=$(cpu_snap)
  sleep 2
  busy_between "$a" "$(cpu_snap)"
}
# wait_quiet: waits (at most BENCH_QUIET_WAIT seconds, default 300) until the machine is nearly
# idle (busy < BENCH_QUIET_PCT, default 15) and prints the last busy share; a timed-out wait is
# not an error, the share it saw goes into the report.
wait_quiet() {
  local t0=$SECONDS pct
  pct=$(busy_pct)
  while [ "$pct" -ge "${BENCH_QUIET_PCT:-15}" ] && [ $((SECONDS - t0)) -lt "${BENCH_QUIET_WAIT:-300}" ]; do
    echo "bench: machine ${pct}% busy; waiting for it to be quiet" >&2
    sleep 8
    pct=$(busy_pct)
  done
  echo "$pct"
}

# Build everything first, so that the two measured steps run back to back on a quiet machine.
banner "build native: cargo bench --bench sim --no-run"
cargo bench --bench sim --no-run 2>&1 | tee "$OUT/native-build.log"

banner "build native: probe_query and infoloop-cli"
cargo build --release --example probe_query --bin infoloop-cli 2>&1 | tee -a "$OUT/native-build.log"

banner "build web: trunk build --release --dist $DIST"
# An old build must not be measured by mistake; but only ever delete what looks like a build.
if [ -e "$DIST" ] && [ ! -f "$DIST/index.html" ] && [ -n "$(ls -A "$DIST")" ]; then
  echo "bench: $DIST is not empty and holds no index.html; not deleting it" >&2
  exit 1
fi
rm -rf "$DIST"
trunk build --release --dist "$DIST" 2>&1 | tee "$OUT/build.log"
[ -f "$DIST/index.html" ] || { echo "bench: no $DIST/index.html after the build" >&2; exit 1; }

QUIET_PCT=${BENCH_QUIET_PCT:-15}
BUSY_NATIVE=$(wait_quiet)
banner "native: cargo bench --bench sim (machine ${BUSY_NATIVE}% busy just before)"
SNAP=$(cpu_snap)
# Several processes: one process's timings can sit in one of two modes (E measured 15.8 or
# 21.1 ms in different processes of the same binary), so the table takes the median process
# and shows the range.
NATIVE_RUNS=${BENCH_NATIVE_RUNS:-3}
for i in $(seq 1 "$NATIVE_RUNS"); do
  BENCH_JSON="$OUT/native-$i.json" cargo bench --bench sim 2>&1 | tee "$OUT/native-$i.log"
done
cp "$OUT/native-1.log" "$OUT/native.log"
DURING_NATIVE=$(busy_between "$SNAP" "$(cpu_snap)")


# The numpy peer: scenario A's four sizes, ours single-threaded (examples/probe_query) beside the
# peer in rounds, so both see the same machine level; at the large size the command line on all
# cores too. Rows go to $OUT/peer.md.
PEER="${PEER:-../shared/peers/loop_a_numpy.py}"
PEER_MD="$OUT/peer.md"
PEER_ROUNDS=${BENCH_PEER_ROUNDS:-5}
: >"$PEER_MD"
BUSY_PEER=""
DURING_PEER=""
PEER_NOTE=""
if [ -f "$PEER" ] && python3 -c 'import numpy' 2>/dev/null; then
  BUSY_PEER=$(wait_quiet)
  banner "peer: $PEER against probe_query (machine ${BUSY_PEER}% busy just before)"
  SNAP=$(cpu_snap)
  PROBE="$TARGET/release/examples/probe_query"
  CLI="$TARGET/release/infoloop-cli"
  NUMPY_VERSION=$(python3 -c 'import numpy; print(numpy.__version__)')
  # med X...: the median of the numbers given (an odd count), two decimals.
  med() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {printf "%.2f", v[int((NR + 1) / 2)]}'; }
  # ours_ms / peer_ms: one median of 7 runs of the case, ours single-threaded and the peer's.
  ours_ms() { "$PROBE" "$query" 7 | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p'; }
  # shellcheck disable=SC2086
  peer_ms() { python3 "$PEER" $peer_args --reps 7 | sed -n 's/^median \([0-9.]*\) ms.*/\1/p'; }
  while IFS='|' read -r label query peer_args large; do
    # PEER_ROUNDS rounds, each ours (median of 7 runs) beside the peer's (median of 7), the
    # order swapped every round, and at the large size one command-line process too; each
    # column is the median over rounds, each ratio the median of the rounds' ratios.
    oursl=() theirsl=() ratios=() threadedl=() tratios=()
    for r in $(seq 1 "$PEER_ROUNDS"); do
      if [ $((r % 2)) = 1 ]; then
        o=$(ours_ms)
        t=$(peer_ms)
      else
        t=$(peer_ms)
        o=$(ours_ms)
      fi
      oursl+=("$o") theirsl+=("$t")
      ratios+=("$(awk -v a="$t" -v b="$o" 'BEGIN {printf "%.4f", a / b}')")
      if [ "$large" = 1 ]; then
        a=$(date +%s%N)
        "$CLI" curves "$query" --format fingerprint >/dev/null
        b=$(date +%s%N)
        th=$(awk -v ns="$((b - a))" 'BEGIN {printf "%.2f", ns / 1e6}')
        threadedl+=("$th")
        tratios+=("$(awk -v a="$t" -v b="$th" 'BEGIN {printf "%.4f", a / b}')")
      fi
    done
    ours=$(med "${oursl[@]}")
    theirs=$(med "${theirsl[@]}")
    ratio=$(med "${ratios[@]}")
    spread=$(printf '%s\n' "${ratios[@]}" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f–%.2f", lo, hi}')
    threaded="–"
    threaded_ratio="–"
    if [ "$large" = 1 ]; then
      threaded=$(med "${threadedl[@]}")
      threaded_ratio="$(med "${tratios[@]}")×"
    fi
    echo "| $label | \`$query\` | \`$peer_args\` | $ours | $theirs | **${ratio}×** | $spread | $threaded | $threaded_ratio |" |
      tee -a "$PEER_MD"
  done <<'CASES'
closed loop, default (R=1000, T=40, N=32)|v=3||0
verifier s=0.4, default sizes|v=3&ver=1&s=0.4|--s 0.4|0
closed loop, R=5000, T=100, N=1024|v=3&r=5000&t=100&n=1024|--r 5000 --t 100 --n 1024|1
verifier s=0.4, R=5000, T=100, N=1024|v=3&ver=1&s=0.4&r=5000&t=100&n=1024|--s 0.4 --r 5000 --t 100 --n 1024|1
CASES
  DURING_PEER=$(busy_between "$SNAP" "$(cpu_snap)")
  PEER_NOTE="numpy $NUMPY_VERSION, $(python3 --version 2>&1)"
else
  echo "bench: no peer ($PEER) or no numpy: the peer step is skipped" >&2
  PEER_NOTE="skipped: no $PEER or no numpy"
fi

BUSY_WASM=$(wait_quiet)
banner "browser: node tests/e2e/bench.mjs (machine ${BUSY_WASM}% busy just before)"
SNAP=$(cpu_snap)
BENCH_DIST="$DIST" BENCH_OUT="$WASM_JSON" CHROMIUM="$CHROMIUM" node tests/e2e/bench.mjs 2>&1 |
  tee "$OUT/wasm.log"
DURING_WASM=$(busy_between "$SNAP" "$(cpu_snap)")

RATIO_JSON="$OUT/ratio.json"
rm -f "$RATIO_JSON"
BUSY_RATIO=$(wait_quiet)
banner "ratio: node tests/e2e/ratio.mjs (machine ${BUSY_RATIO}% busy just before)"
SNAP=$(cpu_snap)
BENCH_DIST="$DIST" BENCH_PROBE="$TARGET/release/examples/probe_query" BENCH_RATIO_OUT="$RATIO_JSON" \
  CHROMIUM="$CHROMIUM" node tests/e2e/ratio.mjs 2>&1 | tee "$OUT/ratio.log"
DURING_RATIO=$(busy_between "$SNAP" "$(cpu_snap)")

banner "size: gzip -9 of $DIST/*.wasm and $DIST/*.js"
shopt -s nullglob
files=("$DIST"/*.wasm "$DIST"/*.js)
shopt -u nullglob
[ "${#files[@]}" -gt 0 ] || { echo "bench: no .wasm or .js in $DIST" >&2; exit 1; }
SIZE_ROWS=""
GZIP_TOTAL=0
RAW_TOTAL=0
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  # The web component's script is loaded by a blog post's figures, never by the page: listed,
  # not counted (as scripts/test.sh does).
  if [ "$(basename "$f")" = infoloop-figure.js ]; then
    SIZE_ROWS+="| \`$(basename "$f")\` (the web component; not in the total) | $raw | $gz |"$'\n'
  else
    RAW_TOTAL=$((RAW_TOTAL + raw))
    GZIP_TOTAL=$((GZIP_TOTAL + gz))
    SIZE_ROWS+="| \`$(basename "$f")\` | $raw | $gz |"$'\n'
  fi
  printf '%-48s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' total "$RAW_TOTAL" "$GZIP_TOTAL"

banner "report: $MD"
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
CHROMIUM_VERSION=$(sed -n 's/^bench: .* \([0-9][0-9.]*\), serving .*/\1/p' "$OUT/wasm.log" | head -n1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# Uncommitted changes to what is measured (the crate, the build, the bench) are named, not hidden.
DIRTY=$(git status --porcelain -- src benches Cargo.toml Cargo.lock Trunk.toml index.html static \
  tests/e2e/bench.mjs 2>/dev/null | wc -l)
BENCH_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
NPROC=$(nproc)
RUSTC=$(rustc --version)
NATIVE_TABLE=$(grep '^|' "$OUT/native.log")
TOOK=$((SECONDS - START))
PEER_ROWS=$(cat "$PEER_MD")
export PEER PEER_ROUNDS PEER_ROWS PEER_NOTE BUSY_PEER DURING_PEER NATIVE_RUNS OUT NATIVE_JSON WASM_JSON MD COMMAND CPU CHROMIUM_VERSION COMMIT DIRTY SIZE_ROWS GZIP_TOTAL \
  RAW_TOTAL BUSY_NATIVE BUSY_WASM BUSY_RATIO DURING_RATIO RATIO_JSON QUIET_PCT DURING_NATIVE DURING_WASM BENCH_DATE NPROC RUSTC NATIVE_TABLE TOOK
node --input-type=module <<'EOF'
import fs from 'node:fs';
const env = process.env;
// Each case's median over the native processes, and their range.
const runs = Array.from({ length: Number(env.NATIVE_RUNS) }, (_, i) =>
  JSON.parse(fs.readFileSync(`${env.OUT}/native-${i + 1}.json`, 'utf8')));
const native = {};
const range = {};
for (const n of Object.keys(runs[0])) {
  const xs = runs.map((r) => r[n]).sort((a, b) => a - b);
  native[n] = xs[Math.floor(xs.length / 2)];
  range[n] = xs.length > 1 ? `${xs[0].toFixed(2)}–${xs.at(-1).toFixed(2)}` : '';
}
fs.writeFileSync(env.NATIVE_JSON, JSON.stringify(native, null, 2));
const wasm = JSON.parse(fs.readFileSync(env.WASM_JSON, 'utf8'));
const names = Object.keys(native);
const missing = names.filter((n) => !(n in wasm)).concat(Object.keys(wasm).filter((n) => !(n in native)));
if (missing.length) {
  console.error(`bench: cases timed on one side only: ${missing.join(', ')}`);
  process.exit(1);
}
// The query of each case, from the native table (`| name | \`query\` | ...`).
const query = {};
for (const line of env.NATIVE_TABLE.split('\n')) {
  const cells = line.split('|').map((c) => c.trim());
  if (cells[1] in native) query[cells[1]] = cells[2];
}
// Each case's scenario tab, from the native table's query (`sc=<key>`), named by the registry
// through the cases list the browser bench printed.
const cases = JSON.parse(fs.readFileSync(`${env.OUT}/cases.json`, 'utf8'));
const TABS = Object.fromEntries(cases.map((c) => [c.name, c.scenario]));
const f2 = (x) => x.toFixed(2);
const row = (n, label) =>
  `| ${label} | ${query[n] ?? ''} | ${f2(native[n])} | ${range[n]} | ${f2(wasm[n])} | ${f2(wasm[n] / native[n])} |`;
const defaults = names.filter((n) => / default$/.test(n));
// The same cases with both sides measured in the same minute (tests/e2e/ratio.mjs).
const ratio = JSON.parse(fs.readFileSync(env.RATIO_JSON, 'utf8'));
const ratioRounds = Object.values(ratio)[0]?.rounds ?? '–';
const ratioRow = (n) => {
  const label = defaults.includes(n) ? TABS[n] ?? n : n;
  const r = ratio[n];
  return r
    ? `| ${label} | ${query[n] ?? ''} | ${f2(r.native)} | ${f2(r.wasm)} | **${f2(r.ratio)}** | ${f2(r.lo)}–${f2(r.hi)} |`
    : `| ${label} | ${query[n] ?? ''} | – | – | – | not measured |`;
};
const others = names.filter((n) => !defaults.includes(n));
const kib = (b) => (Number(b) / 1024).toFixed(1);
const md = `# Benchmarks

Each scenario's default run (what the page computes when its tab opens), timed natively and as
WebAssembly in headless Chromium by one run of \`scripts/bench.sh\`. Both sides run the same
share-link query through \`parse_query(query).0.run.run()\` (its \`RunSpec\`): natively in
\`cargo bench --bench sim\` (benches/sim.rs), in the browser through the page's hook
\`window.infoloop.timeRun(query, reps)\` on the release build (tests/e2e/bench.mjs). Every case
is warmed up first (in the browser for at least 1 s, so V8 has optimized the hot code); each number is the median wall-clock time of \`reps\` runs (the count is in
the native detail below; the browser side uses the same counts). The native bench runs in
${env.NATIVE_RUNS} separate processes: the table gives the median process and the range, since a
process's timings can sit in one of two modes for the same binary.
Both sides check the run's fingerprint against tests/golden/loop_a.txt where the query is listed
there, so they compute the same curves, bit for bit.

| scenario | default run | native median ms | native range over processes | Chromium wasm median ms | wasm/native |
|---|---|---|---|---|---|
${defaults.map((n) => row(n, TABS[n] ?? n)).join('\n')}

Other cases:

| case | query | native median ms | native range over processes | Chromium wasm median ms | wasm/native |
|---|---|---|---|---|---|
${others.map((n) => row(n, n)).join('\n')}

## wasm/native, both sides in the same minute

The two tables above take their native and browser medians minutes apart, and this machine's
speed moves between two levels about 1.5x apart, for seconds to minutes at a time (the same
binary's processes differ by that much), so their ratio can be off by as much.
\`tests/e2e/ratio.mjs\` measures each case in ${ratioRounds} rounds, each one native process
(\`examples/probe_query <query> <reps>\`, the median of its runs) right beside the page's
\`timeRun(query, reps)\` (after 1 s of warm-up), the order swapped every round; the ratio is the
median of the rounds' ratios, and the range shows the rounds' spread. CPU use of all cores
${env.BUSY_RATIO}% just before and ${env.DURING_RATIO}% during this step.

| case | query | native ms (median of rounds) | wasm ms (median of rounds) | wasm/native (median of rounds) | rounds' range |
|---|---|---|---|---|---|
${names.map(ratioRow).join('\n')}

## Against the numpy peer

Scenario A as a researcher would write it in vectorised numpy (\`${env.PEER}\`: R replicates
advanced together, fewer estimators than ours), on the same sizes in the same run, in
${env.PEER_ROUNDS} rounds per case, each ours single-threaded (\`examples/probe_query <query> 7\`,
the median of 7 runs of the simulation) beside the peer's median of 7 (\`python3
loop_a_numpy.py <args> --reps 7\`), the order swapped every round, and at the large size one
\`infoloop-cli curves <query> --format fingerprint\` process on all ${env.NPROC} cores (wall time,
start-up and output included). Times are medians over the rounds; ratios (the peer's time over
ours) are the medians of the rounds' ratios, with the rounds' range.
${env.PEER_NOTE}; CPU use of all cores ${env.BUSY_PEER || '–'}% just before and ${env.DURING_PEER || '–'}%
during this step.

| case | our query | peer arguments | ours, 1 thread, ms | peer ms | peer / ours | rounds' range | ours, all cores, ms | peer / ours (all cores) |
|---|---|---|---|---|---|---|---|---|
${env.PEER_ROWS}

Browser times come from \`performance.now()\`, which headless Chromium coarsens (0.1 ms steps
here), so the shortest runs carry a relative error of a few per cent.

Bundle (what the page loads: the release build's \`.wasm\` and \`.js\` but the web component's
script, gzip -9, as scripts/test.sh measures it against its 300 KiB budget):
**${env.GZIP_TOTAL} B** (${kib(env.GZIP_TOTAL)} KiB; ${env.RAW_TOTAL} B uncompressed).

| file | bytes | gzip -9 |
|---|---|---|
${env.SIZE_ROWS.trimEnd()}

## Run

- date: ${env.BENCH_DATE} (the whole script took ${env.TOOK} s, builds included)
- machine: ${env.NPROC} cores (\`nproc\`), CPU \`${env.CPU}\` (/proc/cpuinfo)
- CPU use of all cores together (/proc/stat): ${env.BUSY_NATIVE}% in the 2 s before the native bench
  and ${env.DURING_NATIVE}% during it; ${env.BUSY_WASM}% before the browser bench and ${env.DURING_WASM}% during
  it. Each bench waits for under ${env.QUIET_PCT}% first (more: it gave up waiting); a
  single-threaded bench alone keeps one core busy, ${Math.round(100 / Number(env.NPROC))}% here, so
  much more during it means something else ran too and the medians may be high.
- rustc: \`${env.RUSTC}\`
- Chromium: ${env.CHROMIUM_VERSION} (headless, via playwright-core)
- commit: \`${env.COMMIT}\`${Number(env.DIRTY) > 0 ? ` plus ${env.DIRTY} uncommitted change(s) to measured files` : ''}
- command: \`${env.COMMAND}\`

Native detail (\`cargo bench --bench sim\` as printed by the first process):

${env.NATIVE_TABLE}
`;
fs.writeFileSync(env.MD, md);
console.log(md);
EOF
echo "bench: wrote $MD in $((SECONDS - START))s"
