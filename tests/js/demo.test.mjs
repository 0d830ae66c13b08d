// The demo's parts (run after scripts/build.sh): the module at work in Node, and what the
// demo serves, started and checked once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { ROOT } from './support/consumer.mjs';

const node = (args, env = {}) =>
  execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

test('the Node demo prints phones normalised, refused, batched and found', () => {
  const out = node(['scripts/demo.mjs']);
  assert.match(out, /"8 \(912\) 345-67-89" +→ 79123456789 {2}\+7 912 345-67-89/);
  assert.match(out, /"\+380 44 123 45 67" +✗ invalid_phone\/unsupported_country/);
  assert.match(out, /\["79123456789",null,"74951234567"\]/);
  assert.match(out, /→ \["79123456789","74951234567"\]/);
});

test('the demo serves the playground and prints its address', () => {
  const out = node(['scripts/demo-serve.mjs', '--once'], { PORT: '0' });
  assert.match(out, /^\[demo\] playground +http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(out, /^\[demo\] playground +answered 200$/m);
});
