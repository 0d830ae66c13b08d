// The reference edge worker (worker/) in Cloudflare's workerd, run for real (after
// scripts/build.sh): bundled as wrangler bundles it, its clients in a KV namespace, its
// secret and settings from the environment. A recorded call (worker/recorded-call.json)
// goes through it as SipOut would deliver it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startReferenceWorker } from '../../scripts/workerd.mjs';
import { consumer, ROOT } from './support/consumer.mjs';

const SECRET = 'whsec-3f9c1d2e7a6b40c8a1e5';
const API_KEY = 'sk_test_9F3kQ2mX8vL1pR7tY4wZ';
const AMO_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.amo-token-for-tests';
const BITRIX_TOKEN = 'b1tr1xw3bh00kt0ken';
const SETTINGS = {
  apiKey: API_KEY,
  employees: [{ id: 'e1', name: 'Анна Смирнова', callMode: 'app', extension: '101' }],
  messengers: [],
  crm: {
    amocrm: { enabled: true, baseUrl: 'https://romashka.amocrm.ru', accessToken: AMO_TOKEN },
    bitrix24: { enabled: true, webhookUrl: `https://romashka.bitrix24.ru/rest/1/${BITRIX_TOKEN}/` },
  },
};
const CALL = JSON.parse(readFileSync(join(ROOT, 'worker/recorded-call.json'), 'utf8')).deliveries;
const PHONE = '79123456789';

let worker;
before(async () => {
  const { dir } = consumer('reference-worker');
  worker = await startReferenceWorker(dir, { env: { SIPOUT_SECRET: SECRET, SIPOUT_SETTINGS: JSON.stringify(SETTINGS) } });
});
after(async () => {
  if (!worker) return;
  const { code, signal } = await worker.stop();
  assert.ok(code === 0 || signal === 'SIGTERM', `workerd ended with ${signal ?? code}:\n${worker.log()}`);
});

/** POSTs a body to /webhook; the status and the JSON answer. */
async function post(body, { contentType = 'application/json', secret = SECRET, method = 'POST' } = {}) {
  const headers = { 'Content-Type': contentType };
  if (secret !== null) headers['X-Sipout-Secret'] = secret;
  const res = await fetch(new URL('webhook', worker.url), { method, headers, body });
  const text = await res.text();
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    assert.fail(`not JSON (${res.status}): ${text}\n${worker.log()}`);
  }
  return { status: res.status, answer };
}
const deliver = (d) => post(d.body, { contentType: d.contentType });

describe('a whole call for an unknown number', () => {
  let dial, complete, text;
  test('dial: the client is created, as a Telephony client with the phone', async () => {
    const { status, answer } = await deliver(CALL[0]);
    assert.equal(status, 200, JSON.stringify(answer));
    dial = answer;
    assert.equal(answer.event, 'dial');
    assert.equal(answer.duplicate, false);
    assert.equal(answer.phone, PHONE);
    assert.deepEqual(answer.client, {
      id: 'c1',
      channel: 'telephony',
      decision: 'created',
      canMessage: false,
      queries: ['findTelephonyClient', 'findClientsByVariables'],
    });
    assert.deepEqual(answer.employee, { id: 'e1', name: 'Анна Смирнова' });
    assert.equal(answer.variables.call_action, 'dial');
    assert.equal(answer.variables.call_did, '74951234567');
    assert.equal(answer.notifications.length, 1);
    assert.match(answer.notifications[0].text, /Анна Смирнова/);
    assert.deepEqual(answer.crmRequests.map((r) => r.kind), ['bitrix24.register']);
  });

  test('complete: the same client is found; the variables merged; the CRM requests built', async () => {
    const { status, answer } = await deliver(CALL[1]);
    assert.equal(status, 200, JSON.stringify(answer));
    complete = answer;
    assert.deepEqual(answer.client, { id: 'c1', channel: 'telephony', decision: 'found', via: 'telephony', queries: ['findTelephonyClient'] });
    assert.deepEqual(answer.variables, {
      call_action: 'complete',
      call_status: 'Success',
      call_total_duration_sec: '83',
      call_talk_duration_sec: '65',
      call_record_link: 'https://rec.sipout.net/r/sip-20241126-0001.mp3',
      call_did: '74951234567',
      call_id: 'sip-20241126-0001',
    });
    assert.deepEqual(answer.notifications.map((n) => n.kind === 'callback' ? n.text : n.kind), ['telephony', 'telephony_call_success']);
    const kinds = answer.crmRequests.map((r) => r.kind);
    assert.ok(kinds.includes('amocrm.call'), kinds.join());
    assert.ok(kinds.some((k) => k.startsWith('bitrix24.')), kinds.join());
  });

  test('text: found again; the variables of the call are kept', async () => {
    const { status, answer } = await deliver(CALL[2]);
    assert.equal(status, 200, JSON.stringify(answer));
    text = answer;
    assert.equal(answer.client.id, 'c1');
    assert.equal(answer.client.decision, 'found');
    assert.deepEqual(answer.variables, complete.variables);
    assert.deepEqual(answer.notifications.map((n) => n.kind === 'callback' ? n.text : n.kind), ['telephony', 'telephony_call_text']);
    assert.match(answer.notifications[0].text, /статус заказа 4521/);
  });

  test('no secret in the answers: tokens and the API key masked', () => {
    const all = JSON.stringify([dial, complete, text]);
    for (const secret of [SECRET, API_KEY, AMO_TOKEN, BITRIX_TOKEN]) assert.ok(!all.includes(secret), `${secret.slice(0, 6)}… leaked`);
    assert.equal(complete.apiKey, `********${API_KEY.slice(-4)}`);
    const amo = complete.crmRequests.find((r) => r.target === 'amocrm');
    assert.equal(amo.headers.Authorization, 'Bearer ********');
    assert.match(complete.crmRequests.find((r) => r.target === 'bitrix24').url, /^https:\/\/romashka\.bitrix24\.ru\/rest\/1\/\*{8}\//);
  });

  test('duplicate deliveries change nothing: the first answer again, marked', async () => {
    for (const [i, first] of [dial, complete, text].entries()) {
      const { status, answer } = await deliver(CALL[i]);
      assert.equal(status, 200);
      assert.deepEqual(answer, { ...first, duplicate: true });
    }
    // The same event in another body shape is the same delivery.
    const form = new URLSearchParams(JSON.parse(CALL[0].body)).toString();
    const { answer } = await post(form, { contentType: 'application/x-www-form-urlencoded' });
    assert.equal(answer.duplicate, true);
    // A later event still sees the client as the whole call left it.
    const next = await post(JSON.stringify({ call_id: 'sip-20241126-0002', call_action: 'dial', call_direction: 'out', call_phone: '8 912 345 67 89' }));
    assert.equal(next.answer.client.id, 'c1');
    assert.equal(next.answer.variables.call_id, 'sip-20241126-0002');
    assert.equal(next.answer.variables.call_status, '', 'a new call replaces the last one');
  });

  test('another unknown number gets a client of its own', async () => {
    const { answer } = await post(JSON.stringify({ call_id: 'sip-3', call_action: 'dial', call_direction: 'in', call_phone: '+7 495 765-43-21' }));
    assert.equal(answer.client.id, 'c2');
    assert.equal(answer.client.decision, 'created');
  });
});

describe('refusals', () => {
  test('no secret → 401, a wrong one → 403; nothing is read', async () => {
    const missing = await post(CALL[0].body, { secret: null });
    assert.equal(missing.status, 401);
    assert.equal(missing.answer.error, 'missing_secret');
    for (const wrong of ['', SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase()]) {
      const r = await post(CALL[0].body, { secret: wrong });
      assert.equal(r.status, 403, wrong);
      assert.equal(r.answer.error, 'wrong_secret');
      assert.ok(!JSON.stringify(r.answer).includes(SECRET));
    }
  });

  test('bad bodies → 4xx with the error code and reason, never a 500', async () => {
    const cases = [
      ['', 'application/json', 'empty'],
      ['{"call_id":', 'application/json', 'not_json'],
      ['[1,2]', 'application/json', 'not_object'],
      ['{"call_action":"dial","call_direction":"in","call_phone":"79123456789"}', 'application/json', 'missing_field'],
      ['{"call_id":"x","call_action":"ring-ring","call_direction":"in","call_phone":"79123456789"}', 'application/json', 'invalid_action'],
      ['{"call_id":"x","call_action":"dial","call_direction":"in","call_phone":"+380 44 123 45 67"}', 'application/json', 'invalid_phone'],
      ['{"call_id":"x","call_action":"complete","call_direction":"in","call_phone":"79123456789","call_status":"ANSWERED","call_record_link":"javascript:alert(1)"}', 'application/json', 'invalid_link'],
      ['--b\r\n\r\n--b--', 'multipart/form-data; boundary=b', 'unsupported_content_type'],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'application/json', 'not_utf8'],
    ];
    for (const [body, contentType, reason] of cases) {
      const { status, answer } = await post(body, { contentType });
      assert.equal(status, 400, `${reason}: ${JSON.stringify(answer)}`);
      assert.equal(answer.error, 'invalid_webhook');
      assert.equal(answer.reason, reason);
      assert.equal(typeof answer.message, 'string');
    }
    const big = await post(`{"call_text":"${'a'.repeat((1 << 20) + 10)}"}`);
    assert.equal(big.status, 413);
    assert.equal(big.answer.reason, 'too_large');
  });

  test('other paths and methods', async () => {
    assert.equal((await post(CALL[0].body, { method: 'PUT' })).status, 405);
    const res = await fetch(new URL('nowhere', worker.url));
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error, 'not_found');
    assert.doesNotMatch(worker.log(), /reference worker:/, 'no internal error was logged');
  });
});
