/**
 * Prints the closing line CI reads: "N passed, M failed" (suites that failed to run count as
 * failed). scripts/test.mjs also reads the counts from PULSETRACE_SUMMARY_FILE to add its checks.
 */
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const passed = results.numPassedTests;
    if (process.env.PULSETRACE_SUMMARY_FILE) {
      fs.writeFileSync(process.env.PULSETRACE_SUMMARY_FILE, JSON.stringify({ passed, failed }));
    } else {
      process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
    }
  }
}
module.exports = SummaryReporter;
