// Prints one last line `e2e: N passed, M failed` for scripts/test.sh to add to its total.
// A test counts by its final outcome: expected -> passed; unexpected or flaky -> failed; skipped
// (or never run) -> neither. An error outside any test (global set-up, a crashed worker) and a
// run that timed out or was interrupted each count as one more failure, so a broken run can
// never print `0 failed`.
export default class CountReporter {
  constructor() {
    this.suite = null;
    this.errors = 0;
  }

  onBegin(_config, suite) {
    this.suite = suite;
  }

  onError() {
    this.errors += 1;
  }

  onEnd(result) {
    let passed = 0;
    let failed = this.errors;
    for (const test of this.suite?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'expected') passed += 1;
      else if (outcome === 'unexpected' || outcome === 'flaky') failed += 1;
    }
    if (result.status === 'timedout' || result.status === 'interrupted') failed += 1;
    console.log(`e2e: ${passed} passed, ${failed} failed`);
  }

  printsToStdio() {
    return true;
  }
}
