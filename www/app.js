// The playground's shell: loads the module, then mounts each section under its tab.
//
// A section is a module in sections/ exporting `mount(root, api)`, which fills `root` (an
// empty <section>) using the package's API. To add one (webhooks, calling modes, the
// callback widget), write sections/<id>.js and add a line to SECTIONS.
import * as calling from './sections/calling.js';
import * as phones from './sections/phones.js';
import * as webhook from './sections/webhook.js';
import * as widget from './sections/widget.js';

const SECTIONS = [
  { id: 'phones', title: 'Phones', section: phones },
  { id: 'webhook', title: 'Webhooks', section: webhook },
  { id: 'calling', title: 'Calling', section: calling },
  { id: 'widget', title: 'Callback widget', section: widget },
];

const $ = (id) => document.getElementById(id);

function fail(error) {
  const box = $('loading');
  box.className = 'banner banner--error';
  box.textContent = `The module did not load: ${error?.message ?? error}`;
  document.body.dataset.ready = 'error';
}

function select(id) {
  const known = SECTIONS.some((s) => s.id === id) ? id : SECTIONS[0].id;
  for (const { id: sid } of SECTIONS) {
    const active = sid === known;
    $(`tab-${sid}`).setAttribute('aria-selected', String(active));
    $(`section-${sid}`).hidden = !active;
  }
}

async function start() {
  let api;
  try {
    api = await import('@salebot/sipout');
  } catch (e) {
    return fail(e);
  }
  fetch(new URL('./pkg/package.json', import.meta.url))
    .then((r) => (r.ok ? r.json() : null))
    .then((m) => m && ($('version').textContent = `v${m.version}`))
    .catch(() => {});

  const tabs = $('tabs');
  const main = $('sections');
  $('loading').remove();
  tabs.setAttribute('role', 'tablist');
  for (const { id, title, section } of SECTIONS) {
    const tab = document.createElement('a');
    tab.id = `tab-${id}`;
    tab.href = `#${id}`;
    tab.className = 'tabs__tab';
    tab.setAttribute('role', 'tab');
    tab.textContent = title;
    tabs.append(tab);
    const root = document.createElement('section');
    root.id = `section-${id}`;
    root.className = 'section';
    root.setAttribute('role', 'tabpanel');
    root.setAttribute('aria-labelledby', tab.id);
    main.append(root);
    section.mount(root, api);
  }
  addEventListener('hashchange', () => select(location.hash.slice(1)));
  select(location.hash.slice(1));
  document.body.dataset.ready = 'true';
}

start().catch(fail);
