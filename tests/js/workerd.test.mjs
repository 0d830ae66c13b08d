// The npm package in Cloudflare's Workers runtime (workerd), run for real (after
// scripts/build.sh). A worker that imports the package by name is served by workerd on
// localhost and asked to run the cases, in two set-ups:
// - a Cap'n Proto config holding the worker bundled as wrangler bundles one: esbuild with
//   the export conditions "workerd", "worker", "browser", every .wasm import kept as a
//   module of its own (a compiled WebAssembly.Module);
// - a wrangler.json, which workerd bundles itself, with esbuild, as wrangler does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleWorker, startWorkerd } from '../../scripts/workerd.mjs';
import { consumer, nodeExports, ROOT } from './support/consumer.mjs';
import { checkReport, GOLDEN } from './support/report.mjs';

const ESBUILD = join(ROOT, 'node_modules', '.bin', 'esbuild');

let exportsWanted;
let dir;
before(async () => {
  exportsWanted = await nodeExports();
  ({ dir } = consumer('workerd', {
    'worker.js': { from: 'tests/workerd/worker.js' },
    'config.capnp': { from: 'tests/workerd/config.capnp' },
    'wrangler.json': { from: 'tests/workerd/wrangler.json' },
    'run-cases.mjs': { from: 'tests/js/run-cases.mjs' },
    'phone-cases.mjs': { from: 'tests/js/phone-cases.mjs' },
  }));
});

/** The checks, against a workerd that serves the worker. */
function workerTests(start) {
  let worker;
  before(async () => {
    worker = await start();
  });
  after(async () => {
    if (!worker) return;
    const { code, signal } = await worker.stop();
    assert.ok(code === 0 || signal === 'SIGTERM', `workerd ended with ${signal ?? code}:\n${worker.log()}`);
  });

  test('the cases pass inside workerd', async () => {
    const res = await fetch(new URL('cases', worker.url), { method: 'POST', body: GOLDEN });
    assert.equal(res.status, 200, worker.log());
    checkReport(await res.json(), exportsWanted);
  });

  test('the worker answers with the module; errors arrive as SipoutError', async () => {
    const ok = await fetch(new URL('normalize?phone=8%20(912)%20345-67-89', worker.url));
    assert.deepEqual(await ok.json(), { phone: '79123456789' });
    const bad = await fetch(new URL('normalize?phone=%2B380%2044%20123%2045%2067', worker.url));
    assert.equal(bad.status, 422);
    assert.deepEqual(await bad.json(), {
      sipout: true,
      code: 'invalid_phone',
      reason: 'unsupported_country',
      message: 'phone "+380 44 123 45 67": country code +380… is not +7; only Russian numbers are supported',
    });
  });
}

describe('workerd with a Cap\'n Proto config, the worker bundled as wrangler does', () => {
  workerTests(async () => {
    const bundle = await bundleWorker(dir);
    // The "workerd" entry was taken: the .wasm comes in as a module, not by fetch or fs.
    assert.match(bundle, /^import \w+ from "\.\/salebot_sipout_bg\.wasm";$/m);
    assert.doesNotMatch(bundle, /readFileSync|new URL\("\.\/salebot_sipout_bg\.wasm"/);
    return startWorkerd('config.capnp', { cwd: dir });
  });
});

describe('workerd with a wrangler.json, bundled by workerd', () => {
  workerTests(() => startWorkerd('wrangler.json', { cwd: dir, env: { WORKERD_ESBUILD: ESBUILD } }));
});
