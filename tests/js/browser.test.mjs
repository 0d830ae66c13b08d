// The npm package in headless Chromium: as a native ES module served from localhost, and
// in a Vite application that depends on it, built for production and served by Vite's dev
// server, with no Vite configuration (run after scripts/build.sh).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build, createServer } from 'vite';
import { serve } from '../../scripts/serve.mjs';
import { launch, pageReport } from './support/chromium.mjs';
import { consumer, nodeExports } from './support/consumer.mjs';
import { checkReport } from './support/report.mjs';

let browser;
let exportsWanted;
let app; // the Vite application's folder
before(async () => {
  exportsWanted = await nodeExports();
  ({ dir: app } = consumer('vite', {
    'index.html': { from: 'tests/browser/vite/index.html' },
    'main.js': { from: 'tests/browser/vite/main.js' },
    'run-cases.mjs': { from: 'tests/js/run-cases.mjs' },
    'phone-cases.mjs': { from: 'tests/js/phone-cases.mjs' },
    'phones.tsv': { from: 'tests/fixtures/phones.tsv' },
  }));
  browser = await launch();
});
after(() => browser?.close());

test('native ES module: the cases pass in Chromium, the .wasm streams as application/wasm', async () => {
  const server = await serve({ mounts: { '/pkg/': 'pkg', '/tests/': 'tests' } });
  try {
    const { report, problems } = await pageReport(browser.context, `${server.url}tests/browser/native.html`);
    checkReport(report, exportsWanted);
    // The glue warns and falls back to a slower path when streaming compilation fails.
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});

test('Vite production build: the cases pass in Chromium, the .wasm ships as one asset', async () => {
  await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: 'dist' } });
  const assets = readdirSync(join(app, 'dist', 'assets'));
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 1, `assets: ${assets.join(', ')}`);
  const server = await serve({ mounts: { '/': join(app, 'dist') } });
  try {
    const { report, problems } = await pageReport(browser.context, server.url);
    checkReport(report, exportsWanted);
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});

test('Vite dev server: the cases pass in Chromium', async () => {
  const server = await createServer({
    root: app,
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  try {
    await server.listen();
    const { report, problems } = await pageReport(browser.context, server.resolvedUrls.local[0]);
    checkReport(report, exportsWanted);
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});
