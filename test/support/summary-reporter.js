// Prints the run's totals as one plain line ("N passed, N failed, N skipped") as the very last
// line of the run (at exit, after jest's own summary), for tools that read a run's closing line.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`;
    // stderr to a pipe or file is written synchronously on exit.
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
