#!/usr/bin/env node
// Adds up the Jest result files of a CI run (written with --json --outputFile) and prints one
// closing line, "tests: N passed, N failed, N skipped", that CI reads for the count of tests run.
const fs = require('node:fs');

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  skipped += result.numPendingTests + result.numTodoTests;
  console.log(
    `${file}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`,
  );
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = files.length === 0 || failed > 0 ? 1 : 0;
