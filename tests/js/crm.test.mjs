// The CRM forwarding API through the npm package in Node (run after scripts/build.sh): a
// whole call as a host runs it, switches, errors as SipoutErrors, secrets kept out of
// messages, and the TypeScript declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from '../../pkg/node.js';
import * as glue from '../../pkg/salebot_sipout.js';

const AMO_TOKEN = 'amo.secret.token.5f1e';
const HOOK_TOKEN = 'hooksecret4k9x2q';
const CRM = {
  amocrm: {
    enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: AMO_TOKEN, responsibleUserId: 3,
    entity: { type: 'leads', id: 5 },
  },
  bitrix24: { enabled: true, webhookUrl: `https://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/`, showCard: true },
};

const hook = (fields) => JSON.stringify({ call_id: 'sip-42', direction: 'in', phone: '8 (912) 345-67-89', extension: '101', ...fields });
const DIAL = hook({ event: 'dial', called_did: '+7 495 123-45-67', timestamp: 1732633200 });
const COMPLETE = hook({
  event: 'complete', disposition: 'ANSWERED', duration: 65, billsec: 58,
  recording_url: 'https://rec.sipout.net/r/sip-42.mp3?k=1&t=2', timestamp: 1732633265,
});
const TEXT = hook({ event: 'text', transcription: 'Клиент: <script>x</script> [url=javascript:y]z[/url]' });

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
  assert.ok(e instanceof api.SipoutError, `a SipoutError: ${e}`);
  assert.equal(e.name, 'SipoutError');
  assert.equal(e.code, code, e.message);
  if (reason !== undefined) assert.equal(e.reason, reason, e.message);
  if (message !== undefined) assert.match(e.message, message);
  return e;
}

/** What a host does with one webhook: read it, build its notifications, forward them. */
function forward(body, crm, state) {
  const event = api.parseWebhook(body);
  return { event, requests: api.crmRequests(event, api.buildNotifications(event), crm, state) };
}

test('a whole call, as a host runs it, with a retried delivery', () => {
  const sent = new Map();
  const send = (requests) => requests.filter((r) => !sent.has(r.idempotencyKey) && sent.set(r.idempotencyKey, r));
  let state; // what the host keeps for call sip-42

  const dial = forward(DIAL, CRM);
  const first = send(dial.requests);
  assert.deepEqual(first.map((r) => r.kind), ['amocrm.note', 'bitrix24.register']);
  const register = first[1];
  assert.equal(register.url, `https://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/telephony.externalcall.register.json`);
  assert.deepEqual(JSON.parse(register.body), {
    USER_PHONE_INNER: '101', PHONE_NUMBER: '+79123456789', TYPE: 2, CALL_START_DATE: '2024-11-26T15:00:00+00:00',
    CRM_CREATE: 0, SHOW: 1, LINE_NUMBER: '74951234567',
  });
  // Bitrix24 answers the register; the answer may be the text or the parsed object.
  const answer = { result: { CALL_ID: 'externalCall.9f.1732633200', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '41' } };
  state = api.bitrixRegisterState(JSON.stringify(answer));
  assert.deepEqual(state, { bitrixCallId: 'externalCall.9f.1732633200', bitrixEntity: { type: 'contact', id: 41 } });
  assert.deepEqual(api.bitrixRegisterState(answer), state);

  // SipOut delivers the dial again: nothing new to send.
  assert.deepEqual(send(forward(DIAL, CRM, state).requests.filter((r) => r.kind !== 'bitrix24.register')), []);

  const complete = forward(COMPLETE, CRM, state);
  const second = send(complete.requests);
  assert.deepEqual(second.map((r) => r.kind), ['amocrm.call', 'amocrm.note', 'bitrix24.finish', 'bitrix24.record']);
  const call = second[0];
  assert.equal(call.url, 'https://acme.amocrm.ru/api/v4/calls');
  assert.deepEqual(call.headers, {
    'Content-Type': 'application/json', 'Idempotency-Key': call.idempotencyKey, Authorization: `Bearer ${AMO_TOKEN}`,
  });
  assert.deepEqual(JSON.parse(call.body), [{
    direction: 'inbound', uniq: 'sip-42', duration: 58, source: 'salebot-sipout',
    link: 'https://rec.sipout.net/r/sip-42.mp3?k=1&t=2', phone: '+79123456789', call_status: 4,
    call_result: 'Успешный звонок', responsible_user_id: 3, created_at: 1732633265, request_id: call.idempotencyKey,
  }]);
  assert.ok(call.idempotencyKey.endsWith(complete.event.dedupKey), 'from the event dedupKey');
  assert.deepEqual(JSON.parse(second[2].body), {
    CALL_ID: 'externalCall.9f.1732633200', USER_PHONE_INNER: '101', DURATION: 58, STATUS_CODE: '200', ADD_TO_CHAT: 1,
  });
  assert.deepEqual(JSON.parse(second[3].body), {
    CALL_ID: 'externalCall.9f.1732633200', FILENAME: 'sip-42.mp3', RECORD_URL: 'https://rec.sipout.net/r/sip-42.mp3?k=1&t=2',
  });

  const third = send(forward(TEXT, CRM, state).requests);
  assert.deepEqual(third.map((r) => r.kind), ['amocrm.note', 'bitrix24.comment']);
  const note = JSON.parse(third[0].body)[0].params.text;
  const comment = JSON.parse(third[1].body).fields;
  assert.match(note, /\n\nКлиент: ‹script›x‹\/script› \[url=javascript:y\]z\[\/url\]$/);
  assert.equal(comment.ENTITY_TYPE, 'contact');
  assert.equal(comment.ENTITY_ID, 41);
  assert.match(comment.COMMENT, /\n\nКлиент: ‹script›x‹\/script› ［url=javascript:y］z［\/url］$/);

  // Every retry afterwards sends nothing.
  for (const body of [DIAL, COMPLETE, TEXT]) assert.deepEqual(send(forward(body, CRM, state).requests.filter((r) => r.kind !== 'bitrix24.register')), []);
  assert.equal(sent.size, 8);
});

test('requests are ready for fetch, and the package entry gives what the glue gives', () => {
  const event = api.parseWebhook(COMPLETE);
  const notes = api.buildNotifications(event);
  const requests = api.crmRequests(event, notes, CRM, { bitrixCallId: 'c1' });
  for (const r of requests) {
    assert.deepEqual(Object.keys(r), ['target', 'kind', 'method', 'url', 'headers', 'body', 'idempotencyKey']);
    assert.equal(r.method, 'POST');
    assert.equal(typeof r.body, 'string');
    assert.doesNotThrow(() => new Request(r.url, { method: r.method, headers: r.headers, body: r.body }));
  }
  assert.deepEqual(glue.crmRequests(event, notes, CRM, { bitrixCallId: 'c1' }), requests);
  assert.equal(api.crmRequests, glue.crmRequests);
  assert.equal(api.bitrixRegisterState, glue.bitrixRegisterState);
});

test('nothing for an integration that is off', () => {
  const event = api.parseWebhook(COMPLETE);
  const notes = api.buildNotifications(event);
  for (const crm of [{}, { amocrm: null, bitrix24: undefined }, { amocrm: { enabled: false, baseUrl: 'stale' }, bitrix24: { enabled: false } }]) {
    assert.deepEqual(api.crmRequests(event, notes, crm), []);
  }
  const amoOnly = api.crmRequests(event, notes, { ...CRM, bitrix24: { ...CRM.bitrix24, enabled: false } });
  assert.deepEqual(amoOnly.map((r) => r.target), ['amocrm', 'amocrm']);
  const noEntity = api.crmRequests(api.parseWebhook(DIAL), [], { amocrm: { ...CRM.amocrm, entity: undefined } });
  assert.deepEqual(noEntity, [], 'no entity, no notes');
});

test('every status and direction', () => {
  for (const [direction, amoDirection, type] of [['in', 'inbound', 2], ['out', 'outbound', 1]]) {
    for (const [disposition, callStatus, statusCode] of [['ANSWERED', 4, '200'], ['BUSY', 7, '486'], ['NO ANSWER', 6, '304']]) {
      const body = hook({ event: 'complete', direction, disposition, billsec: disposition === 'ANSWERED' ? 9 : 0 });
      const [call, finish] = forward(body, CRM, { bitrixCallId: 'c1' }).requests.filter((r) => r.kind !== 'amocrm.note');
      assert.equal(JSON.parse(call.body)[0].direction, amoDirection);
      assert.equal(JSON.parse(call.body)[0].call_status, callStatus);
      assert.equal(JSON.parse(finish.body).STATUS_CODE, statusCode);
      const register = forward(hook({ event: 'dial', direction }), CRM).requests[1];
      assert.equal(JSON.parse(register.body).TYPE, type);
    }
  }
});

test('bad input throws SipoutErrors that name the field and never show a secret', () => {
  const event = api.parseWebhook(DIAL);
  const notes = api.buildNotifications(event);
  const bad = (patch) => ({ ...CRM, ...patch });
  throws(() => api.crmRequests(event, notes, bad({ amocrm: { ...CRM.amocrm, baseUrl: 'http://acme.amocrm.ru' } })),
    'invalid_crm_settings', 'not_https', /^crm\.amocrm\.baseUrl: must be an https URL, not http$/);
  throws(() => api.crmRequests(event, notes, bad({ amocrm: { ...CRM.amocrm, baseURL: 'x' } })),
    'invalid_crm_settings', 'unknown_field', /^crm\.amocrm: unknown field "baseURL"/);
  throws(() => api.crmRequests(event, notes, bad({ amocrm: { ...CRM.amocrm, entity: { type: 'deals', id: 1 } } })),
    'invalid_crm_settings', 'invalid_entity_type', /^crm\.amocrm\.entity\.type: "deals": expected "leads" or "contacts"$/);
  throws(() => api.crmRequests(event, notes, bad({ locale: 'de' })), 'invalid_crm_settings', 'invalid_locale');
  for (const webhookUrl of [`http://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/`, `https://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}!/`,
    `https://x:${HOOK_TOKEN}@acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/`, `https://acme.bitrix24.ru/api/7/${HOOK_TOKEN}/`]) {
    const e = throws(() => api.crmRequests(event, notes, bad({ bitrix24: { enabled: true, webhookUrl } })), 'invalid_crm_settings');
    assert.match(e.message, /^crm\.bitrix24\.webhookUrl: /);
    assert.ok(!e.message.includes(HOOK_TOKEN), e.message);
  }
  const e = throws(() => api.crmRequests(event, notes, bad({ amocrm: { ...CRM.amocrm, accessToken: `${AMO_TOKEN} x` } })),
    'invalid_crm_settings', 'invalid_token');
  assert.ok(!e.message.includes(AMO_TOKEN), e.message);

  throws(() => api.crmRequests(event, notes, CRM, { bitrixCallId: 'a b' }), 'invalid_crm_state', 'invalid_call_id', /^state\.bitrixCallId: /);
  throws(() => api.crmRequests(event, notes, CRM, { callId: 'x' }), 'invalid_crm_state', 'unknown_field');
  throws(() => api.crmRequests(event, [{ kind: 'push', text: 'x' }], CRM), 'invalid_crm_input', 'invalid_kind', /^notifications\[0\]\.kind: /);
  throws(() => api.crmRequests(event, Array(17).fill(notes[0]), CRM), 'invalid_crm_input', 'too_many');
  throws(() => api.crmRequests(event, {}, CRM), 'invalid_crm_input', 'wrong_type');
  throws(() => api.crmRequests(undefined, notes, CRM), 'invalid_argument', undefined, /^event: missing$/);
  throws(() => api.crmRequests({ callId: 'x' }, notes, CRM), 'invalid_argument', undefined, /^event: /);
  throws(() => api.crmRequests(event, notes, { amocrm: { enabled: true, baseUrl: 1n } }), 'invalid_argument', undefined, /^crm: not representable as JSON/);
  throws(() => api.crmRequests(event, notes, 'x'), 'invalid_crm_settings', 'wrong_type', /^crm: expected an object$/);

  throws(() => api.bitrixRegisterState('{"error":"expired_token","error_description":"The access token provided has expired."}'),
    'invalid_crm_answer', 'bitrix_error', /^answer\.error: Bitrix24 refused: "expired_token" "The access token provided has expired\."$/);
  throws(() => api.bitrixRegisterState('<html>502 Bad Gateway</html>'), 'invalid_crm_answer', 'not_json');
  throws(() => api.bitrixRegisterState({ result: {} }), 'invalid_crm_answer', 'missing_field', /^answer\.result\.CALL_ID: missing$/);
  throws(() => api.bitrixRegisterState(5), 'invalid_argument', undefined, /^answer: expected a string or an object, got number$/);
});

test('TypeScript declarations are precise', () => {
  const dts = readFileSync(new URL('../../pkg/api.d.ts', import.meta.url), 'utf8');
  for (const line of [
    'export function crmRequests(event: CallEvent, notifications: Notification[], crm: CrmSettings, state?: CrmState): HttpRequest[];',
    'export function bitrixRegisterState(answer: string | object): CrmState;',
    'export interface CrmSettings {',
    'export interface AmocrmSettings {',
    'export interface Bitrix24Settings {',
    'export interface CrmState {',
    'export interface HttpRequest {',
    '    target: "amocrm" | "bitrix24";',
    '| "invalid_crm_settings"',
  ]) {
    assert.ok(dts.includes(line), line);
  }
  const ours = dts.slice(0, dts.indexOf('export type InitInput')).replace(/\/\*\*[\s\S]*?\*\//g, '');
  assert.ok(!/\bany\b/.test(ours), 'no any');
  const index = readFileSync(new URL('../../pkg/index.js', import.meta.url), 'utf8');
  assert.match(index, /\bcrmRequests\b/);
  assert.match(index, /\bbitrixRegisterState\b/);
});
