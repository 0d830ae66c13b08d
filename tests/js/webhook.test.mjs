// The webhook API through the npm package in Node (run after scripts/build.sh): the
// package entry's fast lane for handleWebhook must give exactly what the module's export
// gives, results and errors alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from '../../pkg/node.js';
import * as glue from '../../pkg/salebot_sipout.js';
import { webhookCorpus } from '../../bench/webhook-corpus.mjs';
import { COMPLETE } from './samples.mjs';


function caught(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('did not throw');
}

function throws(fn, code, reason, message) {
  const e = caught(fn);
  assert.ok(e instanceof Error, 'an Error');
  assert.ok(e instanceof api.SipoutError, 'a SipoutError');
  assert.equal(e.name, 'SipoutError');
  assert.equal(e.code, code);
  if (reason !== undefined) assert.equal(e.reason, reason);
  if (message !== undefined) assert.match(e.message, message);
  return e;
}

// The outcome of a call as plain data: the result, or the error's fields.
function outcome(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: { name: e.name, code: e.code, reason: e.reason, message: e.message } };
  }
}

test('handleWebhook: a complete event, its variables and notifications', () => {
  const r = api.handleWebhook(COMPLETE, 'application/json', { employeeName: 'Анна' });
  const event = {
    callId: 'sip-42', action: 'complete', direction: 'in', phone: '79123456789', did: '74951234567',
    extension: '101', status: 'Success', statusRaw: 'ANSWERED', totalDurationSec: 65, talkDurationSec: 58,
    recordLink: 'https://rec.sipout.net/r/sip-42.mp3?k=1&t=2', time: '2024-11-26T15:00:00Z',
    dedupKey: r.event.dedupKey,
  };
  assert.match(r.event.dedupKey, /^complete:sip-42:[0-9a-f]{16}$/);
  assert.deepEqual(r.event, event);
  assert.equal(JSON.stringify(r.event), JSON.stringify(event), 'keys in the documented order');
  assert.deepEqual(r.variables, {
    call_action: 'complete', call_status: 'Success', call_total_duration_sec: '65', call_talk_duration_sec: '58',
    call_record_link: 'https://rec.sipout.net/r/sip-42.mp3?k=1&t=2', call_did: '74951234567', call_id: 'sip-42',
  });
  const { statusRaw, dedupKey, ...data } = event;
  assert.deepEqual(r.notifications, [
    {
      kind: 'telephony',
      text: 'Входящий звонок: окончание разговора\nКлиент: +7 912 345-67-89\nНомер линии: +7 495 123-45-67\n'
        + 'Сотрудник: Анна (доб. 101)\nСтатус: успешный звонок\nДлительность: 1 мин 05 с\nРазговор: 58 с\n'
        + 'Запись: https://rec.sipout.net/r/sip-42.mp3?k=1&amp;t=2',
      data,
    },
    { kind: 'callback', text: 'telephony_call_success' },
  ]);
  assert.equal(JSON.stringify(r), JSON.stringify(glue.handleWebhook(COMPLETE, 'application/json', { employeeName: 'Анна' })));
});

test('the fast lane gives what the export gives, on a realistic corpus', () => {
  const corpus = webhookCorpus(3000, 11);
  let errors = 0;
  for (const { body, contentType, options } of corpus) {
    const lane = outcome(() => api.handleWebhook(body, contentType, options));
    const exported = outcome(() => glue.handleWebhook(body, contentType, options));
    assert.deepEqual(lane, exported, body);
    if (lane.ok) assert.equal(JSON.stringify(lane.ok), JSON.stringify(exported.ok), 'same key order');
    else errors++;
  }
  assert.ok(errors > 0 && errors < 100, `${errors} invalid webhooks in the corpus`);
});

test('the fast lane and the export agree on odd arguments', () => {
  const bytes = new TextEncoder().encode(COMPLETE);
  const cases = [
    [COMPLETE],
    [COMPLETE, null, null],
    [bytes, 'application/json'],
    [new Uint8Array([0xff, 0xfe])],
    [COMPLETE, undefined, { previous: null, locale: null, employeeName: null }],
    [COMPLETE, undefined, { locale: 'EN', previous: { call_id: 'sip-42', call_action: 'dial', call_did: '78001234567' } }],
    [COMPLETE, undefined, { previous: { call_id: 42, call_talk_duration_sec: 58 } }],
    [COMPLETE, undefined, { previous: { call_status: { nested: true } } }],
    [COMPLETE, undefined, { previous: [] }],
    [COMPLETE, undefined, { locale: 'fr' }],
    [COMPLETE, undefined, { locale: 7 }],
    [COMPLETE, undefined, { employeeName: '<b>Tom</b> & "Jerry"' }],
    [COMPLETE, undefined, 'options'],
    [COMPLETE, 42],
    [42],
    [null],
    [''],
    ['{"call_id":"1","action":"dial","direction":"in","phone":"123"}'],
    ['call_id=1&action=dial&direction=in&phone=%2B7+912+345-67-89&extension=%F0%9F%93%9E+%D0%B4%D0%BE%D0%B1'],
    ['call_id=1&action=text&direction=in&phone=79123456789&text=%F0%9F%98%80+emoji+%26+%3Cb%3E'],
    ['a=1', 'multipart/form-data; boundary=x'],
  ];
  for (const args of cases) {
    const lane = outcome(() => api.handleWebhook(...args));
    const exported = outcome(() => glue.handleWebhook(...args));
    assert.deepEqual(lane, exported, JSON.stringify(args.map((a) => (a instanceof Uint8Array ? [...a] : a))));
  }
});

test('a large body, then small ones: the lane follows the memory as it grows', () => {
  const text = Array.from({ length: 12000 }, (_, i) => `Клиент: фраза ${i}`).join('\n');
  const big = JSON.stringify({ call_id: 'big', action: 'text', direction: 'out', phone: '79123456789', text });
  const r = api.handleWebhook(big);
  assert.equal(r.event.text, text);
  assert.equal(api.handleWebhook(COMPLETE).event.callId, 'sip-42');
  throws(() => api.handleWebhook(`${big}${' '.repeat(1 << 20)}`), 'invalid_webhook', 'too_large', /over the limit of 1048576/);
  throws(() => api.handleWebhook(new Uint8Array((1 << 20) + 1)), 'invalid_webhook', 'too_large');
});

test('parseWebhook: strings, bytes, content types, query strings', () => {
  const event = api.parseWebhook(COMPLETE);
  assert.deepEqual(api.parseWebhook(new TextEncoder().encode(COMPLETE)), event);
  assert.deepEqual(api.parseWebhook(COMPLETE, 'application/x-www-form-urlencoded'), event, 'JSON labelled a form');
  const form = 'id=sip-42&event=complete&direction=in&caller=89123456789&called_did=84951234567&extension=101'
    + '&disposition=ANSWERED&duration=1%3A05&billsec=58&recording_url=https%3A%2F%2Frec.sipout.net%2Fr%2Fsip-42.mp3%3Fk%3D1%26t%3D2'
    + '&timestamp=2024-11-26T18%3A00%3A00%2B03%3A00';
  assert.deepEqual(api.parseWebhook(form, 'application/x-www-form-urlencoded'), event, 'the same event as a form');
  assert.deepEqual(api.parseWebhook(`?${form}`), event);
  assert.deepEqual(api.parseWebhook(`https://hooks.example.ru/sipout?${form}`), event);
  // An event reads back from its own JSON.
  assert.deepEqual(api.parseWebhook(JSON.stringify(event)), event);
});

test('errors name the field and the reason', () => {
  throws(() => api.parseWebhook('{"call_id":'), 'invalid_webhook', 'not_json', /^body is not JSON: unexpected end at byte 11$/);
  throws(() => api.parseWebhook('call_id=1&action=dial&direction=in'), 'invalid_webhook', 'missing_field', /^call_phone: missing/);
  throws(() => api.parseWebhook('call_id=1&action=dial&direction=in&caller=12345'), 'invalid_webhook', 'invalid_phone', /^caller: phone "12345": 5 digits, too few/);
  throws(() => api.parseWebhook('call_id=1&action=complete&direction=in&phone=79123456789&billsec=abc'), 'invalid_webhook', 'invalid_duration', /^billsec \(call_talk_duration_sec\): "abc" is not a duration/);
  throws(() => api.parseWebhook('call_id=1&action=dial&direction=in&phone=79123456789&record=javascript%3Aalert(1)'), 'invalid_webhook', 'invalid_link', /only http and https/);
  throws(() => api.parseWebhook(42), 'invalid_argument', undefined, /^body: expected a string or a Uint8Array, got number$/);
  throws(() => api.parseWebhook(COMPLETE, 5), 'invalid_argument', undefined, /^contentType: expected a string, got number$/);
  throws(() => api.handleWebhook('call_id=1&action=dial&direction=in'), 'invalid_webhook', 'missing_field', /^call_phone: missing/);
});

test('dealVariables: merged onto the deal, idempotent, in any order', () => {
  const dial = api.parseWebhook('call_id=c1&action=dial&direction=in&phone=79123456789&did=84951234567');
  const complete = api.parseWebhook('call_id=c1&action=complete&direction=in&phone=79123456789&status=Busy&duration=12&billsec=0');
  const text = api.parseWebhook('call_id=c1&action=text&direction=in&phone=79123456789&text=...');
  const want = {
    call_action: 'complete', call_status: 'Busy', call_total_duration_sec: '12', call_talk_duration_sec: '0',
    call_record_link: '', call_did: '74951234567', call_id: 'c1',
  };
  const orders = [[dial, complete, text], [complete, dial, text], [text, complete, dial], [complete, text, dial, complete, dial]];
  for (const order of orders) {
    let vars;
    for (const e of order) vars = api.dealVariables(e, vars);
    assert.deepEqual(vars, want);
  }
  const next = api.parseWebhook('call_id=c2&action=dial&direction=out&phone=79990001122');
  assert.deepEqual(api.dealVariables(next, want), {
    call_action: 'dial', call_status: '', call_total_duration_sec: '', call_talk_duration_sec: '',
    call_record_link: '', call_did: '', call_id: 'c2',
  });
  // The host's variables may hold numbers, and others the module leaves alone.
  assert.deepEqual(api.dealVariables(complete, { call_id: 'c1', call_action: 'dial', call_did: 74951234567, name: 'Иван' }), want);
  throws(() => api.dealVariables(complete, { call_status: {} }), 'invalid_argument', undefined, /^previous: call_status: expected a string, got an object$/);
  throws(() => api.dealVariables(complete, 'c1'), 'invalid_argument', undefined, /^previous: expected an object, got string$/);
  throws(() => api.dealVariables({ ...complete, recordLink: 'javascript:alert(1)' }), 'invalid_argument', undefined, /^event: recordLink \(call_record_link\): "javascript:alert\(1\)" is not a link/);
  throws(() => api.dealVariables({ callId: 'c1', action: 'dial' }), 'invalid_argument', undefined, /^event: call_direction: missing/);
  throws(() => api.dealVariables(undefined), 'invalid_argument', undefined, /^event: missing$/);
});

test('buildNotifications: Russian by default, English on request, outside text escaped', () => {
  const e = api.parseWebhook(JSON.stringify({
    call_id: '7', action: 'text', direction: 'out', phone: '89123456789', extension: '<ext>',
    text: [{ speaker: 'Оператор', text: 'Здравствуйте!' }, { speaker: 'Клиент', text: '<script>alert("x")</script> & пока' }],
  }));
  const ru = api.buildNotifications(e);
  assert.equal(ru.length, 2);
  assert.equal(ru[0].kind, 'telephony');
  assert.equal(ru[0].text, 'Исходящий звонок: текст разговора\nКлиент: +7 912 345-67-89\nСотрудник: доб. &lt;ext&gt;\n\n'
    + 'Оператор: Здравствуйте!\nКлиент: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; пока');
  assert.deepEqual(ru[1], { kind: 'callback', text: 'telephony_call_text' });
  const en = api.buildNotifications(e, { locale: 'en', employeeName: "O'Brien" });
  assert.match(en[0].text, /^Outbound call: conversation text\nClient: \+7 912 345-67-89\nEmployee: O&#39;Brien \(ext\. &lt;ext&gt;\)\n\n/);
  const dial = api.parseWebhook('call_id=1&action=dial&direction=in&phone=79123456789');
  assert.deepEqual(api.buildNotifications(dial).map((n) => n.kind), ['telephony']);
  for (const [status, callback] of [['Success', 'telephony_call_success'], ['BUSY', 'telephony_call_busy'], ['no answer', 'telephony_call_missed']]) {
    const c = api.parseWebhook(`call_id=1&action=complete&direction=in&phone=79123456789&status=${encodeURIComponent(status)}`);
    assert.deepEqual(api.buildNotifications(c)[1], { kind: 'callback', text: callback });
  }
  throws(() => api.buildNotifications(e, { locale: 'fr' }), 'invalid_argument', undefined, /^options\.locale: "fr": expected "ru" or "en"$/);
  throws(() => api.buildNotifications(e, { employeeName: 5 }), 'invalid_argument', undefined, /^options\.employeeName: unexpected a number$/);
});

test('TypeScript declarations are precise', () => {
  const dts = readFileSync(new URL('../../pkg/api.d.ts', import.meta.url), 'utf8');
  for (const line of [
    'export function parseWebhook(body: string | Uint8Array, contentType?: string): CallEvent;',
    'export function dealVariables(event: CallEvent, previous?: Record<string, string>): CallVariables;',
    'export function buildNotifications(event: CallEvent, options?: NotificationOptions): Notification[];',
    'export function handleWebhook(body: string | Uint8Array, contentType?: string, options?: HandleWebhookOptions): HandledWebhook;',
    'export interface CallEvent {',
    'export interface HandledWebhook {',
    'export type ErrorCode =\n| "invalid_phone"\n| "invalid_webhook"\n',
  ]) {
    assert.ok(dts.includes(line), line);
  }
  // The API's declarations, without their doc comments.
  const ours = dts.replace(/\/\*\*[\s\S]*?\*\//g, '');
  assert.ok(!/\bany\b/.test(ours), 'no any');
});
