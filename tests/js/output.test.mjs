// Output safety through the npm package in Node (run after scripts/build.sh): links and
// URLs that come out are http(s) only, whether from a webhook or from an event the host
// passes back in; every outside string in a notification's text is HTML-escaped; CRM
// request bodies are serialised JSON in which hostile text stays text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/node.js';

const MARKUP = `<img src=x onerror="alert('1')">&amp;</script>`;
const hook = (fields) => JSON.stringify({ call_id: 'c-1', direction: 'in', phone: '8 912 345-67-89', extension: '101', ...fields });
const COMPLETE = hook({ event: 'complete', disposition: 'ANSWERED', duration: 65, billsec: 58, recording_url: 'https://rec.example.ru/r.mp3' });
const EVENT = api.parseWebhook(COMPLETE);

const BAD_LINKS = [
  'javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', '\tjavascript:alert(1)', 'java\tscript:alert(1)',
  'javascript://%0aalert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd',
  '//evil.example/x', '/relative', 'http:/x', 'https://', 'https:///x', 'https://@evil', 'https:// x.ru', 'https://x.ru/a b',
  'https://x.ru/"><script>', "https://x.ru/'onmouseover='alert(1)", 'https://x.ru/<b>', 'https://x.ru/\u0000', 'https://x.ru/\u2028',
  '\u0000javascript:alert(1)', 'ftp://x.ru/r.mp3', 'https://x.ru\\@evil.example', 'https://x.ru/`x`', 'jav&#x09;ascript:alert(1)',
];

// A single quote is a valid URL character and stays (escaped in notification texts).
const SAFE_LINK = /^https?:\/\/[^\s"<>\\`\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/i;

function outcome(f) {
  try {
    return { value: f() };
  } catch (error) {
    assert.ok(error instanceof api.SipoutError, `${error}`);
    return { error };
  }
}

// Every string in a value, at any depth.
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

const noScheme = (s) => !/(java|vb)script:|data:text/i.test(s.replace(/[\s\u0000]/g, ''));

test('a recording link that comes out of a webhook is http(s), whatever was sent', () => {
  for (const link of BAD_LINKS) {
    for (const [body, type] of [
      [hook({ event: 'complete', disposition: 'ANSWERED', billsec: 5, recording_url: link }), 'application/json'],
      [`call_id=1&event=complete&direction=in&phone=89123456789&status=busy&record=${encodeURIComponent(link)}`, undefined],
    ]) {
      const r = outcome(() => api.handleWebhook(body, type));
      if (r.error) {
        assert.equal(r.error.code, 'invalid_webhook', r.error.message);
        continue;
      }
      const { event, variables, notifications } = r.value;
      if (event.recordLink !== undefined) assert.match(event.recordLink, SAFE_LINK, `from ${JSON.stringify(link)}`);
      if (variables.call_record_link) assert.match(variables.call_record_link, SAFE_LINK);
      for (const s of strings(r.value)) assert.ok(noScheme(s), `${JSON.stringify(link)} gave ${s}`);
      for (const n of notifications) assert.ok(noScheme(n.text));
    }
  }
});

test('an event passed back in with a bad link gives no link out: dealVariables, buildNotifications, crmRequests, handleWebhook previous', () => {
  const crm = { amocrm: { enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: 'tok', responsibleUserId: 3 } };
  for (const link of BAD_LINKS) {
    const event = { ...EVENT, recordLink: link };
    for (const [name, f] of [
      ['dealVariables', () => api.dealVariables(event)],
      ['buildNotifications', () => api.buildNotifications(event)],
      ['crmRequests', () => api.crmRequests(event, api.buildNotifications(EVENT), crm)],
      ['dealVariables previous', () => api.dealVariables(EVENT, { call_id: EVENT.callId, call_record_link: link })],
      ['handleWebhook previous', () => api.handleWebhook(hook({ event: 'complete', status: 'busy' }), null, { previous: { call_id: 'c-1', call_record_link: link } })],
      ['runBlockAction', () => api.runBlockAction('deal.variables', { event, previous: { call_record_link: link } })],
    ]) {
      const r = outcome(f);
      if (r.error) continue;
      for (const s of strings(r.value)) {
        assert.ok(noScheme(s), `${name}(${JSON.stringify(link)}) gave ${s}`);
        if (/^[a-z]+:/i.test(s) && s.includes('/')) assert.match(s, /^(https?:\/\/|tel:)/i, `${name}: ${s}`);
      }
    }
  }
});

test('every outside string in a notification text is HTML-escaped', () => {
  const bodies = [
    hook({ event: 'dial', called_did: '+7 495 123-45-67', call_id: MARKUP }),
    hook({ event: 'complete', disposition: MARKUP, billsec: 0, call_id: MARKUP, recording_url: "https://x.ru/r?a=1&b='2'" }),
    hook({ event: 'text', text: MARKUP }),
    hook({ event: 'text', text: [{ speaker: MARKUP, text: MARKUP }, MARKUP] }),
    `call_id=${encodeURIComponent(MARKUP)}&event=text&direction=out&phone=89123456789&text=${encodeURIComponent(MARKUP)}`,
  ];
  const texts = [];
  for (const body of bodies) {
    for (const locale of ['ru', 'en']) {
      const r = outcome(() => api.handleWebhook(body, null, { locale, employeeName: MARKUP }));
      if (r.error) continue;
      texts.push(...r.value.notifications.filter((n) => n.kind === 'telephony').map((n) => n.text));
      const event = r.value.event;
      texts.push(...api.buildNotifications({ ...event, statusRaw: MARKUP }, { locale, employeeName: MARKUP }).map((n) => n.text));
    }
  }
  assert.ok(texts.length >= 10 && texts.some((t) => t.includes('&lt;img')), 'the markup reached the texts, escaped');
  for (const t of texts) {
    assert.ok(!/[<>"']/.test(t), `raw markup in ${t}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|#39|#x27);)/.test(t), `a bare & in ${t}`);
  }
});

test('CRM request bodies are serialised: hostile text stays text, URLs are https', () => {
  const crm = {
    amocrm: { enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: 'tok', responsibleUserId: 3, entity: { type: 'leads', id: 5 } },
    bitrix24: { enabled: true, webhookUrl: 'https://acme.bitrix24.ru/rest/7/hooktoken/', showCard: true },
  };
  const INJECT = `"},"params":{"evil":1},"x":{"\\u0000\n\\"</script>${MARKUP}`;
  const shapes = (text) => {
    const event = api.parseWebhook(hook({ event: 'text', text }));
    const notes = api.buildNotifications(event, { employeeName: text.slice(0, 100) });
    return api.crmRequests(event, notes, crm, { bitrixCallId: 'externalCall.1', bitrixEntity: { type: 'contact', id: 4 } });
  };
  const plain = shapes('hello');
  const hostile = shapes(INJECT);
  assert.equal(hostile.length, plain.length);
  hostile.forEach((request, i) => {
    assert.match(request.url, /^https:\/\//, request.url);
    if (request.body === undefined || request.body === '') return;
    const parsed = JSON.parse(request.body);
    const keys = (v, path = '') =>
      v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [`${path}/${k}`, ...keys(x, `${path}/${k}`)]) : [];
    assert.deepEqual(keys(parsed), keys(JSON.parse(plain[i].body)), `${request.kind}: the same shape as for plain text`);
    assert.ok(strings(parsed).some((s) => s.includes('params') && s.includes('evil')), `${request.kind}: the text is a value`);
  });
});

test('click-to-call: links are tel: with a canonical phone, requests https; the widget URL is http(s)', () => {
  const settings = {
    apiKey: 'sk_live_9fA3kQ2mZx7LpW4tR8',
    employees: [{ id: 1, callMode: 'sipout_api', extension: '101' }, { id: 2, callMode: 'app', extension: '102' }],
  };
  for (const phone of ['8 912 345-67-89', '+7 495 123 45 67 доб. 12', 'javascript:alert(1)', '"><script>', 'tel:+79123456789;ext=1']) {
    const r = outcome(() => api.phoneAction(settings, '2', phone));
    if (!r.error && r.value.kind === 'link') assert.match(r.value.href, /^tel:\+7\d{10}(;ext=\d{1,8})?$/);
    const s = outcome(() => api.phoneAction(settings, '1', phone));
    if (!s.error && s.value.kind === 'request') assert.match(s.value.request.url, /^https:\/\/[^\s"<>]+$/);
  }
  for (const url of ['javascript:alert(1)//?phone={phone}', 'data:text/html,{phone}', 'https://x.ru/"{phone}', '//x.ru/{phone}', 'https://u:p@x.ru/{phone}']) {
    const r = outcome(() => api.callbackWidgetRequest(url, '89123456789'));
    if (!r.error) assert.match(r.value.url, /^https?:\/\/[!-~]+$/, `${url} gave ${r.value.url}`);
  }
  for (const phone of ['"><script>', 'javascript:alert(1)', '89123456789&x=<y>']) {
    const r = outcome(() => api.callbackWidgetRequest('https://sipout.net/w?phone={phone}', phone));
    assert.ok(r.error, `${phone} is not a phone`);
  }
});
