// Matching through the npm package in Node (run after scripts/build.sh): ClientIndex with
// its lanes and without them, matchClient, ClientMatcher, the errors and the types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ClientIndex, ClientMatcher, matchClient, SipoutError } from '../../pkg/node.js';
// The module's own class, without the package entry's lanes: the reference for them.
import { ClientIndex as PlainIndex } from '../../pkg/salebot_sipout.js';

const PHONE = '79123456789';

function throwsSipout(fn, code, reason) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof SipoutError, `threw ${caught}`);
  assert.equal(caught.name, 'SipoutError');
  assert.equal(caught.code, code);
  if (reason !== undefined) assert.equal(caught.reason, reason);
  return caught;
}

const seedProject = () => [
  { id: '1', channel: 'whatsapp', variables: { name: 'Иван', contact: 'Иван 8 912 345-67-89' } },
  { id: '2', channel: 'telegram', variables: { phone: '89123456780' } },
  { id: 'abc', channel: 'telephony', phone: '+7 (495) 123-45-67', variables: {} },
  { id: '4', channel: 'vk', variables: { note: 'перезвонить на 8 495 123 45 67', phone: PHONE } },
];

test('a Telephony client first, then the first client whose variable holds the phone', () => {
  const index = new ClientIndex();
  index.addClients(seedProject());
  assert.equal(index.size, 4);
  assert.deepEqual(index.lookup(PHONE), { clientId: '1', via: 'variable', variable: 'contact' });
  assert.deepEqual(index.lookup('8 (912) 345-67-89'), { clientId: '1', via: 'variable', variable: 'contact' });
  assert.deepEqual(index.lookup('74951234567'), { clientId: 'abc', via: 'telephony' });
  assert.deepEqual(index.lookup('89123456780'), { clientId: '2', via: 'variable', variable: 'phone' });
  assert.equal(index.lookup('79990000000'), undefined);
  assert.ok(!('variable' in index.lookup('74951234567')), 'no variable key for a Telephony match');
});

test('updates and removals keep the scan\'s answer', () => {
  const index = new ClientIndex();
  index.addClients(seedProject());
  assert.equal(index.removeClient('1'), true);
  assert.equal(index.removeClient('1'), false);
  assert.deepEqual(index.lookup(PHONE), { clientId: '4', via: 'variable', variable: 'phone' });
  assert.equal(index.upsertClient({ id: '2', channel: 'telegram', variables: { p: '+7 912 345 67 89' } }), false);
  assert.deepEqual(index.lookup(PHONE), { clientId: '2', via: 'variable', variable: 'p' }, 'an update keeps its place');
  assert.equal(index.lookup('89123456780'), undefined);
  assert.equal(index.upsertClient({ id: '1', channel: 'telephony', phone: PHONE, variables: {} }), true);
  assert.deepEqual(index.lookup(PHONE), { clientId: '1', via: 'telephony' });
  assert.equal(index.size, 4);
});

test('the decision: an existing client, or the client to create', () => {
  const index = new ClientIndex();
  index.addClients(seedProject());
  assert.deepEqual(matchClient(PHONE, index, { messengers: ['whatsapp'] }), {
    kind: 'existing',
    clientId: '1',
    via: 'variable',
    variable: 'contact',
  });
  assert.deepEqual(matchClient('74951234567', index, { messengers: [] }), {
    kind: 'existing',
    clientId: 'abc',
    via: 'telephony',
  });
  const nobody = '+7 999 000 11 22';
  assert.deepEqual(matchClient(nobody, index, { messengers: ['telegram', 'WhatsApp'] }), {
    kind: 'create',
    channel: 'WhatsApp',
    phone: '79990001122',
    canMessage: true,
  });
  for (const messengers of [['instagram', 'telegram'], [], ['telephony']]) {
    assert.deepEqual(matchClient(nobody, index, { messengers }), {
      kind: 'create',
      channel: 'telephony',
      phone: '79990001122',
      canMessage: false,
    });
  }
  const own = { messengers: ['whatsapp', 'viber'], priority: ['viber', 'whatsapp'] };
  assert.equal(matchClient(nobody, index, own).channel, 'viber');
  throwsSipout(() => matchClient(nobody, index, { messengers: ['whatsapp'], priority: ['telephony'] }), 'invalid_project', 'not_a_messenger');
  throwsSipout(() => matchClient('12', index, { messengers: [] }), 'invalid_phone', 'too_few_digits');
  throwsSipout(() => matchClient(nobody, index, { messenger: [] }), 'invalid_argument');
  throwsSipout(() => matchClient(nobody, {}, { messengers: [] }), 'invalid_argument');
  assert.equal(matchClient(nobody, new PlainIndex(), { messengers: [] }).kind, 'create', 'any index of the module will do');
});

test('the matcher: the steps, the rows checked, the decision', () => {
  const m = new ClientMatcher('8 912 345-67-89', { messengers: ['instagram'] });
  assert.deepEqual(m.next(), { op: 'findTelephonyClient', channel: 'telephony', phone: PHONE });
  const step = m.answer([{ id: 't1', channel: 'telephony', phone: '74951234567' }]);
  assert.equal(step.op, 'findClientsByVariables');
  assert.deepEqual(step.search, {
    national: '9123456789',
    last7: '3456789',
    like: '%9%1%2%3%4%5%6%7%8%9%',
    regex: '9[^0-9]*1[^0-9]*2[^0-9]*3[^0-9]*4[^0-9]*5[^0-9]*6[^0-9]*7[^0-9]*8[^0-9]*9',
  });
  assert.ok(new RegExp(step.search.regex).test('Иван 8 912 345-67-89'), 'the regex finds what people type');
  const page = m.answer([{ id: 'a', variables: { phone: '89123456780' } }], true);
  assert.equal(page.page, 1);
  const done = m.answer([
    { id: 'b', variables: { name: 'Пётр' } },
    { id: 'c', variables: { name: 'Иван', contact: 'Иван 8 912 345-67-89' } },
    { id: 'd', variables: { phone: PHONE } },
  ]);
  assert.deepEqual(done, { op: 'done', decision: { kind: 'existing', clientId: 'c', via: 'variable', variable: 'contact' } });
  assert.deepEqual(m.next(), done);
  throwsSipout(() => m.answer([]), 'matcher_out_of_order', 'finished');

  const none = new ClientMatcher(PHONE, { messengers: [] });
  throwsSipout(() => none.answer([]), 'matcher_out_of_order', 'not_asked');
  none.next();
  none.answer([]);
  assert.deepEqual(none.answer([]), {
    op: 'done',
    decision: { kind: 'create', channel: 'telephony', phone: PHONE, canMessage: false },
  });
  throwsSipout(() => new ClientMatcher('n/a', { messengers: [] }), 'invalid_phone');
  throwsSipout(() => new ClientMatcher(PHONE, null), 'invalid_argument');
  const big = new ClientMatcher(PHONE, { messengers: [] });
  big.next();
  throwsSipout(() => big.answer(new Array(10_001).fill({ id: 'x' })), 'invalid_answer', 'too_many_rows');
  throwsSipout(() => big.answer('rows'), 'invalid_argument');
});

test('bad clients: the field named, nothing of the batch added', () => {
  const index = new ClientIndex();
  index.addClients(seedProject());
  let e = throwsSipout(() => index.addClients([{ id: '7', channel: 'vk', variables: {} }, { id: '4', channel: 'vk', variables: {} }]), 'invalid_client', 'duplicate_id');
  assert.equal(e.message, 'clients[1].id: client "4" is already in the index');
  assert.equal(index.size, 4);
  assert.equal(index.removeClient('7'), false, 'the batch is all or none');
  e = throwsSipout(() => index.addClients([{ id: '8', channel: 'vk', variables: { n: 5 } }]), 'invalid_argument');
  assert.equal(e.message, 'clients[0].variables["n"]: expected a string, got a number');
  throwsSipout(() => index.addClients([{ id: '', channel: 'vk', variables: {} }]), 'invalid_client', 'empty_id');
  throwsSipout(() => index.addClients([null]), 'invalid_argument');
  throwsSipout(() => index.addClients('clients'), 'invalid_argument');
  throwsSipout(() => index.upsertClient({ id: '9' }), 'invalid_argument');
  throwsSipout(() => index.lookup('8 912'), 'invalid_phone', 'too_few_digits');
  throwsSipout(() => index.lookup(79123456789), 'invalid_argument');
  throwsSipout(() => index.removeClient(4), 'invalid_argument');
  assert.equal(index.size, 4);
});

// Random projects through the lanes and through the module's own exports: the same answers.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomProject(r, n) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const nationals = ['9123456789', '9123456780', '4951234567', '3431234567', '8005553535', '9990001122'];
  const spell = [(d) => `7${d}`, (d) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`, (d) => `Иван, +7 ${d}`, (d) => `＋７ ${d}`];
  const ids = new Set();
  const clients = [];
  while (clients.length < n) {
    const id = pick([() => String(Math.floor(r() * 1e6)), () => `id-${Math.floor(r() * 1e6)}`, () => `клиент ${Math.floor(r() * 1e3)}`])();
    if (ids.has(id)) continue;
    ids.add(id);
    const variables = {};
    for (const name of ['phone', 'note', 'contact', 'имя']) {
      const x = r();
      if (x < 0.3) variables[name] = pick(spell)(pick(nationals));
      else if (x < 0.5) variables[name] = pick(['Иван', 'заказ 12-34-56', '', 'x'.repeat(40), 'a\u0000b']);
    }
    const telephony = r() < 0.2;
    clients.push({ id, channel: telephony ? pick(['telephony', 'Telephony']) : pick(['whatsapp', 'telegram']), phone: telephony ? pick(spell.slice(0, 2))(pick(nationals)) : undefined, variables });
  }
  return { clients, nationals };
}

test('the lanes answer as the module\'s own exports, on random projects with changes', () => {
  const r = rng(11);
  for (let round = 0; round < 20; round++) {
    const { clients, nationals } = randomProject(r, 1 + Math.floor(r() * 60));
    const lane = new ClientIndex();
    const plain = new PlainIndex();
    const cut = Math.floor(clients.length / 2);
    lane.addClients(clients.slice(0, cut));
    lane.addClients(clients.slice(cut));
    plain.addClients(clients);
    const check = (what) => {
      assert.equal(lane.size, plain.size, what);
      for (const d of nationals) assert.deepEqual(lane.lookup('8' + d), plain.lookup('7' + d), `${what}: ${d}`);
    };
    check(`round ${round}`);
    for (let k = 0; k < 10; k++) {
      const c = clients[Math.floor(r() * clients.length)];
      if (r() < 0.5) {
        assert.equal(lane.removeClient(c.id), plain.removeClient(c.id));
      } else {
        const changed = { ...c, variables: { ...c.variables, later: '+7 912 345 67 89' } };
        assert.equal(lane.upsertClient(changed), plain.upsertClient(changed));
      }
      check(`round ${round}, change ${k}`);
    }
    lane.free();
    plain.free();
  }
});

test('lanes: ids of every shape, big values, values the lane cannot carry', () => {
  const index = new ClientIndex();
  const huge = 'слово '.repeat(80_000) + '8 912 345 67 89'; // 960 000 bytes, more than a chunk
  index.addClients([
    { id: '9007199254740993', channel: 'vk', variables: { a: '8 800 555 35 35' } },
    { id: 'ключ-1', channel: 'vk', variables: { b: '8 343 123 45 67' } },
    { id: '0012', channel: 'vk', variables: { huge } },
  ]);
  assert.deepEqual(index.lookup('78005553535'), { clientId: '9007199254740993', via: 'variable', variable: 'a' });
  assert.deepEqual(index.lookup('73431234567'), { clientId: 'ключ-1', via: 'variable', variable: 'b' });
  assert.deepEqual(index.lookup(PHONE), { clientId: '0012', via: 'variable', variable: 'huge' });
  // A NUL inside a value, an empty variable name, an object that is not plain: the
  // module's own export takes over, with the same result.
  index.addClients([
    { id: 'n1', channel: 'vk', variables: { note: 'a\u0000b 8 495 123 45 67' } },
    { id: 'n2', channel: 'vk', variables: { '': '8 383 123 45 67' } },
  ]);
  assert.deepEqual(index.lookup('74951234567'), { clientId: 'n1', via: 'variable', variable: 'note' });
  assert.deepEqual(index.lookup('73831234567'), { clientId: 'n2', via: 'variable', variable: '' });
  index.addClients([{ id: 'e1', channel: 'vk', variables: { note: '😀 8 800 555 35 36 ✓' } }]);
  assert.deepEqual(index.lookup('78005553536'), { clientId: 'e1', via: 'variable', variable: 'note' }, 'astral characters');
  const lone = [{ id: 'e2', channel: 'vk', variables: { note: '\ud83d 8 800 555 35 37' } }];
  const viaExport = throwsSipout(() => new PlainIndex().addClients(lone), 'invalid_argument');
  const viaLane = throwsSipout(() => index.addClients(lone), 'invalid_argument');
  assert.equal(viaLane.message, viaExport.message, 'a lone surrogate: the export judges, for both');
  const tooLong = '8 912 345 67 89 ' + 'a'.repeat(1 << 20);
  throwsSipout(() => index.addClients([{ id: 'x', channel: 'vk', variables: { t: tooLong } }]), 'invalid_client', 'too_long');
  assert.equal(index.size, 6);
});

test('many clients through the lane, in chunks', () => {
  const index = new ClientIndex();
  const clients = [];
  for (let i = 0; i < 30_000; i++) {
    const d = String(9_000_000_000 + i);
    clients.push({ id: String(100 + i), channel: 'whatsapp', variables: { name: 'Иван Петров', phone: `8 ${d.slice(0, 3)} ${d.slice(3)}` } });
  }
  index.addClients(clients);
  assert.equal(index.size, 30_000);
  assert.deepEqual(index.lookup('79000012345'), { clientId: '12445', via: 'variable', variable: 'phone' });
  assert.equal(index.lookup('79000030000'), undefined);
});

test('the types are precise', () => {
  const dts = readFileSync(new URL('../../pkg/api.d.ts', import.meta.url), 'utf8');
  const ours = dts.slice(0, dts.indexOf('export type InitInput')).replace(/\/\*[^]*?\*\//g, '');
  assert.doesNotMatch(ours, /\bany\b/);
  for (const declaration of [
    'addClients(clients: IndexClient[]): void;',
    'lookup(phone: string): IndexMatch | undefined;',
    'upsertClient(client: IndexClient): boolean;',
    'removeClient(id: string): boolean;',
    'readonly size: number;',
    'constructor(phone: string, project: MatchProject);',
    'next(): MatchStep;',
    'answer(rows: MatchRow[], more?: boolean | null): MatchStep;',
    'export function matchClient(phone: string, index: ClientIndex, project: MatchProject): MatchDecision;',
    '| { kind: "create"; channel: string; phone: string; canMessage: boolean };',
  ]) {
    assert.ok(dts.includes(declaration), declaration);
  }
});
