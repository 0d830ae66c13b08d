// Hostile input through the package entry (run after scripts/build.sh): every exported
// function, found by enumerating the package's exports, is fed wrong types, null, huge
// strings over each documented limit, deep JSON, invalid UTF-8 bytes, lone surrogates and
// values whose own code throws, one argument position at a time with the others valid.
// Each call must return or throw a SipoutError with a string code (where the value's own
// code threw, with that exception as its cause), never a trap (RuntimeError) or any other
// error; and the module must keep answering right afterwards.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../pkg/node.js';
import { KEY, WIDGET } from './samples.mjs';

const MiB = 1 << 20;

// The documented limits (README, "Limits"), in bytes of UTF-8 unless said otherwise.
const LIMITS = {
  phone: 256, // an input of normalizePhone, parsePhone, formatPhone, an item of normalizePhones
  text: MiB, // the text of findPhones
  body: MiB, // a webhook body
  value: 4096, // a webhook value but the conversation
  batch: 1_000_000, // items of normalizePhones
  depth: 128, // JSON nesting
};

const COMPLETE = JSON.stringify({
  call_id: 'sip-1', event: 'complete', direction: 'in', caller: '8 (912) 345-67-89', extension: 101,
  disposition: 'ANSWERED', duration: '65', billsec: 58, recording_url: 'https://rec.example.ru/r.mp3',
  timestamp: 1732633200,
});
const EVENT = api.parseWebhook(COMPLETE, 'application/json');
const SETTINGS = {
  apiKey: KEY,
  employees: [
    { id: 1, name: 'Анна', callMode: 'sipout_api', extension: '101' },
    { id: '2', name: 'Борис', callMode: 'app', extension: '102' },
  ],
  messengers: ['WhatsApp'],
};
const CRM = {
  amocrm: { enabled: true, baseUrl: 'https://acme.amocrm.ru', accessToken: 'amo.secret.token.5f1e', responsibleUserId: 3 },
  bitrix24: { enabled: true, webhookUrl: 'https://acme.bitrix24.ru/rest/7/hooksecret4k9x2q/', showCard: true },
};
const CLIENTS = [
  { id: '1', channel: 'whatsapp', variables: { name: 'Иван', contact: 'Иван 8 912 345-67-89' } },
  { id: 'abc', channel: 'telephony', phone: '+7 (495) 123-45-67', variables: {} },
];
const seededIndex = () => {
  const index = new api.ClientIndex();
  index.addClients(CLIENTS);
  return index;
};
const INDEX = seededIndex();
const BITRIX_ANSWER = { result: { CALL_ID: 'externalCall.9f.1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '41' } };

// Each export the tests call, with a valid argument for each position and what the
// position takes: 'string', 'bytes' (a string or a Uint8Array), 'object', 'array'. An export
// missing here is still fed, at as many positions as its declared parameters (at least 3),
// with undefined in the others.
const POSITIONS = {
  normalizePhone: [['string', '8 912 345-67-89']],
  parsePhone: [['string', '8 912 345-67-89 доб. 12']],
  formatPhone: [['string', '89123456789']],
  normalizePhones: [['array', ['89123456789', 'x']]],
  findPhones: [['string', 'звоните 8 912 345 67 89']],
  parseWebhook: [['bytes', COMPLETE], ['string', 'application/json']],
  handleWebhook: [['bytes', COMPLETE], ['string', 'application/json'], ['object', { locale: 'en', employeeName: 'Ann', previous: {} }]],
  dealVariables: [['object', EVENT], ['object', { call_id: 'sip-0' }]],
  buildNotifications: [['object', EVENT], ['object', { locale: 'ru', employeeName: 'Анна' }]],
  validateSettings: [['object', SETTINGS], ['object', { revealApiKey: true }]],
  sipoutEmployees: [['object', SETTINGS]],
  applyExtensions: [['object', SETTINGS], ['array', [{ id: '1', extension: '105' }]], ['object', {}]],
  maskApiKey: [['string', KEY]],
  phoneAction: [['object', SETTINGS], ['string', '2'], ['string', '8 912 345-67-89']],
  cardPhoneActions: [['object', SETTINGS], ['string', '2'], ['object', { phone: '89123456789' }]],
  callbackWidgetRequest: [['string', WIDGET], ['string', '89123456789']],
  crmRequests: [['object', EVENT], ['array', api.buildNotifications(EVENT)], ['object', CRM], ['object', undefined]],
  bitrixRegisterState: [['object', BITRIX_ANSWER]],
  matchClient: [['string', '89123456789'], ['object', INDEX], ['object', { messengers: ['whatsapp'] }]],
  blockActions: [],
  blockCallbacks: [['string', 'en']],
  runBlockAction: [['string', 'phone.normalize'], ['object', { input: '8 912 345-67-89' }]],
};

// The classes: the constructor's positions, and each method's (on a fresh object).
const CLASSES = {
  ClientIndex: {
    make: seededIndex,
    constructor: [],
    methods: {
      addClients: [['array', [{ id: '9', channel: 'vk', variables: { p: '89120000000' } }]]],
      upsertClient: [['object', { id: '9', channel: 'vk', variables: {} }]],
      removeClient: [['string', '1']],
      lookup: [['string', '8 912 345-67-89']],
    },
    // What a normal call on the object answers, before and after each hostile call.
    sane: (index) => JSON.stringify([index.lookup('89123456789'), index.lookup('74951234567')]),
  },
  ClientMatcher: {
    make: () => new api.ClientMatcher('89123456789', { messengers: [] }),
    constructor: [['string', '89123456789'], ['object', { messengers: ['whatsapp'] }]],
    methods: {
      answer: [['array', []], ['any', false]],
      next: [],
    },
    sane: null, // a matcher's answers move on with each call
  },
};

// Exports not fed, and why.
const NOT_FED = {
  default: 'the loader: it fetches and instantiates the module',
  initSync: 'the loader: it instantiates the module from bytes',
  SipoutError: 'the error class: constructed by the module with its own strings',
};
// Methods of the classes not fed: `free` ends the object (the freed-object test calls it).

// What every normal call gives, taken before any hostile call, compared after each one.
const SANE = [
  ['normalizePhone', () => api.normalizePhone('+7 (912) 345-67-89')],
  ['normalizePhones', () => api.normalizePhones(['89123456789', 'no', '9123456789'])],
  ['findPhones', () => api.findPhones('a 8 912 345 67 89 b +7 495 123-45-67')],
  ['parsePhone', () => api.parsePhone('89123456789 доб. 5')],
  ['handleWebhook', () => api.handleWebhook(COMPLETE, 'application/json', { employeeName: 'A' })],
  ['parseWebhook (bytes)', () => api.parseWebhook(new TextEncoder().encode(COMPLETE))],
  ['buildNotifications', () => api.buildNotifications(EVENT, { locale: 'en' })],
  ['validateSettings', () => api.validateSettings(SETTINGS)],
  ['phoneAction', () => api.phoneAction(SETTINGS, '2', '8 912 345-67-89')],
  ['callbackWidgetRequest', () => api.callbackWidgetRequest(WIDGET, '89123456789')],
  ['crmRequests', () => api.crmRequests(EVENT, api.buildNotifications(EVENT), CRM)],
  ['matchClient', () => api.matchClient('74951234567', INDEX, { messengers: [] })],
  ['a new ClientIndex', () => seededIndex().lookup('89123456789')],
  ['runBlockAction', () => api.runBlockAction('phone.normalize', { input: '8 912 345-67-89' })],
];
const saneAnswers = SANE.map(([, f]) => JSON.stringify(f()));

function stillSane(context) {
  SANE.forEach(([name, f], i) => {
    let got;
    try {
      got = JSON.stringify(f());
    } catch (e) {
      assert.fail(`after ${context}: ${name} threw ${e?.name}: ${e?.message}`);
    }
    assert.equal(got, saneAnswers[i], `after ${context}: ${name} answers as before`);
  });
}

// Values whose own code throws, and the error they throw.
const OWN = new Error('thrown by the value itself');
const throwing = () => {
  throw OWN;
};

function deepArray(levels) {
  let v = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}
function deepObject(levels) {
  let v = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
const cyclic = { a: 1 };
cyclic.self = cyclic;
const throwingGetter = Object.defineProperty({}, 'previous', { get: throwing, enumerable: true });
const throwingProxy = new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing });
const throwingArrayProxy = new Proxy([], { get: throwing, has: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing });
const arrayWithGetter = Object.defineProperty(['89123456789'], 1, { get: throwing, enumerable: true });
const stringLike = { toString: () => '89123456789', valueOf: () => 89123456789 };
const throwingToJson = { toJSON: throwing };

const MEMO = new Map();
function big(name, make) {
  if (!MEMO.has(name)) MEMO.set(name, make());
  return MEMO.get(name);
}
const over = (limit, unit = '9') => unit.repeat(Math.ceil((limit + 1) / unit.length));

// Values for any position.
function anyValues() {
  return [
    ['undefined', undefined], ['null', null], ['true', true], ['0', 0], ['-1', -1], ['NaN', NaN],
    ['Infinity', Infinity], ['1e308', 1e308], ['2^53', 2 ** 53], ['-0', -0], ['a number like a phone', 89123456789],
    ['a BigInt', 10n ** 30n], ['a symbol', Symbol('x')], ['a function', () => '89123456789'], ['a class', class {}],
    ['{}', {}], ['[]', []], ['[[]]', [[]]], ['a String object', new String('89123456789')], ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])], ['a RegExp', /x/], ['an Error', new Error('x')], ['a Promise', Promise.resolve(1)],
    ['an ArrayBuffer', new ArrayBuffer(8)], ['an Int8Array', new Int8Array([-1, 0x7b])], ['a Uint16Array', new Uint16Array([0x7b, 0xd800])],
    ['a DataView', new DataView(new ArrayBuffer(4))], ['a Buffer', Buffer.from('{"a":1}')],
    ['an object like a string', stringLike], ['a cyclic object', cyclic], ['an object with toJSON that throws', throwingToJson],
    ['an object with a throwing getter', throwingGetter], ['a Proxy that throws', throwingProxy],
    ['an array Proxy that throws', throwingArrayProxy], ['an array with a throwing getter', arrayWithGetter],
    ['an object with a null prototype', Object.create(null)],
    ['""', ''], ['" "', ' \t\n'], ['a NUL', '\0'], ['a lone high surrogate', '\uD800'], ['a lone low surrogate', '\uDC00'],
    ['surrogates reversed', '\uDC00\uD800'], ['a phone then a lone surrogate', '89123456789\uD83D'],
    ['a lone surrogate in a phone', '8912\uDFFF3456789'], ['U+FFFF and U+FFFE', '\uFFFF\uFFFE'],
    ['a BOM only', '\uFEFF'], ['control characters', '\x01\x02\x1b[31m\x7f'],
    ['javascript:', 'javascript:alert(1)'], ['markup', '<script>alert(1)</script>'],
    ['deep JSON array text', big('deepArrayText', () => '['.repeat(100_000) + ']'.repeat(100_000))],
    ['deep JSON object text', big('deepObjectText', () => '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000))],
    ['unclosed deep JSON', big('unclosed', () => '{"a":['.repeat(100_000))],
  ];
}

function stringValues() {
  return [
    [`a string over the phone limit (${LIMITS.phone + 1} bytes)`, over(LIMITS.phone)],
    ['a string over the phone limit in 2-byte characters', over(LIMITS.phone, 'ж')],
    ['a string over the phone limit in surrogate pairs', over(LIMITS.phone, '😀')],
    [`a string over the value limit (${LIMITS.value + 1} bytes)`, over(LIMITS.value)],
    [`a string over the text limit (${LIMITS.text + 1} bytes)`, big('overText', () => over(LIMITS.text, '8 912 345 67 89 '))],
    ['8 MiB of digits', big('eightMiB', () => '9'.repeat(8 * MiB))],
    ['a million lone surrogates', big('surrogates', () => '\uD800'.repeat(MiB))],
  ];
}

function bytesValues() {
  const enc = new TextEncoder();
  return [
    ['invalid UTF-8 bytes', new Uint8Array([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80])],
    ['JSON with invalid UTF-8 inside', Uint8Array.from([...enc.encode('{"call_id":"'), 0xff, ...enc.encode('"}')])],
    ['a truncated UTF-8 sequence', Uint8Array.from([...enc.encode('call_id=1&phone=8912'), 0xe2, 0x82])],
    ['an empty Uint8Array', new Uint8Array(0)],
    ['a Uint8Array of NULs', new Uint8Array(64)],
    ['a Uint8Array view into a larger buffer', new Uint8Array(enc.encode('xx' + COMPLETE + 'yy').buffer, 2, COMPLETE.length)],
    [`bytes over the body limit (${LIMITS.body + 1})`, big('overBody', () => new Uint8Array(LIMITS.body + 1).fill(0x7b))],
    ['deep JSON as bytes', big('deepBytes', () => enc.encode('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)))],
    [`a body over the limit as a string`, big('overBodyText', () => 'call_id=1&text=' + 'x'.repeat(LIMITS.body))],
    [`a value over the limit (${LIMITS.value + 1} bytes)`, JSON.stringify({ ...JSON.parse(COMPLETE), call_id: over(LIMITS.value) })],
    ['a form value over the limit', 'call_id=' + over(LIMITS.value) + '&event=dial&direction=in&caller=89123456789'],
    [`JSON nested one level over the limit (${LIMITS.depth + 1})`, '{"a":'.repeat(LIMITS.depth + 1) + '1' + '}'.repeat(LIMITS.depth + 1)],
    ['a body with lone surrogates', COMPLETE.replace('sip-1', '\uD800\uDFFF\uDC00')],
  ];
}

function objectValues(valid) {
  const with_ = (patch) => ({ ...(valid ?? {}), ...patch });
  return [
    ['an object nested 100 000 levels', big('deepObject', () => deepObject(100_000))],
    ['an array nested 100 000 levels', big('deepArray', () => deepArray(100_000))],
    ['previous nested deeply', with_({ previous: big('deepObject', () => deepObject(100_000)) })],
    ['previous as a string', with_({ previous: 'call_id=1' })],
    ['previous with an object value', with_({ previous: { call_id: { a: 1 }, call_status: ['x'] } })],
    ['previous with a huge value', with_({ previous: { call_id: big('overText', () => over(LIMITS.text)) } })],
    ['previous with lone surrogates', with_({ previous: { call_id: '\uD800', call_action: 'dial\uDC00' } })],
    ['locale not a locale', with_({ locale: 'de' })],
    ['locale a number', with_({ locale: 7 })],
    ['employeeName a huge string', with_({ employeeName: big('overText', () => over(LIMITS.text)) })],
    ['employeeName with markup and surrogates', with_({ employeeName: '<b>\uD800</b>' })],
    ['employeeName an object', with_({ employeeName: { toString: () => 'x' } })],
    ['the event with a javascript: link', with_({ recordLink: 'javascript:alert(1)' })],
    ['the event with fields of the wrong types', with_({ callId: 5, action: ['dial'], phone: {} })],
    ['the event with a huge text', with_({ text: big('overText', () => over(LIMITS.text)) })],
    ['an object with 100 000 keys', big('wide', () => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])))],
  ];
}

function arrayValues() {
  return [
    ['an array of non-strings', [1, null, undefined, {}, [], Symbol('s')]],
    ['a sparse array', [, '89123456789', , ]], // eslint-disable-line no-sparse-arrays
    [`an array over the batch limit (${LIMITS.batch + 1})`, big('overBatch', () => new Array(LIMITS.batch + 1).fill('8'))],
    ['an array whose length is over the limit, with holes', big('holes', () => new Array(LIMITS.batch + 1))],
    ['an array of strings over the phone limit', [over(LIMITS.phone), '89123456789', over(LIMITS.phone, '😀')]],
    ['an array of lone surrogates', ['\uD800', '\uDC00', '8912345678\uD800']],
    ['an array with a 1 MiB string', [big('overText', () => over(LIMITS.text))]],
    ['an array of arrays', [['89123456789']]],
  ];
}

function valuesFor(kind, valid) {
  const values = anyValues();
  if (kind === 'string' || kind === 'bytes') values.push(...stringValues());
  if (kind === 'bytes') values.push(...bytesValues());
  if (kind === 'object') values.push(...objectValues(valid));
  if (kind === 'array') values.push(...arrayValues());
  return values;
}

const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));
const exportedFunctions = Object.entries(api).filter(([, v]) => typeof v === 'function' && !isClass(v));
const exportedClasses = Object.entries(api).filter(([name, v]) => typeof v === 'function' && isClass(v) && !(name in NOT_FED));

test('every export is fed, or said why not', () => {
  const names = Object.keys(api);
  assert.ok(names.length >= Object.keys(POSITIONS).length);
  for (const name of Object.keys(POSITIONS)) assert.ok(names.includes(name), `${name} is exported`);
  for (const name of Object.keys(NOT_FED)) assert.ok(name === 'default' || names.includes(name), `${name} is exported`);
});

const findings = [];

// Feeds `call(args)` hostile values at each position of `table`, the others valid.
function feed(name, table, call, sane) {
  table.forEach(([kind], position) => {
    test(`${name}: hostile values at argument ${position} (${kind})`, () => {
      const bad = [];
      for (const [label, value] of valuesFor(kind, table[position][1])) {
        const args = table.map(([, valid]) => valid);
        args[position] = value;
        let error = null;
        try {
          call(args);
        } catch (e) {
          error = e;
        }
        const context = `${name}(argument ${position}: ${label})`;
        if (error !== null) {
          if (!(error instanceof api.SipoutError) || typeof error.code !== 'string' || error.code === '') {
            bad.push(`${context} threw ${error?.constructor?.name}: ${String(error?.message).slice(0, 200)}`);
          }
        }
        stillSane(context);
        if (sane) sane(context);
      }
      findings.push(...bad);
      assert.deepEqual(bad, [], 'every call returns or throws a coded SipoutError');
    });
  });
}

const defaultTable = (length) => Array.from({ length: Math.max(length, 3) }, () => ['any', undefined]);

for (const [name, fn] of exportedFunctions) {
  if (name in NOT_FED) continue;
  feed(name, POSITIONS[name] ?? defaultTable(fn.length), (args) => fn(...args));
}

for (const [name, Class] of exportedClasses) {
  const spec = CLASSES[name] ?? { make: () => new Class(), constructor: defaultTable(Class.length), methods: {}, sane: null };
  feed(`new ${name}`, spec.constructor, (args) => new Class(...args));
  const methods = new Set(Object.keys(spec.methods));
  for (const m of Object.getOwnPropertyNames(Class.prototype)) {
    if (m !== 'constructor' && m !== 'free' && !m.startsWith('__') && typeof Class.prototype[m] === 'function') methods.add(m);
  }
  for (const method of methods) {
    const object = spec.make();
    const want = spec.sane?.(object);
    const sane = spec.sane && ((context) => assert.equal(spec.sane(object), want, `after ${context}: the ${name} answers as before`));
    feed(`${name}.${method}`, spec.methods[method] ?? defaultTable(Class.prototype[method].length), (args) => object[method](...args), sane);
  }
}

test('every class method is in the table, so that each gets valid arguments', () => {
  for (const [name, Class] of exportedClasses) {
    for (const m of Object.getOwnPropertyNames(Class.prototype)) {
      if (m === 'constructor' || m === 'free' || m.startsWith('__') || typeof Class.prototype[m] !== 'function') continue;
      assert.ok(m in (CLASSES[name]?.methods ?? {}), `${name}.${m} has its argument positions in CLASSES`);
    }
  }
  for (const [name] of exportedFunctions) assert.ok(name in POSITIONS || name in NOT_FED, `${name} has its argument positions in POSITIONS`);
});

// A freed object, and an object whose call is still running when the host's code (run by
// the module as it reads an argument) calls it again: the glue would throw from inside the
// module, skipping its clean-up, and after some thousands of such calls the instance broke.
test('calls on a freed object or re-entering one: coded errors, 20 000 times, the module keeps working', () => {
  const index = seededIndex();
  index.free();
  const matcher = new api.ClientMatcher('89123456789', { messengers: [] });
  matcher.free();
  const live = seededIndex();
  const reentrant = { messengers: [], toJSON: () => live.addClients([{ id: 'x', channel: 'vk', variables: {} }]) };
  for (let round = 0; round < 20_000; round++) {
    for (const f of [
      () => index.lookup('89123456789'),
      () => index.addClients([]),
      () => index.upsertClient({ id: '5', channel: 'vk', variables: {} }),
      () => api.matchClient('89123456789', index, { messengers: [] }),
      () => matcher.next(),
      () => api.matchClient('89123456789', live, reentrant),
    ]) {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof api.SipoutError, `round ${round}: ${e?.constructor?.name}: ${e?.message}`);
      }
    }
  }
  assert.equal(live.lookup('74951234567').clientId, 'abc');
  stillSane('20 000 rounds of calls on freed and busy objects');
});

test('a call that gets no arguments at all throws a coded error', () => {
  for (const [name, fn] of exportedFunctions) {
    if (name in NOT_FED) continue;
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof api.SipoutError && typeof e.code === 'string', `${name}(): ${e}`);
    }
  }
  stillSane('calls without arguments');
});

// Regression: an exception thrown by a host's getter while the module's export read the
// array unwound through the module's frames, skipping the restoring of its stack pointer;
// after about 8 000 such calls the instance trapped (RuntimeError: memory access out of
// bounds) on every call. The getter answers the package entry's lane, and throws when the
// module's export reads the item again.
test('a getter that throws inside the module, 20 000 times: coded errors, the module keeps working', () => {
  for (let round = 0; round < 20_000; round++) {
    let reads = 0;
    const inputs = Object.defineProperty(['89123456789', '8'], 1, {
      get() {
        if (reads++ > 0) throw OWN;
        return 8; // not a string: the lane hands the call to the module's export
      },
    });
    let error;
    try {
      api.normalizePhones(inputs);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof api.SipoutError, `round ${round}: ${error}`);
    assert.equal(error.code, 'invalid_argument');
    assert.equal(error.cause, OWN, 'the host\'s exception is the cause');
  }
  stillSane('20 000 getters that threw inside the module');
});

// A string over a limit is refused before it is copied into the module: a host sending
// hundreds of megabytes grows neither the module's memory (which never shrinks) nor, at
// the engine's largest strings, makes the module's allocator fail (a trap).
test('strings and objects over the limits are refused without growing the module memory', async () => {
  const { readFileSync } = await import('node:fs');
  const glue = await import('../../pkg/salebot_sipout.js');
  const { memory } = glue.initSync({ module: readFileSync(new URL('../../pkg/salebot_sipout_bg.wasm', import.meta.url)) });
  const huge = big('huge', () => '9'.repeat(64 * MiB));
  const calls = [
    ['normalizePhone', () => api.normalizePhone(huge), 'invalid_phone', 'too_long'],
    ['parsePhone', () => api.parsePhone(huge), 'invalid_phone', 'too_long'],
    ['formatPhone', () => api.formatPhone(huge), 'invalid_phone', 'too_long'],
    ['findPhones', () => api.findPhones(huge), 'invalid_phone', 'too_long'],
    ['parseWebhook', () => api.parseWebhook(huge), 'invalid_webhook', 'too_large'],
    ['handleWebhook', () => api.handleWebhook(huge), 'invalid_webhook', 'too_large'],
    ['handleWebhook contentType', () => api.handleWebhook(COMPLETE, huge), 'invalid_argument'],
    ['handleWebhook options', () => api.handleWebhook(COMPLETE, null, { employeeName: huge }), 'invalid_argument'],
    ['buildNotifications', () => api.buildNotifications({ ...EVENT, text: huge }), 'invalid_argument'],
  ];
  // Once for each, so that ordinary growth (buffers sized at first use) is behind us.
  for (const [, f] of calls) assert.throws(f);
  const before = memory.buffer.byteLength;
  for (const [name, f, code, reason] of calls) {
    const e = (() => {
      try {
        f();
      } catch (error) {
        return error;
      }
      return assert.fail(`${name}: did not throw`);
    })();
    assert.ok(e instanceof api.SipoutError, `${name}: ${e}`);
    assert.equal(e.code, code, `${name}: ${e.message}`);
    if (reason) assert.equal(e.reason, reason, name);
    assert.match(e.message, /67108864|over the limit/, `${name}: the message gives the length: ${e.message}`);
  }
  assert.equal(memory.buffer.byteLength, before, 'the module memory did not grow');
  assert.deepEqual(api.normalizePhones([huge, '89123456789']), [null, '79123456789']);
  assert.equal(memory.buffer.byteLength, before, 'nor for huge items of a batch');
  stillSane('huge strings');
});

// Runs `script` in a child Node process with the package imported as `api` (for changes
// to the realm that must not reach this one), and gives what it printed as JSON.
function inChild(script) {
  const entry = JSON.stringify(new URL('../../pkg/node.js', import.meta.url).href);
  const source = `${script.setup}\nconst api = await import(${entry});\n${script.run}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' }));
}

test('a realm that froze Error still gets SipoutErrors, with their stack', () => {
  // A locked-down realm (SES and the like) freezes the intrinsics: the error cannot set
  // Error.stackTraceLimit, and must still be made.
  const seen = inChild({
    setup: 'Object.freeze(Error);',
    run: `
      const seen = [];
      for (const call of [() => api.normalizePhone('x'), () => api.normalizePhones([1]), () => new api.ClientIndex().lookup(7)]) {
        try {
          call();
          seen.push('no error');
        } catch (e) {
          seen.push([e instanceof api.SipoutError, e.code, e.stack.split('\\n')[0] === 'SipoutError: ' + e.message]);
        }
      }
      console.log(JSON.stringify(seen));
    `,
  });
  assert.deepEqual(seen, [
    [true, 'invalid_phone', true],
    [true, 'invalid_argument', true],
    [true, 'invalid_argument', true],
  ]);
});

test('an index works in a realm whose randomness throws', () => {
  // Its seed then falls back (Math.random, else a fixed one): slower against chosen
  // phones, never an exception through the module.
  const seen = inChild({
    setup: `
      Object.defineProperty(globalThis, 'crypto', { get() { throw new Error('no crypto'); }, configurable: true });
      Math.random = () => { throw new Error('no Math.random'); };
    `,
    run: `
      const index = new api.ClientIndex();
      index.addClients([{ id: '1', channel: 'telephony', phone: '8 912 345-67-89', variables: {} }]);
      console.log(JSON.stringify([index.lookup('+79123456789')?.clientId, api.normalizePhone('89123456789')]));
    `,
  });
  assert.deepEqual(seen, ['1', '79123456789']);
});
