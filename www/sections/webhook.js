// Webhooks: paste or pick a SipOut webhook; see the call event, the deal variables after it
// and the notifications as Salebot shows them in the client's chat.
import { card, errorView, h } from '../ui.js';

const CALL = 'sip-20241126-0001';
export const SAMPLES = [
  {
    id: 'dial',
    label: 'Call starts (dial)',
    contentType: 'application/json',
    body: JSON.stringify({ call_id: CALL, call_action: 'dial', call_direction: 'in', call_phone: '+7 (912) 345-67-89', call_did: '+7 495 123-45-67', call_extension: '101', call_time: '2024-11-26T15:00:00Z' }, null, 2),
  },
  {
    id: 'complete',
    label: 'Call ends (complete, form)',
    contentType: 'application/x-www-form-urlencoded',
    body: 'call_id=sip-20241126-0001&call_action=complete&call_direction=in&call_phone=89123456789&call_did=74951234567&call_extension=101&call_status=ANSWERED&call_total_duration_sec=83&call_talk_duration_sec=65&call_record_link=https%3A%2F%2Frec.sipout.net%2Fr%2Fsip-20241126-0001.mp3',
  },
  {
    id: 'missed',
    label: 'Missed outgoing call',
    contentType: 'application/json',
    body: JSON.stringify({ call_id: 'sip-20241126-0002', call_action: 'complete', call_direction: 'out', call_phone: '8 912 345 67 89', call_extension: '102', call_status: 'NO ANSWER', call_total_duration_sec: 30, call_talk_duration_sec: 0 }, null, 2),
  },
  {
    id: 'text',
    label: 'Transcription (text)',
    contentType: 'application/json',
    body: JSON.stringify({ call_id: CALL, call_action: 'text', call_direction: 'in', call_phone: '79123456789', call_text: [{ speaker: 'Оператор', text: 'Добрый день, компания «Ромашка».' }, { speaker: 'Клиент', text: 'Хочу уточнить статус заказа 4521.' }] }, null, 2),
  },
  {
    id: 'bad',
    label: 'Broken: javascript: link',
    contentType: 'application/json',
    body: JSON.stringify({ call_id: 'x', call_action: 'complete', call_direction: 'in', call_phone: '79123456789', call_status: 'ANSWERED', call_record_link: 'javascript:alert(1)' }, null, 2),
  },
];

const TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', '(none)'];

const dl = (pairs) => h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

/** A notification as the chat shows it: the Telephony text's lines, or the callback name. */
function bubble(n) {
  if (n.kind === 'callback') return h('li', { class: 'note note--callback' }, h('span', { class: 'note__tag' }, 'callback for the bot'), h('code', {}, n.text));
  // The module HTML-escaped the text for Salebot's UI; the page shows it as text, so the
  // entities are decoded with a <textarea>, never put into the page as HTML.
  const decode = h('textarea');
  decode.innerHTML = n.text;
  return h('li', { class: 'note' }, h('span', { class: 'note__tag' }, 'Telephony'), ...decode.value.split('\n').map((l) => h('p', {}, l)));
}

export function mount(root, api) {
  const body = h('textarea', { id: 'webhook-body', rows: 12, spellcheck: 'false', autocomplete: 'off' });
  const type = h('select', { id: 'webhook-type' }, TYPES.map((t) => h('option', { value: t }, t)));
  const previous = h('input', { type: 'checkbox', id: 'webhook-previous', checked: true });
  const english = h('input', { type: 'checkbox', id: 'webhook-en' });
  const out = h('div', { class: 'pane pane--out', id: 'webhook-out', 'aria-live': 'polite' });
  let deal = {};

  const run = () => {
    const contentType = type.value === '(none)' ? undefined : type.value;
    try {
      const r = api.handleWebhook(body.value, contentType, { previous: previous.checked ? deal : {}, locale: english.checked ? 'en' : undefined, employeeName: 'Анна Смирнова' });
      deal = r.variables;
      const e = r.event;
      out.replaceChildren(
        h('h4', {}, 'Event'),
        dl([
          ['action', h('span', { class: 'badge', id: 'webhook-action' }, e.action)],
          ['direction', e.direction === 'in' ? 'inbound' : 'outbound'],
          ['client', h('span', {}, h('code', { class: 'phone' }, e.phone), ' ', api.formatPhone(e.phone))],
          ...(e.status ? [['status', `${e.status}${e.statusRaw ? ` (${e.statusRaw})` : ''}`]] : []),
          ['dedup key', h('code', { id: 'webhook-dedup' }, e.dedupKey)],
        ]),
        h('h4', {}, 'Deal variables'),
        h('table', { class: 'results vars', id: 'webhook-vars' }, h('tbody', {}, Object.entries(r.variables).map(([k, v]) => h('tr', {}, h('td', {}, h('code', {}, k)), h('td', {}, v === '' ? h('span', { class: 'muted' }, '—') : v))))),
        h('h4', {}, 'Notifications'),
        h('ol', { class: 'notes', id: 'webhook-notes' }, r.notifications.map(bubble)),
      );
    } catch (e) {
      out.replaceChildren(h('h4', {}, 'Refused'), h('div', { id: 'webhook-error' }, errorView(e)));
    }
  };
  const pick = (s) => {
    body.value = s.body;
    type.value = s.contentType;
    run();
  };
  const chips = h('div', { class: 'chips' }, h('span', { class: 'chips__label' }, 'Samples:'), SAMPLES.map((s) => h('button', { type: 'button', class: 'chip', id: `webhook-sample-${s.id}`, onclick: () => pick(s) }, s.label)));
  body.addEventListener('keydown', (e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && run());
  body.value = SAMPLES[0].body;
  type.value = SAMPLES[0].contentType;
  run();

  root.append(
    h('div', { class: 'section__intro' }, h('h2', {}, 'Webhooks'), h('p', {}, 'What SipOut sends when a call starts, ends and is transcribed, read the way Salebot reads it. Samples follow one call: pick them in order to see the deal variables carried over.')),
    card(
      { id: 'webhook', title: 'Read a webhook', api: 'handleWebhook()', lead: 'Paste a body as JSON or a form. The deal variables start from the last webhook\'s unless you untick “carry over”.' },
      h(
        'div',
        { class: 'card__body' },
        h(
          'div',
          { class: 'pane' },
          h('label', { for: 'webhook-body' }, 'Body'),
          body,
          chips,
          h('div', { class: 'row' }, h('label', { for: 'webhook-type' }, 'Content-Type'), type),
          h('div', { class: 'row' }, h('label', {}, previous, ' carry the deal variables over'), h('label', {}, english, ' English texts')),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn--primary', id: 'webhook-run', onclick: run }, 'Read webhook'), h('span', { class: 'hint' }, 'Ctrl + Enter')),
        ),
        out,
      ),
    ),
  );
}
