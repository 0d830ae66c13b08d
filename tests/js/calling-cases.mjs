// Settings and calling as JS sees them, written once for any JS engine: each case throws on
// failure. `api` is the package's module.

import { ENCODED, KEY, WIDGET, sampleSettings as base } from './samples.mjs';

function eq(got, want, what) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new Error(`${what}: got ${g}, want ${w}`);
}

// JSON with object keys sorted: for values whose key order does not matter.
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  }
  return value;
}

function throws(fn, code, reason, what) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!caught) throw new Error(`${what}: did not throw`);
  if (!(caught instanceof Error)) throw new Error(`${what}: threw a non-Error ${caught}`);
  eq(caught.name, 'SipoutError', `${what}: name`);
  eq(caught.code, code, `${what}: code`);
  if (reason) eq(caught.reason, reason, `${what}: reason`);
  return caught;
}

export function callingCases(api) {
  return [
    ['validateSettings normalises and masks the key', () => {
      const out = api.validateSettings(base());
      eq(out, {
        apiKey: '********4tR8',
        employees: [
          { id: '1', name: 'Анна', callMode: 'sipout_api', extension: '101' },
          { id: '2', name: 'Борис', callMode: 'app', extension: '102' },
          { id: '3', callMode: 'disabled' },
        ],
        messengers: ['whatsapp'],
        speechAnalytics: false,
      }, 'masked');
      eq(api.validateSettings(base(), {}).apiKey, '********4tR8', 'empty options');
      eq(api.validateSettings(base(), undefined).apiKey, '********4tR8', 'undefined options');
      eq(api.validateSettings(base(), null).apiKey, '********4tR8', 'null options');
      const revealed = api.validateSettings(base(), { revealApiKey: true });
      eq(revealed.apiKey, KEY, 'revealed');
      eq(api.validateSettings(revealed, { revealApiKey: true }), revealed, 'revealed settings read back');
      const crm = { amocrm: { notify: true, pipeline: 4512, list: [1, 'a', null, -7] } };
      eq(sorted(api.validateSettings({ ...base(), crm }).crm), sorted(crm), 'crm kept (key order aside)');
      const e = throws(() => api.validateSettings({ ...base(), crm: { ratio: 0.5 } }), 'invalid_settings', 'fractional_number', 'a float');
      eq(e.message.startsWith('crm.ratio: is a fractional number'), true, e.message);
    }],
    ['validateSettings says what is wrong', () => {
      let e = throws(() => api.validateSettings({ ...base(), apiKey: 'short' }), 'invalid_settings', 'api_key_length', 'short key');
      eq(e.message, 'apiKey: is 5 characters long; a SipOut API key has 16 to 128', 'message');
      const dup = base();
      dup.employees[2].extension = '101';
      e = throws(() => api.validateSettings(dup), 'invalid_settings', 'duplicate_extension', 'duplicate');
      eq(e.message, 'employees[2].extension: 101 is also the extension of employees[0] (id "1"); extensions are unique in a project', 'message');
      const none = base();
      delete none.employees[0].extension;
      e = throws(() => api.validateSettings(none), 'invalid_settings', 'no_extension', 'no extension');
      eq(e.message, 'employees[0].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut', 'message');
      const mode = base();
      mode.employees[1].callMode = 'api';
      e = throws(() => api.validateSettings(mode), 'invalid_settings', 'unknown_call_mode', 'mode');
      eq(e.message, 'employees[1].callMode: "api" is not a calling mode; expected "app", "sipout_api" or "disabled"', 'message');
      const ext = base();
      ext.employees[2].extension = '1';
      e = throws(() => api.validateSettings(ext), 'invalid_settings', 'invalid_extension', 'extension');
      eq(e.message, 'employees[2].extension: "1" is not an extension: 2 to 6 digits', 'message');
      throws(() => api.validateSettings({ ...base(), click2call: { url: 'http://x.ru/{phone}' } }), 'invalid_settings', 'unsupported_scheme', 'http');
      e = throws(() => api.validateSettings('{}'), 'invalid_settings', 'wrong_type', 'a string');
      eq(e.message, 'settings: expected an object, got a string', 'message');
      throws(() => api.validateSettings([]), 'invalid_settings', 'wrong_type', 'an array');
      throws(() => api.validateSettings(null), 'invalid_settings', 'wrong_type', 'null');
      e = throws(() => api.validateSettings(undefined), 'invalid_argument', null, 'undefined');
      eq(e.message, 'settings: expected an object, got undefined', 'message');
      e = throws(() => api.validateSettings(base(), { reveal: true }), 'invalid_argument', null, 'unknown option');
      eq(e.message, 'options["reveal"]: is not a known option; the known one is revealApiKey', 'message');
      e = throws(() => api.validateSettings(base(), { revealApiKey: 'yes' }), 'invalid_argument', null, 'option type');
      eq(e.message, 'options.revealApiKey: expected a boolean, got string', 'message');
      throws(() => api.validateSettings(base(), 'yes'), 'invalid_argument', null, 'options a string');
      e = throws(() => api.validateSettings({ ...base(), crm: { n: 1n } }), 'invalid_argument', null, 'a BigInt');
      eq(e.message, 'settings: is not representable as JSON (a BigInt, a cycle?)', 'message');
    }],
    ['SipOut pulls the employees and gives back extensions', () => {
      const pulled = api.sipoutEmployees(base());
      eq(pulled, [
        { id: '1', name: 'Анна', extension: '101' },
        { id: '2', name: 'Борис', extension: '102' },
        { id: '3' },
      ], 'pulled');
      pulled[2].extension = '103';
      pulled[1].extension = null;
      const applied = api.applyExtensions(base(), pulled, { revealApiKey: true });
      eq(applied.employees.map((e) => e.extension ?? null), ['101', null, '103'], 'applied');
      eq(applied.apiKey, KEY, 'revealed');
      eq(api.applyExtensions(base(), []).apiKey, '********4tR8', 'masked by default');
      let e = throws(() => api.applyExtensions(base(), [{ id: '9', extension: '109' }]), 'invalid_settings', 'unknown_employee', 'unknown');
      eq(e.message, 'assignments[0].id: "9" is not an employee of the project', 'message');
      e = throws(() => api.applyExtensions(base(), [{ id: '3', extension: '101' }]), 'invalid_settings', 'duplicate_extension', 'taken');
      throws(() => api.applyExtensions(base(), [{ id: '1', extension: '' }]), 'invalid_settings', 'no_extension', 'removed');
      throws(() => api.applyExtensions(base(), { 1: '101' }), 'invalid_settings', 'wrong_type', 'not an array');
      throws(() => api.applyExtensions(base(), undefined), 'invalid_argument', null, 'undefined');
    }],
    ['maskApiKey', () => {
      eq(api.maskApiKey(KEY), '********4tR8', 'long');
      eq(api.maskApiKey('short'), '********', 'short');
      throws(() => api.maskApiKey(12), 'invalid_argument', null, 'number');
    }],
    ['phoneAction for every mode', () => {
      eq(api.phoneAction(base(), '3', '+7 912 345-67-89'), { kind: 'hidden' }, 'disabled');
      eq(api.phoneAction(base(), '2', '8 (912) 345-67-89'), { kind: 'link', href: 'tel:+79123456789' }, 'app');
      eq(api.phoneAction(base(), '2', '+7 495 123 45 67 доб. 12'), { kind: 'link', href: 'tel:+74951234567;ext=12' }, 'app ext');
      const action = api.phoneAction(base(), '1', 'tel:+79123456789');
      eq(action, {
        kind: 'request',
        request: {
          method: 'POST',
          url: 'https://api.sipout.net/v1/click2call?from=101&to=79123456789',
          headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: '{"from":"101","to":"79123456789"}',
        },
      }, 'sipout_api');
      eq(JSON.parse(action.request.body), { from: '101', to: '79123456789' }, 'body');
      const custom = { ...base(), click2call: { url: 'https://pbx.example.ru/c2c/{extension}?to=%7Bphone%7D' } };
      eq(api.phoneAction(custom, '1', '89123456789').request.url, 'https://pbx.example.ru/c2c/101?to=79123456789', 'template');
      let e = throws(() => api.phoneAction(base(), '42', '89123456789'), 'unknown_employee', null, 'unknown');
      eq(e.message, 'employeeId: "42" is not an employee of the project', 'message');
      throws(() => api.phoneAction(base(), '3', 'n/a'), 'invalid_phone', 'invalid_character', 'bad phone');
      throws(() => api.phoneAction(base(), 1, '89123456789'), 'invalid_argument', null, 'id a number');
    }],
    ['cardPhoneActions keeps the card order', () => {
      const vars = { zPhone: '8 912 345-67-89', name: 'Иван', aComment: 'или +7 495 123 45 67, 89123456789', 10: '' };
      const card = api.cardPhoneActions(base(), '2', vars);
      eq(card.map((c) => [c.variable, c.phone, c.action.href]), [
        ['zPhone', '79123456789', 'tel:+79123456789'],
        ['aComment', '74951234567', 'tel:+74951234567'],
        ['aComment', '79123456789', 'tel:+79123456789'],
      ], 'links in order');
      const requests = api.cardPhoneActions(base(), '1', vars);
      eq(requests.map((c) => c.action.kind), ['request', 'request', 'request'], 'requests');
      eq(requests[0].action.request.headers.Authorization, `Bearer ${KEY}`, 'key for sending');
      eq(api.cardPhoneActions(base(), '3', vars), [], 'disabled: none');
      const e = throws(() => api.cardPhoneActions(base(), '2', { phone: 89123456789 }), 'invalid_argument', null, 'number');
      eq(e.message, 'variables["phone"]: expected a string, got number', 'message');
      throws(() => api.cardPhoneActions(base(), '2', ['89123456789']), 'invalid_argument', null, 'array');
      const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`v${i}`, '']));
      throws(() => api.cardPhoneActions(base(), '2', many), 'invalid_card', 'too_many_variables', 'too many');
    }],
    ['callbackWidgetRequest', () => {
      const want = { method: 'GET', url: 'https://sipout.net/api/widget/c2c/5f2b9e?phone=79123456789' };
      for (const placeholder of ['<номер телефона>', ENCODED, ENCODED.toLowerCase(), '%3Cномер+телефона%3E', '<Номер Телефона>']) {
        eq(api.callbackWidgetRequest(WIDGET.replace('<номер телефона>', placeholder), '+7 (912) 345-67-89'), want, placeholder);
      }
      const cases = [
        ['https://sipout.net/c2c?phone=', 'no_placeholder'],
        [`${WIDGET}&again=${ENCODED}`, 'several_placeholders'],
        ['ftp://sipout.net/<номер телефона>', 'unsupported_scheme'],
        ['https://user:pass@sipout.net/<номер телефона>', 'credentials'],
        ['https://sipout.net/a b/<номер телефона>', 'invalid_character'],
        ['', 'empty'],
      ];
      for (const [url, reason] of cases) throws(() => api.callbackWidgetRequest(url, '89123456789'), 'invalid_widget_url', reason, url);
      const e = throws(() => api.callbackWidgetRequest('https://sipout.net/c2c', '89123456789'), 'invalid_widget_url', 'no_placeholder', 'msg');
      eq(e.message, 'apiUrl: has no <номер телефона> placeholder (raw or percent-encoded)', 'message');
      throws(() => api.callbackWidgetRequest(WIDGET, '12345'), 'invalid_phone', 'too_few_digits', 'phone');
      throws(() => api.callbackWidgetRequest(null, '89123456789'), 'invalid_argument', null, 'null url');
    }],
    ['the API key appears in no error and no masked result', () => {
      const seen = [];
      const keep = (fn) => {
        try {
          seen.push(JSON.stringify(fn()));
        } catch (e) {
          seen.push(e.message, String(e), JSON.stringify(e), e.code, e.reason ?? '', e.stack ?? '');
        }
      };
      const misplaced = (f) => { const s = base(); f(s); return s; };
      keep(() => api.validateSettings(base()));
      keep(() => api.sipoutEmployees(base()));
      keep(() => api.applyExtensions(base(), [{ id: '3', extension: '103' }]));
      keep(() => api.validateSettings({ apiKey: `${KEY} ` + KEY }));
      keep(() => api.validateSettings({ apiKey: KEY + '*' }));
      keep(() => api.validateSettings({ apiKey: KEY.repeat(6) }));
      keep(() => api.validateSettings(misplaced((s) => { s.employees[1].callMode = KEY; })));
      keep(() => api.validateSettings(misplaced((s) => { s.employees[1].extension = KEY; })));
      keep(() => api.validateSettings(misplaced((s) => { s.messengers = [`${KEY}!`]; })));
      keep(() => api.validateSettings(misplaced((s) => { s[KEY] = 1; })));
      keep(() => api.validateSettings(misplaced((s) => { s.employees[1].id = KEY; s.employees[2].id = KEY; })));
      keep(() => api.validateSettings(misplaced((s) => { s.click2call = { url: `https://${KEY}@pbx.ru/` }; })));
      keep(() => api.applyExtensions(base(), [{ id: KEY, extension: '105' }]));
      keep(() => api.applyExtensions(base(), [{ id: '3', extension: KEY }]));
      keep(() => api.phoneAction(base(), KEY, '89123456789'));
      keep(() => api.phoneAction(base(), '1', KEY));
      keep(() => api.cardPhoneActions(base(), KEY, { phone: '89123456789' }));
      keep(() => api.maskApiKey(KEY));
      if (seen.length < 30) throw new Error(`only ${seen.length} strings`);
      for (const text of seen) {
        if (String(text).includes(KEY)) throw new Error(`the key leaks in ${text}`);
      }
    }],
  ];
}
