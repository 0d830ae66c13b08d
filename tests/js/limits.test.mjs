// Every documented input limit (README, "Limits"), through the npm package in Node (run
// after scripts/build.sh): one unit over the limit is a SipoutError with the documented
// code and reason, and where it is cheap to build, an input at the limit is not refused for
// its size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/node.js';

const KiB = 1024;
const MiB = 1 << 20;
const x = (n, c = 'x') => c.repeat(n);
const KEY = 'sk_live_9fA3kQ2mZx7LpW4tR8';
const settings = (patch = {}) => ({
  apiKey: KEY,
  employees: [{ id: 1, name: 'Анна', callMode: 'sipout_api', extension: '101' }],
  messengers: ['WhatsApp'],
  ...patch,
});
const EVENT = api.parseWebhook('{"call_id":"c","event":"text","direction":"in","phone":"89123456789","text":"hi"}');
const NOTES = api.buildNotifications(EVENT);
const AMO = { enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: 'tok', responsibleUserId: 3 };
const BITRIX = { enabled: true, webhookUrl: 'https://acme.bitrix24.ru/rest/7/abc/' };
const crm = (patch) => api.crmRequests(EVENT, NOTES, patch);
const hook = (fields) => JSON.stringify({ call_id: 'c', event: 'dial', direction: 'in', phone: '89123456789', ...fields });
const phones = (n) => Array.from({ length: n }, (_, i) => '7912' + String(i).padStart(7, '0')).join(' ');
const clients = (client) => new api.ClientIndex().addClients([{ id: '1', channel: 'vk', variables: {}, ...client }]);

// [input, limit, code, reason (null: none), over the limit, at the limit (or null)]
const LIMITS = [
  ['phone (normalizePhone, parsePhone, formatPhone)', '256 bytes', 'invalid_phone', 'too_long',
    () => api.normalizePhone(x(257, '9')), () => api.normalizePhone(x(245, ' ') + '89123456789')],
  ['findPhones text', '1 MiB', 'invalid_phone', 'too_long', () => api.findPhones(x(MiB + 1, '9')), () => api.findPhones(x(MiB, '9'))],
  ['normalizePhones inputs', '1 000 000 items', 'invalid_argument', null,
    () => api.normalizePhones(new Array(1_000_001).fill('1')), null],
  ['webhook body', '1 MiB', 'invalid_webhook', 'too_large',
    () => api.parseWebhook(hook({ text: x(MiB) })), () => api.parseWebhook(hook({ x: x(MiB - hook({ x: '' }).length) }))],
  ['webhook value (all but the conversation)', '4096 bytes', 'invalid_webhook', 'too_long',
    () => api.parseWebhook(hook({ call_id: x(4097) })), () => api.parseWebhook(hook({ call_id: x(4096) }))],
  ['webhook JSON nesting', '128 levels', 'invalid_webhook', 'not_json',
    () => api.parseWebhook(hook({ x: JSON.parse(x(128, '[') + x(128, ']')) })),
    () => api.parseWebhook(hook({ x: JSON.parse(x(127, '[') + x(127, ']')) }))],
  ['contentType', '4096 bytes', 'invalid_argument', null, () => api.parseWebhook(hook(), x(4097)), () => api.parseWebhook(hook(), x(4096))],
  ['options.locale, options.employeeName', '4096 bytes', 'invalid_argument', null,
    () => api.handleWebhook(hook(), null, { employeeName: x(4097) }), () => api.handleWebhook(hook(), null, { employeeName: x(4096) })],
  ['deal variables (previous)', '4096 bytes each', 'invalid_argument', null,
    () => api.dealVariables(EVENT, { call_id: x(4097) }), () => api.dealVariables(EVENT, { call_id: x(4096) })],
  ['any object argument', '16 Mi characters of JSON', 'invalid_argument', null,
    () => api.buildNotifications({ ...EVENT, pad: x(16 * MiB) }), null],
  ['any string argument', '8 MiB', 'invalid_argument', null, () => api.maskApiKey(x(8 * MiB + 1)), null],
  ['settings', '1 MiB of JSON', 'invalid_settings', 'too_large', () => api.validateSettings(settings({ pad: x(MiB) })), null],
  ['settings.employees', '1000', 'invalid_settings', 'too_many',
    () => api.validateSettings(settings({ employees: Array.from({ length: 1001 }, (_, i) => ({ id: i + 1, callMode: 'disabled' })) })),
    () => api.validateSettings(settings({ employees: Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, callMode: 'disabled' })) }))],
  ['an employee id', '64 characters', 'invalid_settings', 'too_long',
    () => api.validateSettings(settings({ employees: [{ id: x(65), callMode: 'disabled' }] })),
    () => api.validateSettings(settings({ employees: [{ id: x(64), callMode: 'disabled' }] }))],
  ['an employee name', '200 characters', 'invalid_settings', 'too_long',
    () => api.validateSettings(settings({ employees: [{ id: 1, name: x(201), callMode: 'disabled' }] })),
    () => api.validateSettings(settings({ employees: [{ id: 1, name: x(200), callMode: 'disabled' }] }))],
  ['settings.messengers', '32', 'invalid_settings', 'too_many',
    () => api.validateSettings(settings({ messengers: Array.from({ length: 33 }, (_, i) => `m${i}`) })),
    () => api.validateSettings(settings({ messengers: Array.from({ length: 32 }, (_, i) => `m${i}`) }))],
  ['a messenger name', '32 characters', 'invalid_settings', 'invalid_messenger',
    () => api.validateSettings(settings({ messengers: [x(33)] })), () => api.validateSettings(settings({ messengers: [x(32)] }))],
  ['settings.crm', '64 KiB of JSON', 'invalid_settings', 'too_large', () => api.validateSettings(settings({ crm: { pad: x(64 * KiB) } })), null],
  ['the SipOut API key', '128 characters', 'invalid_settings', 'api_key_length',
    () => api.validateSettings(settings({ apiKey: x(129, 'a') })), () => api.validateSettings(settings({ apiKey: x(128, 'a') }))],
  ['client card variables', '1000', 'invalid_card', 'too_many_variables',
    () => api.cardPhoneActions(settings(), '1', Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`v${i}`, '1']))),
    () => api.cardPhoneActions(settings(), '1', Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`v${i}`, '1'])))],
  ['client card values in all', '1 MiB', 'invalid_card', 'too_large',
    () => api.cardPhoneActions(settings(), '1', { a: x(MiB / 2), b: x(MiB / 2 + 1) }),
    () => api.cardPhoneActions(settings(), '1', { a: x(MiB / 2), b: x(MiB / 2) })],
  ['callback widget URL', '2048 bytes', 'invalid_widget_url', 'too_long',
    () => api.callbackWidgetRequest(`https://sipout.net/${x(2048)}?phone={phone}`, '89123456789'), null],
  ['CRM settings', '64 KiB of JSON', 'invalid_crm_settings', 'too_large', () => crm({ amocrm: AMO, pad: x(64 * KiB) }), null],
  ['amoCRM access token', '8192 bytes', 'invalid_crm_settings', 'too_long',
    () => crm({ amocrm: { ...AMO, accessToken: x(8193) } }), () => crm({ amocrm: { ...AMO, accessToken: x(8192) } })],
  ['a CRM URL', '2048 bytes', 'invalid_crm_settings', 'too_long',
    () => crm({ amocrm: { ...AMO, baseUrl: `https://${x(2048)}.ru` } }), null],
  ['Bitrix24 webhook token', '128 characters', 'invalid_crm_settings', 'invalid_token',
    () => crm({ bitrix24: { ...BITRIX, webhookUrl: `https://a.bitrix24.ru/rest/7/${x(129)}/` } }),
    () => crm({ bitrix24: { ...BITRIX, webhookUrl: `https://a.bitrix24.ru/rest/7/${x(128)}/` } })],
  ['Bitrix24 line number', '64 bytes', 'invalid_crm_settings', 'too_long',
    () => crm({ bitrix24: { ...BITRIX, lineNumber: x(65) } }), () => crm({ bitrix24: { ...BITRIX, lineNumber: x(64, '7') } })],
  ['Bitrix24 call id (state)', '256 characters', 'invalid_crm_state', 'invalid_call_id',
    () => api.crmRequests(EVENT, NOTES, { bitrix24: BITRIX }, { bitrixCallId: x(257) }),
    () => api.crmRequests(EVENT, NOTES, { bitrix24: BITRIX }, { bitrixCallId: x(256) })],
  ['Bitrix24 answer', '64 KiB', 'invalid_crm_answer', 'too_large', () => api.bitrixRegisterState(x(64 * KiB + 1)), null],
  ['CRM notifications', '16', 'invalid_crm_input', 'too_many', () => api.crmRequests(EVENT, new Array(17).fill(NOTES[0]), { amocrm: AMO }),
    () => api.crmRequests(EVENT, new Array(16).fill(NOTES[0]), { amocrm: AMO })],
  ['a CRM notification text', '8 MiB', 'invalid_crm_input', 'too_long',
    () => api.crmRequests(EVENT, [{ ...NOTES[0], text: x(8 * MiB + 1) }], { amocrm: AMO }), null],
  ['matcher rows per answer', '10 000', 'invalid_answer', 'too_many_rows',
    () => new api.ClientMatcher('89123456789', { messengers: [] }).answer(new Array(10_001).fill({}), false), null],
  ['a client id', '256 bytes', 'invalid_client', 'too_long', () => clients({ id: x(257) }), () => clients({ id: x(256) })],
  ['a client channel', '64 bytes', 'invalid_client', 'too_long', () => clients({ channel: x(65) }), () => clients({ channel: x(64) })],
  ['a variable name', '256 bytes', 'invalid_client', 'too_long',
    () => clients({ variables: { [x(257)]: '89123456789' } }), () => clients({ variables: { [x(256)]: '89123456789' } })],
  ['distinct phones of a client', '4096', 'invalid_client', 'too_many_phones',
    () => clients({ variables: { a: phones(4097) } }), () => clients({ variables: { a: phones(4096) } })],
  ['project messengers (matching)', '64', 'invalid_project', 'too_many',
    () => api.matchClient('89123456789', new api.ClientIndex(), { messengers: Array.from({ length: 65 }, (_, i) => `m${i}`) }),
    () => api.matchClient('89123456789', new api.ClientIndex(), { messengers: Array.from({ length: 64 }, (_, i) => `m${i}`) })],
  ['a project messenger name', '64 bytes', 'invalid_project', 'too_long',
    () => api.matchClient('89123456789', new api.ClientIndex(), { messengers: [x(65)] }),
    () => api.matchClient('89123456789', new api.ClientIndex(), { messengers: [x(64)] })],
];

for (const [input, limit, code, reason, over, at] of LIMITS) {
  test(`${input}: over ${limit} is ${code}${reason ? ` (${reason})` : ''}`, () => {
    let error;
    try {
      over();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof api.SipoutError, `a SipoutError: ${error}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.reason, reason ?? undefined, error.message);
    if (at) {
      try {
        at();
      } catch (e) {
        // At the limit, the input may still be wrong for another reason, but not its size.
        assert.ok(e instanceof api.SipoutError, `${e}`);
        assert.ok(!(e.code === code && e.reason === (reason ?? undefined)), `at the limit: ${e.message}`);
      }
    }
  });
}
