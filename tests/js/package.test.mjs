// The npm package as Node projects see it (run after scripts/build.sh): what `npm pack`
// publishes, and the package imported by name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { consumer, nodeExports, PKG, ROOT } from './support/consumer.mjs';
import { projectReport } from './support/project-run.mjs';
import { checkReport } from './support/report.mjs';

test('a Node project imports the package by name: its "node" entry, every case passes', async () => {
  const report = projectReport('node', process.execPath, []);
  assert.match(report.entry, /\/node_modules\/@salebot\/sipout\/node\.js$/);
  checkReport(report, await nodeExports());
});

test('the published files hold every module the entries import, and the README', () => {
  const { files } = consumer('pack');
  for (const need of ['README.md', 'package.json', 'salebot_sipout_bg.wasm', 'index.d.ts']) {
    assert.ok(files.includes(need), `${need} is published`);
  }
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const t of targets) assert.ok(files.includes(t.slice(2)), `export target ${t} is published`);
  for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
    const text = readFileSync(join(PKG, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*['"](\.[^'"]+)['"]/g)) {
      const path = new URL(spec, `file:///${file}`).pathname.slice(1);
      const candidates = file.endsWith('.d.ts') ? [path.replace(/\.js$/, '.d.ts')] : [path];
      assert.ok(candidates.some((c) => files.includes(c)), `${file} imports ${spec}, which is not published`);
    }
  }
});

test('the block manifest is data a bundler leaves out when blockActions and blockCallbacks are not used', () => {
  const bundle = (code) =>
    execFileSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), ['--bundle', '--format=esm', '--charset=utf8', '--log-level=error'], {
      input: code,
      cwd: PKG,
      encoding: 'utf8',
    });
  // A title of the manifest, as manifest.js writes it (inside a JSON text).
  const title = JSON.parse(readFileSync(join(PKG, 'manifest.js'), 'utf8').match(/^ {2}(".*"),$/m)[1]);
  const needle = JSON.parse(title)[0].title;
  assert.ok(needle.length > 10, needle);
  const worker = bundle("import { handleWebhook } from './index.js';\nglobalThis.handle = handleWebhook;\n");
  assert.ok(worker.includes('function handleWebhook'), 'the bundle holds what it imports');
  assert.ok(!worker.includes(needle), 'no manifest text in a bundle that does not list the actions');
  const builder = bundle("import { blockActions } from './index.js';\nglobalThis.list = blockActions;\n");
  assert.ok(builder.includes(needle), 'the manifest in a bundle that lists the actions');
});
