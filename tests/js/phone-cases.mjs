// The phone API as JS sees it, written once and run both in Node and in Chromium.
// Each case throws on failure; `golden` is the text of tests/fixtures/phones.tsv.

function eq(got, want, what) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new Error(`${what}: got ${g}, want ${w}`);
}

let SipoutErrorClass = null;

function throws(fn, code, reason, what) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!caught) throw new Error(`${what}: did not throw`);
  if (!(caught instanceof Error)) throw new Error(`${what}: threw a non-Error ${caught}`);
  if (!(caught instanceof SipoutErrorClass)) throw new Error(`${what}: not a SipoutError`);
  eq(caught.name, 'SipoutError', `${what}: name`);
  eq(Object.prototype.toString.call(caught), '[object Error]', `${what}: a real Error`);
  eq(caught.stack, `SipoutError: ${caught.message}`, `${what}: stack`);
  eq(caught.code, code, `${what}: code`);
  if (reason) eq(caught.reason, reason, `${what}: reason`);
  return caught;
}

export function phoneCases(api, golden) {
  SipoutErrorClass = api.SipoutError;
  const rows = golden
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const i = l.lastIndexOf('\t');
      return [l.slice(0, i), l.slice(i + 1)];
    });
  return [
    ['golden table: normalizePhone', () => {
      if (rows.length < 50) throw new Error(`only ${rows.length} rows`);
      for (const [input, want] of rows) {
        if (want) eq(api.normalizePhone(input), want, JSON.stringify(input));
        else throws(() => api.normalizePhone(input), 'invalid_phone', null, JSON.stringify(input));
      }
    }],
    ['golden table: normalizePhones agrees with normalizePhone', () => {
      const got = api.normalizePhones(rows.map(([input]) => input));
      eq(got, rows.map(([, want]) => want || null), 'batch');
    }],
    ['error messages name the input and the reason', () => {
      const e = throws(() => api.normalizePhone('912-abc-4567'), 'invalid_phone', 'invalid_character', 'letters');
      eq(e.message, 'phone "912-abc-4567": unexpected character \'a\' at position 5', 'message');
      throws(() => api.normalizePhone('+380 44 123 45 67'), 'invalid_phone', 'unsupported_country', '+380');
      throws(() => api.normalizePhone(''), 'invalid_phone', 'empty', 'empty');
      throws(() => api.normalizePhone('19123456789'), 'invalid_phone', 'invalid_trunk_prefix', '1…');
      throws(() => api.normalizePhone('1'.repeat(1000)), 'invalid_phone', 'too_long', 'huge');
    }],
    ['an error leaves the stack trace limit as it was, and takes a stack a host sets', () => {
      const limit = Error.stackTraceLimit;
      const e = throws(() => api.normalizePhone('n/a'), 'invalid_phone', null, 'n/a');
      eq(Error.stackTraceLimit, limit, 'limit');
      eq(Object.keys(e).sort(), ['code', 'reason'], 'own enumerable properties');
      e.stack = 'logged';
      eq(e.stack, 'logged', 'stack set');
      eq(throws(() => api.normalizePhone('n/a'), 'invalid_phone', null, 'n/a').stack, 'SipoutError: phone "n/a": unexpected character \'n\' at position 1', 'next error');
    }],
    ['parsePhone splits the extension off', () => {
      eq(api.parsePhone('8 (495) 123-45-67, доб. 45'), { phone: '74951234567', extension: '45' }, 'доб');
      eq(api.parsePhone('+7 495 123 45 67 ext. 7'), { phone: '74951234567', extension: '7' }, 'ext');
      const plain = api.parsePhone('+7 912 345-67-89');
      eq(plain, { phone: '79123456789' }, 'no extension');
      eq('extension' in plain, false, 'no extension key');
      throws(() => api.parsePhone('+7 912 345-67-89 доб.'), 'invalid_phone', 'invalid_extension', 'empty ext');
    }],
    ['findPhones reads free text', () => {
      eq(api.findPhones('Иван, 8 912 345-67-89 или +7 495 123 45 67'), ['79123456789', '74951234567'], 'two');
      eq(api.findPhones('89123456789, снова 8 (912) 345-67-89'), ['79123456789'], 'dedup');
      eq(api.findPhones('заказ от 15.01.2024 10:30'), [], 'a date');
      eq(api.findPhones(''), [], 'empty');
    }],
    ['formatPhone writes for people', () => {
      eq(api.formatPhone('89123456789'), '+7 912 345-67-89', 'mobile');
      eq(api.formatPhone('tel:+78005553535'), '+7 800 555-35-35', '800');
      eq(api.formatPhone('+7 495 123 45 67 доб. 12'), '+7 495 123-45-67 доб. 12', 'ext');
      throws(() => api.formatPhone('n/a'), 'invalid_phone', 'invalid_character', 'n/a');
    }],
    ['wrong argument types throw invalid_argument', () => {
      for (const bad of [null, undefined, 79123456789, {}, ['89123456789']]) {
        throws(() => api.normalizePhone(bad), 'invalid_argument', null, `normalizePhone(${JSON.stringify(bad)})`);
        throws(() => api.parsePhone(bad), 'invalid_argument', null, `parsePhone(${JSON.stringify(bad)})`);
        throws(() => api.formatPhone(bad), 'invalid_argument', null, `formatPhone(${JSON.stringify(bad)})`);
        throws(() => api.findPhones(bad), 'invalid_argument', null, `findPhones(${JSON.stringify(bad)})`);
      }
      throws(() => api.normalizePhones('89123456789'), 'invalid_argument', null, 'a string for the batch');
      const e = throws(() => api.normalizePhones(['89123456789', 7]), 'invalid_argument', null, 'a number in the batch');
      eq(e.message, 'inputs[1]: expected a string, got number', 'message');
    }],
    ['batches keep their order across chunks and odd inputs', () => {
      const many = [];
      for (let i = 0; i < 2500; i++) many.push(i % 7 === 0 ? 'n/a' : `+7 912 ${String(1000000 + i).slice(1)}`);
      many.push('8 912\u0000345 67 89', 'x'.repeat(300), '８ ９１２ ３４５ ６７ ８９', '');
      const got = api.normalizePhones(many);
      eq(got.length, many.length, 'length');
      for (let i = 0; i < many.length; i++) {
        let want = null;
        try {
          want = api.normalizePhone(many[i]);
        } catch {
          want = null;
        }
        if (got[i] !== want) throw new Error(`input ${i} ${JSON.stringify(many[i])}: got ${got[i]}, want ${want}`);
      }
    }],
    ['the module keeps working after errors', () => {
      for (let i = 0; i < 100; i++) throws(() => api.normalizePhone('x'), 'invalid_phone', null, 'x');
      eq(api.normalizePhone('89123456789'), '79123456789', 'after');
    }],
  ];
}
