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

test('the demo replays a recorded call through the reference worker in workerd', () => {
  const out = node(['scripts/demo-serve.mjs', '--once'], { PORT: '0' });
  assert.match(out, /POST \/webhook dial \(application\/json\) → 200\n {4}client +c1 \(telephony\) created/);
  assert.match(out, /POST \/webhook complete \(application\/x-www-form-urlencoded\) → 200\n {4}client +c1 \(telephony\) found via telephony/);
  assert.match(out, /call_status=Success {2}call_total_duration_sec=83/);
  assert.match(out, /notification callback: telephony_call_success/);
  assert.match(out, /notification callback: telephony_call_text/);
  assert.match(out, /CRM +amocrm\.call: POST https:\/\/romashka\.amocrm\.ru\/api\/v4\/calls \(Authorization: Bearer \*{8}\)/);
  assert.match(out, /→ 200, delivered again: the first answer \(client c1\), nothing changed/);
  assert.match(out, /wrong secret → 403 wrong_secret/);
  assert.match(out, /bad body +→ 400 invalid_webhook\/missing_field/);
  assert.doesNotMatch(out, /demo-amocrm-token|sk_demo_7Hq2Lm9Xv4Rt8Wz1/);
  assert.match(out, /^\[demo\] worker +http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(out, /^\[demo\] worker +answered 200$/m);
});

test('the demo serves the playground and prints its address', () => {
  const out = node(['scripts/demo-serve.mjs', '--once'], { PORT: '0' });
  assert.match(out, /^\[demo\] playground +http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(out, /^\[demo\] playground +answered 200$/m);
});
