// The golden cases of the phone, webhook, matching, calling and CRM JS tests as block calls:
// each an action, its arguments, and the direct export that gives the same result. The
// block tests run them through runBlockAction (tests/js/block.test.mjs) and, from the
// fixture this module writes, through the C ABI (tests/python/test_cabi.py).
//
// Run `node tests/js/block-cases.mjs` after scripts/build.sh to write the fixture
// tests/fixtures/block-cases.json from the direct exports; block.test.mjs checks that the
// fixture is what the exports give.
import { COMPLETE, ENCODED, WIDGET, sampleSettings } from './samples.mjs';

const FORM = 'id=sip-42&event=complete&direction=in&caller=89123456789&called_did=84951234567&extension=101'
  + '&disposition=ANSWERED&duration=1%3A05&billsec=58&recording_url=https%3A%2F%2Frec.sipout.net%2Fr%2Fsip-42.mp3%3Fk%3D1%26t%3D2'
  + '&timestamp=2024-11-26T18%3A00%3A00%2B03%3A00';
const SETTINGS = sampleSettings();
const PHONE = '79123456789';

/** For each action, the direct export(s) that do what it does, called with its arguments. */
export const DIRECT = {
  'phone.normalize': (api, a) => api.normalizePhone(a.input),
  'phone.parse': (api, a) => api.parsePhone(a.input),
  'phone.find': (api, a) => api.findPhones(a.text),
  'phone.format': (api, a) => api.formatPhone(a.input),
  'webhook.parse': (api, a) => api.parseWebhook(a.body, a.contentType),
  'webhook.handle': (api, a) =>
    api.handleWebhook(a.body, a.contentType, { previous: a.previous, locale: a.locale, employeeName: a.employeeName }),
  'deal.variables': (api, a) => api.dealVariables(a.event, a.previous),
  'notification.build': (api, a) => api.buildNotifications(a.event, { locale: a.locale, employeeName: a.employeeName }),
  'matching.decide': (api, a) => {
    const matcher = new api.ClientMatcher(a.phone, a.project);
    matcher.next();
    let step = matcher.answer(a.telephonyRows ?? []);
    if (step.op !== 'done') step = matcher.answer(a.variableRows ?? []);
    return step.decision;
  },
  'calling.phone_action': (api, a) => api.phoneAction(a.settings, a.employeeId, a.phone),
  'widget.callback_request': (api, a) => api.callbackWidgetRequest(a.apiUrl, a.phone),
  'crm.requests': (api, a) => api.crmRequests(a.event, a.notifications, a.crm, a.state),
};

/** The rows of tests/fixtures/phones.tsv: [input, canonical or ""]. */
export function goldenRows(tsv) {
  return tsv
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const i = l.lastIndexOf('\t');
      return [l.slice(0, i), l.slice(i + 1)];
    });
}

/** `[action, args]` for every case; `api` gives the events the event cases take. */
export function blockCases(api, tsv) {
  const cases = goldenRows(tsv).map(([input]) => ['phone.normalize', { input }]);
  for (const input of ['912-abc-4567', '+380 44 123 45 67', '', '19123456789', '1'.repeat(1000), 'x']) {
    cases.push(['phone.normalize', { input }]);
  }
  for (const input of ['8 (495) 123-45-67, доб. 45', '+7 495 123 45 67 ext. 7', '+7 912 345-67-89', '+7 912 345-67-89 доб.']) {
    cases.push(['phone.parse', { input }]);
  }
  for (const text of ['Иван, 8 912 345-67-89 или +7 495 123 45 67', '89123456789, снова 8 (912) 345-67-89', 'заказ от 15.01.2024 10:30', '']) {
    cases.push(['phone.find', { text }]);
  }
  for (const input of ['89123456789', 'tel:+78005553535', '+7 495 123 45 67 доб. 12', 'n/a']) {
    cases.push(['phone.format', { input }]);
  }

  const bodies = [
    [COMPLETE],
    [COMPLETE, 'application/x-www-form-urlencoded'],
    [FORM, 'application/x-www-form-urlencoded'],
    [`?${FORM}`],
    [`https://hooks.example.ru/sipout?${FORM}`],
    ['{"call_id":'],
    ['call_id=1&action=dial&direction=in'],
    ['call_id=1&action=dial&direction=in&caller=12345'],
    ['call_id=1&action=complete&direction=in&phone=79123456789&billsec=abc'],
    ['call_id=1&action=dial&direction=in&phone=79123456789&record=javascript%3Aalert(1)'],
    ['call_id=1&action=text&direction=in&phone=79123456789&text=%F0%9F%98%80+emoji+%26+%3Cb%3E'],
    ['a=1', 'multipart/form-data; boundary=x'],
    [''],
  ];
  for (const [body, contentType] of bodies) cases.push(['webhook.parse', contentType ? { body, contentType } : { body }]);
  cases.push(['webhook.handle', { body: COMPLETE, contentType: 'application/json', employeeName: 'Анна' }]);
  cases.push(['webhook.handle', { body: COMPLETE, locale: 'en', previous: { call_id: 'sip-42', call_action: 'dial', call_did: '78001234567' } }]);
  cases.push(['webhook.handle', { body: COMPLETE, previous: { call_id: 42, call_talk_duration_sec: 58 } }]);
  cases.push(['webhook.handle', { body: COMPLETE, employeeName: '<b>Tom</b> & "Jerry"' }]);
  cases.push(['webhook.handle', { body: 'call_id=1&action=dial&direction=in' }]);

  const dial = api.parseWebhook('call_id=c1&action=dial&direction=in&phone=79123456789&did=84951234567');
  const complete = api.parseWebhook('call_id=c1&action=complete&direction=in&phone=79123456789&status=Busy&duration=12&billsec=0');
  const text = api.parseWebhook('call_id=c1&action=text&direction=in&phone=79123456789&text=...');
  const want = {
    call_action: 'complete', call_status: 'Busy', call_total_duration_sec: '12', call_talk_duration_sec: '0',
    call_record_link: '', call_did: '74951234567', call_id: 'c1',
  };
  for (const event of [dial, complete, text]) {
    cases.push(['deal.variables', { event }]);
    cases.push(['deal.variables', { event, previous: want }]);
  }
  cases.push(['deal.variables', { event: complete, previous: { call_id: 'c1', call_action: 'dial', call_did: 74951234567, name: 'Иван' } }]);
  cases.push(['deal.variables', { event: complete, previous: { call_status: {} } }]);
  cases.push(['deal.variables', { event: { ...complete, recordLink: 'javascript:alert(1)' } }]);
  cases.push(['deal.variables', { event: { callId: 'c1', action: 'dial' } }]);

  const transcript = api.parseWebhook(JSON.stringify({
    call_id: '7', action: 'text', direction: 'out', phone: '89123456789', extension: '<ext>',
    text: [{ speaker: 'Оператор', text: 'Здравствуйте!' }, { speaker: 'Клиент', text: '<script>alert("x")</script> & пока' }],
  }));
  cases.push(['notification.build', { event: transcript }]);
  cases.push(['notification.build', { event: transcript, locale: 'en', employeeName: "O'Brien" }]);
  cases.push(['notification.build', { event: dial }]);
  cases.push(['notification.build', { event: api.parseWebhook(COMPLETE), employeeName: 'Анна' }]);
  cases.push(['notification.build', { event: { callId: 'c1', action: 'dial' } }]);
  for (const status of ['Success', 'BUSY', 'no answer']) {
    const event = api.parseWebhook(`call_id=1&action=complete&direction=in&phone=79123456789&status=${encodeURIComponent(status)}`);
    cases.push(['notification.build', { event, locale: 'en' }]);
  }

  const rows = [
    { id: 'b', variables: { name: 'Пётр' } },
    { id: 'c', variables: { name: 'Иван', contact: 'Иван 8 912 345-67-89' } },
    { id: 'd', variables: { phone: PHONE } },
  ];
  cases.push(['matching.decide', { phone: '8 912 345-67-89', project: { messengers: ['instagram'] }, telephonyRows: [{ id: 't1', channel: 'telephony', phone: '74951234567' }], variableRows: rows }]);
  cases.push(['matching.decide', { phone: PHONE, project: { messengers: [] }, telephonyRows: [{ id: 't2', channel: 'telephony', phone: '+7 912 345-67-89' }], variableRows: rows }]);
  cases.push(['matching.decide', { phone: PHONE, project: { messengers: [] } }]);
  cases.push(['matching.decide', { phone: PHONE, project: { messengers: ['telegram', 'WhatsApp'] }, variableRows: [] }]);
  cases.push(['matching.decide', { phone: PHONE, project: { messengers: ['viber', 'whatsapp'], priority: ['viber'] } }]);
  cases.push(['matching.decide', { phone: 'n/a', project: { messengers: [] } }]);

  for (const [employeeId, phone] of [['3', '+7 912 345-67-89'], ['2', '8 (912) 345-67-89'], ['2', '+7 495 123 45 67 доб. 12'], ['1', 'tel:+79123456789'], ['42', '89123456789'], ['3', 'n/a']]) {
    cases.push(['calling.phone_action', { settings: SETTINGS, employeeId, phone }]);
  }
  cases.push(['calling.phone_action', { settings: { ...SETTINGS, apiKey: 'short' }, employeeId: '1', phone: '89123456789' }]);
  for (const apiUrl of [WIDGET, WIDGET.replace('<номер телефона>', ENCODED), 'https://sipout.net/c2c', 'ftp://sipout.net/<номер телефона>']) {
    cases.push(['widget.callback_request', { apiUrl, phone: '+7 (912) 345-67-89' }]);
  }
  cases.push(['widget.callback_request', { apiUrl: WIDGET, phone: '12345' }]);

  const crm = {
    amocrm: {
      enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: 'amo.secret.token.5f1e', responsibleUserId: 3,
      entity: { type: 'leads', id: 5 },
    },
    bitrix24: { enabled: true, webhookUrl: 'https://acme.bitrix24.ru/rest/7/hooksecret4k9x2q/', showCard: true },
  };
  const hook = (fields) => JSON.stringify({ call_id: 'sip-42', direction: 'in', phone: '8 (912) 345-67-89', extension: '101', ...fields });
  const crmDial = api.parseWebhook(hook({ event: 'dial', called_did: '+7 495 123-45-67', timestamp: 1732633200 }));
  const crmComplete = api.parseWebhook(hook({ event: 'complete', disposition: 'ANSWERED', duration: 65, billsec: 58, timestamp: 1732633265 }));
  const state = { bitrixCallId: 'externalCall.9f.1732633200', bitrixEntity: { type: 'contact', id: 41 } };
  cases.push(['crm.requests', { event: crmDial, notifications: api.buildNotifications(crmDial), crm }]);
  cases.push(['crm.requests', { event: crmComplete, notifications: api.buildNotifications(crmComplete), crm, state }]);
  cases.push(['crm.requests', { event: crmComplete, notifications: api.buildNotifications(crmComplete, { locale: 'en' }), crm: { amocrm: { enabled: false } } }]);
  cases.push(['crm.requests', { event: crmComplete, notifications: api.buildNotifications(crmComplete), crm: { amocrm: { enabled: true, baseUrl: 'http://acme.amocrm.ru' } } }]);
  cases.push(['crm.requests', { event: crmComplete, notifications: [{ kind: 'other', text: 'x' }], crm }]);
  return cases;
}

/** What a call gives, as plain data: `{ ok }`, or `{ error: { code, reason?, message } }`. */
export function outcome(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: e.reason ? { code: e.code, reason: e.reason, message: e.message } : { code: e.code, message: e.message } };
  }
}

/** The fixture: every case with what the direct export gives. */
export function fixture(api, tsv) {
  return blockCases(api, tsv).map(([action, args]) => ({ action, args, ...outcome(() => DIRECT[action](api, args)) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const api = await import('../../pkg/node.js');
  const tsv = readFileSync(new URL('../fixtures/phones.tsv', import.meta.url), 'utf8');
  const cases = fixture(api, tsv);
  writeFileSync(new URL('../fixtures/block-cases.json', import.meta.url), `${JSON.stringify(cases, null, 1)}\n`);
  console.log(`wrote ${cases.length} cases to tests/fixtures/block-cases.json`);
}
