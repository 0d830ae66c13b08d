// Calling: pick an employee's calling mode and see what the phone icons in a client card do.
import { card, errorView, h } from '../ui.js';

const KEY = 'sk_demo_7Hq2Lm9Xv4Rt8Wz1';
const VARIABLES = { phone: '8 912 345-67-89', 'рабочий': '+7 (495) 123-45-67', 'заметка': 'перезвонить на 8-800-555-35-35 после обеда', city: 'Москва' };
const MODES = [
  ['app', 'App: the phone opens the SipOut app (tel: link)'],
  ['sipout_api', 'SipOut API: the PBX rings the employee, then the client'],
  ['disabled', 'Disabled: no phone icons'],
];

export function mount(root, api) {
  const mode = h('fieldset', { class: 'modes', id: 'calling-mode' }, h('legend', {}, 'Employee\'s calling mode'), MODES.map(([value, text], i) => h('label', { class: 'mode' }, h('input', { type: 'radio', name: 'calling-mode', value, checked: i === 0 }), ' ', text)));
  const extension = h('input', { id: 'calling-ext', value: '101', size: 6, inputmode: 'numeric' });
  const vars = h('textarea', { id: 'calling-vars', rows: 6, spellcheck: 'false' });
  vars.value = Object.entries(VARIABLES).map(([k, v]) => `${k}: ${v}`).join('\n');
  const out = h('div', { class: 'pane pane--out', id: 'calling-out', 'aria-live': 'polite' });

  const run = () => {
    const callMode = mode.querySelector('input:checked').value;
    const settings = { apiKey: KEY, employees: [{ id: 'e1', name: 'Анна Смирнова', callMode, extension: extension.value.trim() || null }] };
    const variables = Object.fromEntries(vars.value.split('\n').map((l) => l.split(/:(.*)/s)).filter(([k, v]) => k.trim() && v !== undefined).map(([k, v]) => [k.trim(), v.trim()]));
    try {
      const actions = api.cardPhoneActions(settings, 'e1', variables);
      const rows = Object.entries(variables).map(([name, value]) => {
        const mine = actions.filter((a) => a.variable === name);
        return h('tr', {}, h('td', {}, h('code', {}, name)), h('td', {}, value), h('td', {}, mine.length === 0 ? h('span', { class: 'muted' }, '—') : mine.map((a) => icon(api, a))));
      });
      out.replaceChildren(
        h('p', { class: 'summary', id: 'calling-summary' }, h('strong', {}, String(actions.length)), actions.length === 1 ? ' phone icon' : ' phone icons', ` for mode ${callMode}`),
        h('table', { class: 'results', id: 'calling-card' }, h('thead', {}, h('tr', {}, h('th', {}, 'Variable'), h('th', {}, 'Value'), h('th', {}, 'Phone icon does'))), h('tbody', {}, rows)),
      );
    } catch (e) {
      out.replaceChildren(h('div', { id: 'calling-error' }, errorView(e)));
    }
  };
  mode.addEventListener('change', run);
  extension.addEventListener('input', run);
  vars.addEventListener('input', run);
  run();

  root.append(
    h('div', { class: 'section__intro' }, h('h2', {}, 'Calling'), h('p', {}, 'Each employee has a calling mode. The client card shows a phone icon beside every phone found in the client\'s variables; what it does depends on the mode.')),
    card(
      { id: 'calling', title: 'Phone icons in a client card', api: 'cardPhoneActions()', lead: `The SipOut API key in these settings is a made-up one; it is shown masked: ${api.maskApiKey(KEY)}.` },
      h('div', { class: 'card__body' }, h('div', { class: 'pane' }, mode, h('div', { class: 'row' }, h('label', { for: 'calling-ext' }, 'Extension'), extension), h('label', { for: 'calling-vars' }, 'Client variables, name: value'), vars), out),
    ),
  );
}

/** What one icon does: a tel: link, or the click-to-call request with the key masked. */
function icon(api, a) {
  const act = a.action;
  if (act.kind === 'link') return h('div', { class: 'act' }, h('span', { class: 'badge' }, 'link'), ' ', h('a', { href: act.href, class: 'act__href' }, act.href));
  if (act.kind === 'request') {
    const r = act.request;
    const auth = r.headers.Authorization.replace(/^Bearer (.*)$/, (_, k) => `Bearer ${api.maskApiKey(k)}`);
    return h('div', { class: 'act' }, h('span', { class: 'badge' }, 'request'), ' ', h('code', { class: 'act__req' }, `${r.method} ${r.url}`), h('div', { class: 'act__more' }, `Authorization: ${auth} · body ${r.body}`));
  }
  return h('span', { class: 'muted' }, 'hidden');
}
