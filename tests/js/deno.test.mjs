// The npm package in Deno (npm `deno`), as a Deno project with a package.json and
// node_modules imports it (run after scripts/build.sh).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeExports, ROOT } from './support/consumer.mjs';
import { projectReport } from './support/project-run.mjs';
import { checkReport } from './support/report.mjs';

const DENO = join(ROOT, 'node_modules', '.bin', 'deno');

test('the cases pass in Deno, which loads the package through its "node" entry', async () => {
  const report = projectReport('deno', DENO, ['run', '--allow-read=.', '--no-remote'], {
    DENO_NO_UPDATE_CHECK: '1',
    DENO_DIR: join(ROOT, 'target', 'deno'),
  });
  assert.match(report.entry, /\/node_modules\/@salebot\/sipout\/node\.js$/);
  checkReport(report, await nodeExports());
});
