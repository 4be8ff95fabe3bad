// Prints the run's totals as one plain line ("N passed, N failed, N skipped") after jest's own
// summary, for tools that read a test run's closing line.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
