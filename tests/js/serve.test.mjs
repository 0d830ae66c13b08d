// The static server of the demo and the tests (scripts/serve.mjs): the playground and the
// package with the right types, nothing outside the mounted folders (run after
// scripts/build.sh).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { serve } from '../../scripts/serve.mjs';

let server;
before(async () => {
  server = await serve();
});
after(() => server?.close());

/** A GET with the path sent as written (fetch would normalise the dots away). */
function get(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the playground and the package with their content types', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.equal(page.type, 'text/html; charset=utf-8');
  assert.match(page.body, /<script type="importmap">/);
  assert.equal((await get('/app.js')).type, 'text/javascript; charset=utf-8');
  const wasm = await get('/pkg/salebot_sipout_bg.wasm', 'HEAD');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.type, 'application/wasm');
});

test('nothing outside the mounted folders, and no listings', async () => {
  for (const path of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/pkg/..%2f..%2fCargo.toml', '/pkg/%2e%2e/README.md', '/%00', '/pkg/snippets/', '/nope.js']) {
    assert.equal((await get(path)).status, 404, path);
  }
  assert.equal((await get('/', 'POST')).status, 405);
});
