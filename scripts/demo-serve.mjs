// The live part of the demo: starts what it serves on localhost, prints the addresses, and
// keeps running until Ctrl+C (with --once: checks that each address answers, then stops).
//
// Each part starts, may print what it did, and gives a name, an address and a stop: the
// reference worker under workerd (worker/, its clients in a KV namespace), which then gets a
// recorded call (worker/recorded-call.json) replayed through it, and the playground.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listen } from './serve.mjs';
import { startReferenceWorker } from './workerd.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The project the worker runs in, made as the demo starts, with the package built in pkg/.
const SECRET = randomBytes(18).toString('base64url');
const SETTINGS = {
  apiKey: 'sk_demo_7Hq2Lm9Xv4Rt8Wz1',
  employees: [{ id: 'e1', name: 'Анна Смирнова', callMode: 'sipout_api', extension: '101' }],
  messengers: [],
  crm: { amocrm: { enabled: true, baseUrl: 'https://romashka.amocrm.ru', accessToken: 'demo-amocrm-token-0000' } },
};

async function replay(url) {
  const { about, deliveries } = JSON.parse(readFileSync(join(ROOT, 'worker', 'recorded-call.json'), 'utf8'));
  console.log(`[demo] replaying a recorded call through the worker: ${about}`);
  const send = async (d, secret = SECRET) => {
    const res = await fetch(new URL('webhook', url), { method: 'POST', headers: { 'Content-Type': d.contentType, 'X-Sipout-Secret': secret }, body: d.body });
    return { status: res.status, answer: await res.json() };
  };
  for (const d of [...deliveries, deliveries[1]]) {
    const { status, answer: a } = await send(d);
    if (status !== 200) throw new Error(`the worker answered ${status}: ${JSON.stringify(a)}`);
    const c = a.client;
    console.log(`\n  POST /webhook ${a.event} (${d.contentType}) → ${status}${a.duplicate ? `, delivered again: the first answer (client ${c.id}), nothing changed` : ''}`);
    if (a.duplicate) continue;
    console.log(`    client       ${c.id} (${c.channel}) ${c.decision}${c.via ? ` via ${c.via}` : ''}; matcher asked: ${c.queries.join(', ')}`);
    const vars = Object.entries(a.variables).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`);
    console.log(`    variables    ${vars.join('  ')}`);
    for (const n of a.notifications) {
      const text = n.kind === 'callback' ? n.text : n.text.split('\n').join(' | ');
      console.log(`    notification ${n.kind}: ${text}`);
    }
    for (const r of a.crmRequests) console.log(`    CRM          ${r.kind}: ${r.method} ${r.url} (Authorization: ${r.headers.Authorization ?? '—'})`);
  }
  const wrong = await send(deliveries[0], 'not-the-secret');
  console.log(`\n  POST /webhook with a wrong secret → ${wrong.status} ${wrong.answer.error}`);
  const bad = await send({ contentType: 'application/json', body: '{"call_id":"x","call_action":"dial"}' });
  console.log(`  POST /webhook with a bad body    → ${bad.status} ${bad.answer.error}/${bad.answer.reason}: ${bad.answer.message}\n`);
}

const PARTS = [
  {
    name: 'worker',
    async start() {
      const dir = join(ROOT, 'target', 'demo-worker');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(dir, 'node_modules', '@salebot'), { recursive: true });
      symlinkSync(join(ROOT, 'pkg'), join(dir, 'node_modules', '@salebot', 'sipout'), 'dir');
      const worker = await startReferenceWorker(dir, { env: { SIPOUT_SECRET: SECRET, SIPOUT_SETTINGS: JSON.stringify(SETTINGS) } });
      try {
        await replay(worker.url);
      } catch (e) {
        await worker.stop();
        throw new Error(`${e.message}\n${worker.log()}`);
      }
      return { url: worker.url, stop: worker.stop };
    },
  },
  {
    name: 'playground',
    async start() {
      const server = await listen('127.0.0.1', process.env.PORT);
      return { url: server.url, stop: server.close };
    },
  },
];

const once = process.argv.includes('--once');
const running = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const part of running.reverse()) await part.stop();
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  for (const part of PARTS) running.push({ name: part.name, ...(await part.start()) });
} catch (e) {
  console.error(`[demo] could not start: ${e.message}`);
  await stopAll(1);
}
console.log('');
for (const { name, url } of running) console.log(`[demo] ${name.padEnd(10)} ${url}`);
if (once) {
  // Each address answers before everything stops again.
  let ok = true;
  for (const { name, url } of running) {
    const status = await fetch(url).then((r) => r.status, (e) => e.message);
    console.log(`[demo] ${name.padEnd(10)} answered ${status}`);
    ok &&= status === 200;
  }
  await stopAll(ok ? 0 : 1);
}
console.log('[demo] open the address above in a browser; Ctrl+C stops the demo');
