// Prints the run's totals as one plain line ("N passed, N failed, N skipped") after jest's own
// summary (on stderr, where jest writes its own, so it stays last), for tools that read a run's closing line.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
