// Checks what runCases (../run-cases.mjs) reported from another runtime.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { phoneCases } from '../phone-cases.mjs';

export const GOLDEN = readFileSync(new URL('../../fixtures/phones.tsv', import.meta.url), 'utf8');

/** The names of all the cases, in order. */
export const CASE_NAMES = phoneCases({}, GOLDEN).map(([name]) => name);

/** Every case ran and passed, and the package gave exactly `wantExports`. */
export function checkReport(report, wantExports) {
  assert.ok(report && Array.isArray(report.results), `no report: ${JSON.stringify(report)}`);
  assert.deepEqual(report.results.map((r) => r.name), CASE_NAMES, 'the cases that ran');
  assert.deepEqual(report.results.filter((r) => !r.ok), [], 'failed cases');
  assert.deepEqual(report.exports, wantExports, 'the export names');
}
