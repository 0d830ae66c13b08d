// Small DOM helpers shared by the sections. Text always goes in as text, never as HTML.

/** An element: `h('p', { class: 'x' }, 'text', child)`. Attributes set to null are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** A card: a title, the API calls it shows, and its body. */
export function card({ id, title, api, lead }, ...body) {
  return h(
    'article',
    { class: 'card', id },
    h('header', { class: 'card__head' }, h('h3', { class: 'card__title' }, title), api && h('code', { class: 'card__api' }, api)),
    lead && h('p', { class: 'card__lead' }, lead),
    ...body,
  );
}

/** What a SipoutError says, as a badge and the message; anything else rethrown. */
export function errorView(e) {
  if (e?.name !== 'SipoutError') throw e;
  return h(
    'div',
    { class: 'error' },
    h('span', { class: 'badge badge--error' }, e.reason ? `${e.code} · ${e.reason}` : e.code),
    h('span', { class: 'error__message' }, e.message),
  );
}

/** Calls `fn` at most once per animation frame. */
export function perFrame(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}
