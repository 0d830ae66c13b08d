// Phones: normalise what people type, or see why it is not a phone; find phones in text.
import { card, errorView, h, perFrame } from '../ui.js';

const START = ['+7 912 345-67-89', '8 (495) 123-45-67, доб. 45', '912-abc-4567', '+380 44 123 45 67'];

const SAMPLES = [
  'tel:+79123456789',
  'sip:79123456789@pbx.example.ru',
  '8 (4012) 12-34-56',
  '+7 912 345-67-89 ext. 7',
  '8-800-555-35-35',
  '+7 912 345 67 8',
  '19123456789',
];

const TEXT =
  'Иван Петров, моб. 8 912 345-67-89, раб. +7 (495) 123-45-67 доб. 12.\n' +
  'Заказ №4521 от 15.01.2024 10:30, сумма 12 500 ₽.\n' +
  'Перезвонить на 89123456789 после обеда или на 8-800-555-35-35.';

/** One table row: the input and what the module made of it. */
function row(api, input) {
  const cells = [h('td', { class: 'cell-input' }, h('code', {}, input))];
  try {
    const { phone, extension } = api.parsePhone(input);
    cells.push(
      h('td', {}, h('code', { class: 'phone' }, phone)),
      h('td', {}, api.formatPhone(input)),
      h('td', { class: 'cell-ext' }, extension ?? '—'),
    );
    return h('tr', { class: 'ok' }, cells);
  } catch (e) {
    cells.push(h('td', { colspan: 3 }, errorView(e)));
    return h('tr', { class: 'bad' }, cells);
  }
}

function normaliser(api) {
  const input = h('textarea', { id: 'phones-input', rows: 8, spellcheck: 'false', autocomplete: 'off' });
  input.value = START.join('\n');
  const summary = h('p', { class: 'summary', id: 'phones-summary', 'aria-live': 'polite' });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'results', id: 'phones-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Input'), h('th', {}, 'Canonical'), h('th', {}, 'For people'), h('th', {}, 'Ext.'))),
    body,
  );
  const empty = h('p', { class: 'empty' }, 'Type a phone on each line to see what Salebot would store.');

  const update = () => {
    const lines = input.value.split('\n').filter((l) => l.trim() !== '');
    const rows = lines.map((l) => row(api, l));
    body.replaceChildren(...rows);
    const phones = rows.filter((r) => r.classList.contains('ok')).length;
    summary.replaceChildren(
      h('strong', {}, String(phones)),
      ` of ${lines.length} ${lines.length === 1 ? 'line is a phone' : 'lines are phones'}`,
    );
    table.hidden = lines.length === 0;
    empty.hidden = lines.length !== 0;
  };
  input.addEventListener('input', perFrame(update));

  const add = (sample) => {
    input.value = `${input.value.replace(/\n*$/, '')}${input.value.trim() ? '\n' : ''}${sample}`;
    update();
  };
  const chips = h(
    'div',
    { class: 'chips' },
    h('span', { class: 'chips__label' }, 'Add:'),
    SAMPLES.map((s) => h('button', { type: 'button', class: 'chip', title: `Add ${s}`, onclick: () => add(s) }, s)),
  );
  const clear = h('button', { type: 'button', class: 'btn btn--quiet', id: 'phones-clear', onclick: () => { input.value = ''; update(); input.focus(); } }, 'Clear');
  update();

  return card(
    {
      id: 'normalise',
      title: 'Normalise phone numbers',
      api: 'parsePhone() · formatPhone()',
      lead: 'Salebot stores and compares phones as 11 digits starting with 7. Type numbers the way clients and managers write them, one per line.',
    },
    h(
      'div',
      { class: 'card__body' },
      h('div', { class: 'pane' }, h('label', { for: 'phones-input' }, 'Phones, one per line'), input, chips, h('div', { class: 'actions' }, clear)),
      h('div', { class: 'pane pane--out' }, summary, table, empty),
    ),
  );
}

function finder(api) {
  const input = h('textarea', { id: 'find-input', rows: 7, spellcheck: 'false' });
  input.value = TEXT;
  const list = h('ol', { class: 'found', id: 'find-results' });
  const summary = h('p', { class: 'summary', id: 'find-summary', 'aria-live': 'polite' });
  const problem = h('div', { class: 'find-error' });

  const run = () => {
    problem.replaceChildren();
    let phones = [];
    try {
      phones = api.findPhones(input.value);
    } catch (e) {
      problem.replaceChildren(errorView(e));
    }
    list.replaceChildren(
      ...phones.map((p) => h('li', {}, h('code', { class: 'phone' }, p), h('span', { class: 'found__human' }, api.formatPhone(p)))),
    );
    summary.replaceChildren(
      h('strong', {}, String(phones.length)),
      phones.length === 1 ? ' phone found' : ' phones found',
      phones.length > 0 ? ', each once, in order of appearance' : '',
    );
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
  });
  run();

  return card(
    {
      id: 'find',
      title: 'Find phones in text',
      api: 'findPhones()',
      lead: 'A client variable may hold several numbers among other words. Dates, sums and order numbers are not phones.',
    },
    h(
      'div',
      { class: 'card__body' },
      h(
        'div',
        { class: 'pane' },
        h('label', { for: 'find-input' }, 'Free text'),
        input,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn--primary', id: 'find-run', onclick: run }, 'Find phones'),
          h('button', { type: 'button', class: 'btn btn--quiet', id: 'find-example', onclick: () => { input.value = TEXT; run(); } }, 'Example text'),
          h('span', { class: 'hint' }, 'Ctrl + Enter'),
        ),
      ),
      h('div', { class: 'pane pane--out' }, summary, problem, list),
    ),
  );
}

export function mount(root, api) {
  root.append(
    h(
      'div',
      { class: 'section__intro' },
      h('h2', {}, 'Phones'),
      h('p', {}, 'Every phone the module returns is canonical: ', h('code', {}, '79123456789'), '. Anything that is not a phone gets a stable error code, a reason and a message that quotes it.'),
    ),
    normaliser(api),
    finder(api),
  );
}
