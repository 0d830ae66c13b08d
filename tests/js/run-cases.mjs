// Runs the JS API cases against a loaded package and reports each one, for the runtimes
// whose test runner is not Node's (a browser page, a worker, Deno): the Node side checks
// the report.
import { phoneCases } from './phone-cases.mjs';

/**
 * `{ exports, results }`: the package's export names, sorted, and for each case its name,
 * whether it passed, and the error if it did not.
 */
export function runCases(api, golden) {
  const results = [];
  for (const [name, run] of phoneCases(api, golden)) {
    try {
      run();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: String(e?.message ?? e) });
    }
  }
  return { exports: Object.keys(api).sort(), results };
}
