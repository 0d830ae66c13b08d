// Secrets through the npm package in Node (run after scripts/build.sh): the SipOut API key
// and the CRM tokens go into the settings, and every API is run with them, on good input
// and on input made wrong field by field. Every string the module gives back (results, at
// any depth, their keys, and every thrown error's name, code, reason, message and
// String()) is searched for the secrets, and for any 8 characters of one in a row. A
// secret may appear only where it is needed: in the request that needs it (the
// Authorization header of a SipOut or amoCRM request, the URL of a Bitrix24 webhook
// request), or in settings the caller asked to see in clear (`revealApiKey: true`).
// Settings shown by default mask the API key and the CRM credentials alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/node.js';
import { sampleSettings } from './samples.mjs';

const KEY = 'sk_live_Q7vT2mZx9pLw4RkY';
const AMO_TOKEN = 'amo.Kd83hQ1zX0pLmNbV7';
const HOOK_TOKEN = 'hk9Wq2Zr5Tx8Pm3Ly';
const SECRETS = { KEY, AMO_TOKEN, HOOK_TOKEN };

const CRM = {
  amocrm: { enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: AMO_TOKEN, responsibleUserId: 3, entity: { type: 'leads', id: 5 } },
  bitrix24: { enabled: true, webhookUrl: `https://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/`, showCard: true },
};
const SETTINGS = {
  ...sampleSettings(),
  apiKey: KEY,
  click2call: { url: 'https://api.sipout.net/v1/click2call' },
  crm: CRM,
};
const body = (fields) => JSON.stringify({ call_id: 'c-1', direction: 'in', phone: '8 912 345-67-89', extension: '101', ...fields });
const DIAL = body({ event: 'dial', called_did: '+7 495 123-45-67', timestamp: 1732633200 });
const COMPLETE = body({ event: 'complete', disposition: 'ANSWERED', duration: 65, billsec: 58, recording_url: 'https://rec.example.ru/r.mp3' });

// Every 8-character run of every secret: a partial leak counts.
const PIECES = Object.entries(SECRETS).flatMap(([name, s]) => Array.from({ length: s.length - 7 }, (_, i) => [name, s.slice(i, i + 8)]));

// Paths (keys joined by '.', array indices as '#') where a secret may be.
const ALLOWED = [
  /(^|\.)request\.headers\.Authorization$/, // the SipOut click-to-call request
  /^#\.headers\.Authorization$/, // an amoCRM request
  /^#\.url$/, // a Bitrix24 webhook request
];

// And where settings shown in clear (`revealApiKey: true`) hold them.
const REVEALED = [/^apiKey$/, /^crm\.amocrm\.accessToken$/, /^crm\.bitrix24\.webhookUrl$/];

const leaks = [];
let scanned = 0;

function scan(value, path, context, revealed) {
  if (typeof value === 'string') {
    scanned++;
    for (const [name, piece] of PIECES) {
      if (!value.includes(piece)) continue;
      const allowed = ALLOWED.some((re) => re.test(path)) || (revealed && REVEALED.some((re) => re.test(path)));
      if (!allowed) leaks.push(`${context}: ${name} at ${path || '(the result)'}: ${value.slice(0, 120)}`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => scan(v, path ? `${path}.#` : '#', context, revealed));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      scan(k, `${path}.(key)`, context, revealed);
      scan(v, path ? `${path}.${k}` : k, context, revealed);
    }
  }
}

function run(context, f, { revealed = false } = {}) {
  try {
    scan(f(), '', context, revealed);
  } catch (e) {
    assert.ok(e instanceof api.SipoutError, `${context}: ${e}`);
    for (const part of [e.name, e.code, e.reason, e.message, String(e), e.stack]) scan(part ?? '', 'error', context, false);
    scan({ ...e }, 'error', context, false);
  }
}

// Settings made wrong in each field in turn, with the key still inside, and the key made
// wrong in ways that must not be echoed.
function wrongSettings() {
  const variants = [];
  // (A secret put in another field is that field's value: it may be echoed there.)
  const hostile = [null, 5, 'x', [], {}, '<b>', { toString: () => KEY }];
  for (const field of Object.keys(SETTINGS)) {
    for (const v of hostile) variants.push({ ...SETTINGS, [field]: v });
  }
  for (const apiKey of [`${KEY} `, `${KEY}é`, KEY.slice(0, 12), `${KEY}${KEY}${KEY}${KEY}${KEY}${KEY}${KEY}`, `"${KEY}"`, `Bearer ${KEY}`]) {
    variants.push({ ...SETTINGS, apiKey });
  }
  variants.push({ ...SETTINGS, employees: [...SETTINGS.employees, { id: 1, callMode: 'app', extension: '101' }] });
  variants.push({ ...SETTINGS, employees: [{ id: KEY, callMode: 'nope' }] });
  variants.push({ ...SETTINGS, unknown: KEY });
  return variants;
}

function wrongCrm() {
  const variants = [];
  for (const target of ['amocrm', 'bitrix24']) {
    for (const field of Object.keys(CRM[target])) {
      for (const v of [null, 5, 'x', {}, `http://${AMO_TOKEN}.ru`, AMO_TOKEN]) {
        variants.push({ ...CRM, [target]: { ...CRM[target], [field]: v } });
      }
    }
  }
  variants.push({ ...CRM, amocrm: { ...CRM.amocrm, accessToken: `${AMO_TOKEN}\n` } });
  variants.push({ ...CRM, amocrm: { ...CRM.amocrm, accessToken: `${AMO_TOKEN} x` } });
  variants.push({ ...CRM, bitrix24: { ...CRM.bitrix24, webhookUrl: `http://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/` } });
  variants.push({ ...CRM, bitrix24: { ...CRM.bitrix24, webhookUrl: `https://user:${HOOK_TOKEN}@acme.bitrix24.ru/rest/7/${HOOK_TOKEN}/` } });
  variants.push({ ...CRM, bitrix24: { ...CRM.bitrix24, webhookUrl: `https://acme.bitrix24.ru/rest/7/${HOOK_TOKEN}é/` } });
  variants.push({ ...CRM, bitrix24: { ...CRM.bitrix24, webhookUrl: `https://acme.bitrix24.ru/rest/x/${HOOK_TOKEN}/` } });
  variants.push({ ...CRM, extra: AMO_TOKEN });
  return variants;
}

test('no secret comes out of any API but in the request that needs it', () => {
  const events = [DIAL, COMPLETE, body({ event: 'text', text: 'a' })].map((b) => api.parseWebhook(b));
  for (const settings of [SETTINGS, ...wrongSettings()]) {
    run('validateSettings', () => api.validateSettings(settings));
    run('validateSettings revealed', () => api.validateSettings(settings, { revealApiKey: true }), { revealed: true });
    run('validateSettings, bad option', () => api.validateSettings(settings, { revealApiKey: KEY }));
    run('sipoutEmployees', () => api.sipoutEmployees(settings));
    run('applyExtensions', () => api.applyExtensions(settings, [{ id: '1', extension: '105' }]));
    run('applyExtensions, bad', () => api.applyExtensions(settings, [{ id: KEY, extension: KEY }]));
    run('applyExtensions revealed', () => api.applyExtensions(settings, [], { revealApiKey: true }), { revealed: true });
    for (const employee of ['1', '2', '3', '9', KEY]) {
      run('phoneAction', () => api.phoneAction(settings, employee, '8 912 345-67-89'));
      run('phoneAction, bad phone', () => api.phoneAction(settings, employee, KEY));
      run('cardPhoneActions', () => api.cardPhoneActions(settings, employee, { a: '89123456789', b: KEY, c: '+7 495 123 45 67' }));
    }
  }
  run('maskApiKey', () => api.maskApiKey(KEY));
  run('maskApiKey, a key too short', () => api.maskApiKey(KEY.slice(0, 10)));
  run('callbackWidgetRequest', () => api.callbackWidgetRequest(`https://sipout.net/w/${KEY}?phone={phone}`, '89123456789'));
  for (const crm of [CRM, ...wrongCrm()]) {
    for (const event of events) {
      const notes = api.buildNotifications(event);
      run('crmRequests', () => api.crmRequests(event, notes, crm));
      run('crmRequests, with state', () => api.crmRequests(event, notes, crm, { bitrixCallId: 'externalCall.1', bitrixEntity: { type: 'contact', id: 4 } }));
      run('crmRequests, bad state', () => api.crmRequests(event, notes, crm, { bitrixCallId: 'bad id!' }));
    }
  }
  run('bitrixRegisterState', () => api.bitrixRegisterState({ error: 'expired', error_description: 'bad token' }));
  // Webhooks and notifications never hold a secret, even when the project's settings do.
  for (const b of [DIAL, COMPLETE]) run('handleWebhook', () => api.handleWebhook(b, 'application/json', { employeeName: 'Анна' }));
  assert.ok(scanned > 5000, `${scanned} strings searched`);
  assert.deepEqual([...new Set(leaks)], []);
});

test('a key given where a phone or a webhook belongs is quoted at most 40 characters, never whole in a secret-shaped field', () => {
  // A secret a host passes by mistake where ordinary input belongs is that input, and the
  // error quotes it (cut after 40 characters): documented, not a leak of the settings.
  const e = (() => {
    try {
      api.normalizePhone(KEY);
    } catch (error) {
      return error;
    }
  })();
  assert.equal(e.code, 'invalid_phone');
});

test('settings shown by default mask the CRM credentials; revealed, they are in clear', () => {
  const shown = api.validateSettings(SETTINGS);
  assert.equal(shown.apiKey, '********4RkY');
  assert.equal(shown.crm.amocrm.accessToken, '********NbV7');
  assert.equal(shown.crm.bitrix24.webhookUrl, 'https://acme.bitrix24.ru/rest/7/********/');
  assert.equal(shown.crm.amocrm.baseUrl, CRM.amocrm.baseUrl, 'the rest as it was');
  const revealed = api.validateSettings(SETTINGS, { revealApiKey: true });
  assert.deepEqual(revealed.crm, CRM);
  assert.equal(revealed.apiKey, KEY);
  // Shown settings given back are refused where the key is masked; revealed ones read back.
  assert.deepEqual(api.validateSettings(revealed, { revealApiKey: true }), revealed);
});
