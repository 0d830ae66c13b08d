// The callback widget: from the widget's API URL and a phone, the request that asks for a call.
import { card, errorView, h } from '../ui.js';

const URL_EXAMPLE = 'https://callback.sipout.net/api/widget/1f2e3d?phone=<номер телефона>';

export function mount(root, api) {
  const url = h('input', { id: 'widget-url', type: 'url', class: 'wide', spellcheck: 'false', value: URL_EXAMPLE });
  const phone = h('input', { id: 'widget-phone', class: 'wide', value: '8 (912) 345-67-89' });
  const out = h('div', { class: 'pane pane--out', id: 'widget-out', 'aria-live': 'polite' });
  const run = () => {
    try {
      const r = api.callbackWidgetRequest(url.value, phone.value);
      out.replaceChildren(h('p', { class: 'summary' }, 'The request the bot sends:'), h('pre', { class: 'request', id: 'widget-request' }, `${r.method} ${r.url}`));
    } catch (e) {
      out.replaceChildren(h('div', { id: 'widget-error' }, errorView(e)));
    }
  };
  url.addEventListener('input', run);
  phone.addEventListener('input', run);
  run();
  root.append(
    h('div', { class: 'section__intro' }, h('h2', {}, 'Callback widget'), h('p', {}, 'The “callback” block calls the widget\'s API URL with the client\'s phone in place of ', h('code', {}, '<номер телефона>'), '.')),
    card(
      { id: 'widget', title: 'Build the callback request', api: 'callbackWidgetRequest()', lead: 'The URL must be http(s) and hold the placeholder exactly once; the phone is normalised first.' },
      h('div', { class: 'card__body' }, h('div', { class: 'pane' }, h('label', { for: 'widget-url' }, 'API URL from SipOut'), url, h('label', { for: 'widget-phone' }, 'Client\'s phone'), phone), out),
    ),
  );
}
