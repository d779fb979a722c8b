#!/usr/bin/env node
// Adds up the Jest result files of a CI run (written with --json --outputFile) and prints one
// closing line, "N passed, N failed, N skipped" and nothing else, that CI reads for the count
// of tests run. The lines per run are worded differently so that only the last one reads so.
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
    `${file}: passed ${result.numPassedTests}, failed ${result.numFailedTests}, skipped ${result.numPendingTests}`,
  );
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = files.length === 0 || failed > 0 ? 1 : 0;
