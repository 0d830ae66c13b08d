// The live part of the demo: starts what it serves on localhost, prints the addresses, and
// keeps running until Ctrl+C (with --once: checks that each address answers, then stops).
//
// Each part starts, may print what it did, and gives a name, an address and a stop. The
// reference worker joins PARTS here: start it under workerd (scripts/workerd.mjs), replay a
// recorded call through it, print what happened.
import { listen } from './serve.mjs';

const PARTS = [
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
