// Matching a call to a client: this module's ClientIndex against, in the same run, the
// plain JavaScript scan the seed's algorithm implies and a JavaScript Map index.
// Usage: node bench/matching.mjs [clients] [rounds]   (after scripts/build.sh)
//
// The project: `clients` clients (default 1 000 000) with 10 variables each; one variable
// in ten holds a phone, written the ways people type it (some inside text, some repeating
// another client's number); one client in twenty is a Telephony client with its own phone.
// Ids are decimal numbers that grow with the project's order, as Salebot's client ids do.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { initSync, ClientIndex, matchClient } from '../pkg/index.js';
import { rng } from './corpus.mjs';
import { median } from './interleave.mjs';

const CLIENTS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const wasm = initSync({ module: readFileSync(new URL('../pkg/salebot_sipout_bg.wasm', import.meta.url)) });

// ---------------------------------------------------------------- the project
const r = rng(7);
const pick = (xs) => xs[Math.floor(r() * xs.length)];
const digits = (n) => {
  let s = '';
  while (s.length < n) s += Math.floor(r() * 10);
  return s;
};
const CODES = ['912', '915', '916', '926', '903', '905', '985', '999', '977', '950', '495', '499', '812', '343', '383', '846', '863'];
const STYLES = [
  (d) => `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `8${d}`,
  (d) => `+7${d}`,
  (d) => `7${d}`,
  (d) => d,
  (d) => `8 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
  (d) => `Иван, ${pick(['8', '+7'])} ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}, звонить вечером`,
  (d) => `тел. 8-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
];
const NAMES = ['name', 'city', 'email', 'phone', 'comment', 'order', 'source', 'utm_campaign', 'birthday', 'contact'];
const FIRST = ['Иван', 'Мария', 'Алексей', 'Ольга', 'Дмитрий', 'Анна', 'Сергей', 'Елена', 'Павел', 'Наталья'];
const CITIES = ['Москва', 'Пермь', 'Казань', 'Новосибирск', 'Екатеринбург', 'Самара', 'Омск', 'Уфа'];
const PLAIN = [
  () => pick(FIRST),
  () => pick(CITIES),
  () => `user${Math.floor(r() * 1e6)}@mail.ru`,
  () => `Заказ №${Math.floor(r() * 1e6)} на сумму ${Math.floor(r() * 1e5)} руб.`,
  () => `2024-${1 + Math.floor(r() * 12)}-${1 + Math.floor(r() * 28)}`,
  () => pick(['instagram', 'vk', 'site', 'yandex_direct', 'avito']),
  () => pick(['перезвонить', 'думает', 'купил', 'не отвечает', '']),
];
const CHANNELS = ['whatsapp', 'telegram', 'vk', 'instagram'];

let clients = new Array(CLIENTS);
const held = []; // national numbers that are in the project
let phoneValues = 0;
for (let i = 0; i < CLIENTS; i++) {
  const variables = {};
  for (const name of NAMES) {
    if (r() < 0.1) {
      const d = held.length > 0 && r() < 0.03 ? pick(held) : pick(CODES) + digits(7);
      held.push(d);
      variables[name] = pick(STYLES)(d);
      phoneValues++;
    } else {
      variables[name] = pick(PLAIN)();
    }
  }
  const telephony = r() < 0.05;
  const client = { id: String(10_000_000 + i), channel: telephony ? 'telephony' : pick(CHANNELS), variables };
  if (telephony) {
    const d = pick(CODES) + digits(7);
    held.push(d);
    client.phone = `7${d}`;
  }
  clients[i] = client;
}
// As a host holds them: parsed from JSON (flat strings, not the concatenations built above).
for (let i = 0; i < CLIENTS; i += 10_000) {
  const part = JSON.parse(JSON.stringify(clients.slice(i, i + 10_000)));
  for (let k = 0; k < part.length; k++) clients[i + k] = part[k];
}
const VALUES = CLIENTS * NAMES.length;

// ---------------------------------------------------------------- the JavaScript peers
// Phones in free text as a JavaScript host would find them: runs of digits and the usual
// separators, 10 digits or 11 starting with 7 or 8.
const RUN = /\+?\d[\d\s().-]{8,}\d/g;
function jsPhones(text) {
  const out = [];
  for (const m of text.matchAll(RUN)) {
    const d = m[0].replace(/\D/g, '');
    if (d.length === 10) out.push('7' + d);
    else if (d.length === 11 && (d[0] === '7' || d[0] === '8')) out.push('7' + d.slice(1));
  }
  return out;
}
const jsPhone = (s) => {
  const found = jsPhones(s);
  return found.length === 1 ? found[0] : undefined;
};

// The seed's algorithm, plainly: a Telephony client with the phone; else the first client
// any of whose variables holds it.
function jsScan(phone) {
  for (const c of clients) {
    if (c.channel === 'telephony' && c.phone !== undefined && jsPhone(c.phone) === phone) return { clientId: c.id, via: 'telephony' };
  }
  for (const c of clients) {
    for (const name in c.variables) {
      if (jsPhones(c.variables[name]).includes(phone)) return { clientId: c.id, via: 'variable', variable: name };
    }
  }
  return undefined;
}

// A Map index built once: the first holder of each phone wins, Telephony clients first.
function jsMapBuild() {
  const telephony = new Map();
  const variables = new Map();
  for (const c of clients) {
    if (c.channel === 'telephony' && c.phone !== undefined) {
      const p = jsPhone(c.phone);
      if (p !== undefined && !telephony.has(p)) telephony.set(p, c.id);
    }
    for (const name in c.variables) {
      for (const p of jsPhones(c.variables[name])) {
        if (!variables.has(p)) variables.set(p, { clientId: c.id, via: 'variable', variable: name });
      }
    }
  }
  return { telephony, variables };
}
function jsMapLookup(index, phone) {
  const p = jsPhone(phone);
  if (p === undefined) return undefined;
  const t = index.telephony.get(p);
  return t !== undefined ? { clientId: t, via: 'telephony' } : index.variables.get(p);
}

// ---------------------------------------------------------------- measuring
const now = () => Number(process.hrtime.bigint()) / 1e9;
const fmt = (x, d = 2) => x.toFixed(d);
const mb = (b) => `${fmt(b / 2 ** 20, 1)} MiB`;

console.log(`matching: ${CLIENTS} clients × ${NAMES.length} variables (${VALUES} values, ${phoneValues} holding a phone), ${ROUNDS} interleaved rounds`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average at the start: ${load()} (2 cores shared with other work: absolute times vary, ratios less)`);

// Build: the module's index against the Map, interleaved; the first build of the module's
// index measures the growth of its memory.
const memoryBefore = wasm.memory.buffer.byteLength;
const buildTimes = { wasm: [], map: [] };
let index = null;
let mapIndex = null;
let memoryAfter = 0;
let stats = null;
for (let round = 0; round < ROUNDS; round++) {
  if (index !== null) index.free();
  index = null;
  let t = now();
  const fresh = new ClientIndex();
  fresh.addClients(clients);
  buildTimes.wasm.push(now() - t);
  index = fresh;
  if (round === 0) {
    memoryAfter = wasm.memory.buffer.byteLength;
    stats = index.__stats();
  }
  mapIndex = null;
  t = now();
  mapIndex = jsMapBuild();
  buildTimes.map.push(now() - t);
}
const wasmBuild = median(buildTimes.wasm);
const mapBuild = median(buildTimes.map);
const grown = memoryAfter - memoryBefore;
console.log('\nbuild (median of rounds)');
console.log(`  ClientIndex.addClients   ${fmt(wasmBuild, 3)} s   ${fmt(VALUES / wasmBuild / 1e6)} M values/s   runs: ${buildTimes.wasm.map((x) => fmt(x, 3)).join(' ')}`);
console.log(`  JS Map build             ${fmt(mapBuild, 3)} s   ${fmt(VALUES / mapBuild / 1e6)} M values/s   runs: ${buildTimes.map.map((x) => fmt(x, 3)).join(' ')}`);
console.log(`  ratio: the module builds ${fmt(mapBuild / wasmBuild)}× as fast as the Map per value`);
console.log('\nmemory of the module\'s index (first build)');
console.log(`  indexed: ${stats.clients} clients, ${stats.phones} phones (${stats.distinctPhones} distinct, ${stats.sharedHolders} holders of shared phones), ${stats.variableNames} variable names`);
console.log(`  wasm memory ${mb(memoryBefore)} → ${mb(memoryAfter)}: grew ${mb(grown)} = ${fmt(grown / stats.phones, 1)} bytes per indexed phone (${fmt(grown / stats.distinctPhones, 1)} per distinct phone)`);
console.log(`  the index's own accounting: ${mb(stats.bytes)} = ${fmt(stats.bytes / stats.phones, 1)} bytes per indexed phone`);

// Lookups: half phones in the project, half not, as SipOut sends them (canonical), and the
// same phones written as people type them.
const QUERIES = 200_000;
const queries = [];
for (let i = 0; i < QUERIES; i++) queries.push('7' + (i % 2 === 0 ? pick(held) : pick(CODES) + digits(7)));
const typed = queries.map((q) => pick(STYLES.slice(0, 7))(q.slice(1)));
const lookupRun = (fn, qs) => () => {
  let hits = 0;
  for (const q of qs) if (fn(q) !== undefined) hits++;
  return hits;
};
const hitQueries = queries.filter((_, i) => i % 2 === 0);
const missQueries = queries.filter((_, i) => i % 2 === 1);
const runs = {
  'ClientIndex.lookup': lookupRun((q) => index.lookup(q), queries),
  'ClientIndex.lookup (hits)': lookupRun((q) => index.lookup(q), hitQueries),
  'ClientIndex.lookup (misses)': lookupRun((q) => index.lookup(q), missQueries),
  'JS Map lookup': lookupRun((q) => jsMapLookup(mapIndex, q), queries),
  'ClientIndex.lookup (typed)': lookupRun((q) => index.lookup(q), typed),
  'JS Map lookup (typed)': lookupRun((q) => jsMapLookup(mapIndex, q), typed),
};
const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (const fn of Object.values(runs)) fn();
for (let round = 0; round < 5; round++) {
  for (const [name, fn] of Object.entries(runs)) {
    const t = now();
    fn();
    times[name].push(now() - t);
  }
}
console.log(`\nlookup from JS (${QUERIES} phones, half in the project; median of 5 interleaved rounds)`);
const perLookup = {};
const sizes = { 'ClientIndex.lookup (hits)': hitQueries.length, 'ClientIndex.lookup (misses)': missQueries.length };
for (const [name, ts] of Object.entries(times)) {
  perLookup[name] = (median(ts) / (sizes[name] ?? QUERIES)) * 1e9;
  console.log(`  ${name.padEnd(28)} ${fmt(perLookup[name], 0).padStart(5)} ns`);
}
console.log(`  ratio: Map / ClientIndex = ${fmt(perLookup['JS Map lookup'] / perLookup['ClientIndex.lookup'])} (canonical), ${fmt(perLookup['JS Map lookup (typed)'] / perLookup['ClientIndex.lookup (typed)'])} (typed)`);

// The same lookups on smaller projects: the time must not depend on the project's size.
console.log('\nlookup from JS by project size (ClientIndex.lookup, canonical, same query mix)');
for (const size of [1_000, 10_000, 100_000, CLIENTS]) {
  if (size > CLIENTS) continue;
  const sub = size === CLIENTS ? index : new ClientIndex();
  if (size !== CLIENTS) sub.addClients(clients.slice(0, size));
  const inSub = [];
  for (let i = 0; i < QUERIES; i++) {
    const c = clients[Math.floor(r() * size)];
    const found = jsPhones(Object.values(c.variables).join(' '));
    inSub.push(i % 2 === 0 && found.length > 0 ? found[0] : '7' + pick(CODES) + digits(7));
  }
  const run = lookupRun((q) => sub.lookup(q), inSub);
  run();
  const ts = [];
  for (let round = 0; round < 5; round++) {
    const t = now();
    run();
    ts.push(now() - t);
  }
  console.log(`  ${String(size).padStart(9)} clients   ${fmt((median(ts) / QUERIES) * 1e9, 0).padStart(5)} ns`);
  if (sub !== index) sub.free();
}

// matchClient (the decision, through the generic boundary) and the plain scan.
const project = { messengers: ['telegram', 'whatsapp'] };
const MATCHES = 20_000;
let t = now();
for (let i = 0; i < MATCHES; i++) matchClient(queries[i], index, project);
const matchNs = ((now() - t) / MATCHES) * 1e9;
console.log(`\nmatchClient(phone, index, project): ${fmt(matchNs, 0)} ns a call`);

const scanPhones = [queries[1], queries[3], queries[5], queries[0], queries[2], queries[4]];
const scanTimes = [];
let agree = 0;
for (const q of scanPhones) {
  const t0 = now();
  const want = jsScan(q);
  scanTimes.push(now() - t0);
  if (JSON.stringify(want) === JSON.stringify(index.lookup(q))) agree++;
}
const missScan = median(scanTimes.slice(0, 3));
const hitScan = median(scanTimes.slice(3));
console.log(`plain JS scan: ${fmt(missScan, 3)} s for a phone that is not there, ${fmt(hitScan, 3)} s for one that is (median of 3)`);
console.log(`  ratio: the scan takes ${fmt((missScan * 1e9) / perLookup['ClientIndex.lookup'], 0)}× a ClientIndex lookup for a phone that is not there`);

let mapAgree = 0;
for (const q of queries.slice(0, 20_000)) {
  if (JSON.stringify(jsMapLookup(mapIndex, q)) === JSON.stringify(index.lookup(q))) mapAgree++;
}
console.log(`\nagreement: with the plain scan ${agree}/${scanPhones.length}; with the Map on 20000 lookups ${mapAgree}/20000`);

// Updates and removals: their cost must not grow with the project. Through the generic
// boundary (the client crosses as JSON), on a small project and on the big one.
console.log('\nupdates and removals (µs a call; the client crosses as JSON)');
const churn = (ix, pool, n) => {
  const changed = pool.slice(0, n).map((c, k) => ({ ...c, variables: { ...c.variables, phone: `+7 916 ${String(k).padStart(7, '0')}` } }));
  let t = now();
  for (const c of changed) ix.upsertClient(c);
  const upsert = ((now() - t) / n) * 1e6;
  t = now();
  for (const c of changed) ix.removeClient(c.id);
  const remove = ((now() - t) / n) * 1e6;
  t = now();
  for (const c of changed) ix.upsertClient(c);
  const add = ((now() - t) / n) * 1e6;
  return { upsert, remove, add };
};
const CHURN = 10_000;
const smallIndex = new ClientIndex();
smallIndex.addClients(clients.slice(0, CHURN));
const small = churn(smallIndex, clients.slice(0, CHURN), CHURN);
smallIndex.free();
const beforeChurn = wasm.memory.buffer.byteLength;
const spread = Array.from({ length: CHURN }, (_, k) => clients[Math.floor((k * CLIENTS) / CHURN)]);
const large = churn(index, spread, CHURN);
for (const [name, a, b] of [['update (upsertClient, existing)', small.upsert, large.upsert], ['removeClient', small.remove, large.remove], ['add again (upsertClient, new)', small.add, large.add]]) {
  console.log(`  ${name.padEnd(32)} ${fmt(a, 2).padStart(6)} µs with ${CHURN} clients   ${fmt(b, 2).padStart(6)} µs with ${CLIENTS}`);
}
const after = index.__stats();
console.log(`  after ${CHURN} updates, removals and additions: ${after.phones} phones indexed; wasm memory grew ${mb(wasm.memory.buffer.byteLength - beforeChurn)} during them; own accounting ${fmt(after.bytes / after.phones, 1)} bytes per indexed phone`);

console.log(`\nload average at the end: ${load()}`);
console.log('\nmust hold:');
console.log(`  build at least as fast as the Map per value: ${VALUES / wasmBuild >= VALUES / mapBuild ? 'yes' : 'NO'} (${fmt(mapBuild / wasmBuild)}×)`);
console.log(`  lookup under 1 µs: ${perLookup['ClientIndex.lookup'] < 1000 ? 'yes' : 'NO'} (${fmt(perLookup['ClientIndex.lookup'], 0)} ns)`);
console.log(`  at most 32 bytes per indexed phone: ${grown / stats.phones <= 32 ? 'yes' : 'NO'} (${fmt(grown / stats.phones, 1)})`);
