// Webhooks end to end: handleWebhook (the module, crossing included) against the same
// work in plain JavaScript (webhooks-plain.mjs), same corpus, outputs checked equal, runs
// interleaved, medians. Usage: node bench/webhooks.mjs [webhooks] [rounds]
// (after scripts/build.sh).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';
import { handleWebhook } from '../pkg/node.js';
import { handleWebhookPlain } from './webhooks-plain.mjs';
import { webhookCorpus } from './webhook-corpus.mjs';
import { interleaved, median, roundRatios } from './interleave.mjs';

const SIZE = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const corpus = webhookCorpus(SIZE);

// Same outputs on the valid webhooks; both reject the invalid ones.
let valid = 0;
let rejected = 0;
const mismatches = [];
for (const { body, contentType, options } of corpus) {
  let theirs;
  let ours;
  try {
    theirs = handleWebhookPlain(body, contentType, options);
  } catch (e) {
    theirs = { error: e.reason };
  }
  try {
    ours = handleWebhook(body, contentType, options);
  } catch (e) {
    ours = { error: e.reason };
  }
  if (theirs.error) rejected++;
  else valid++;
  if (!isDeepStrictEqual(ours, theirs) && mismatches.length < 5) {
    mismatches.push({ body, contentType, options, ours, theirs });
  }
}
if (mismatches.length) {
  console.error(`outputs differ, e.g.:\n${JSON.stringify(mismatches.slice(0, 2), null, 1)}`);
  process.exit(1);
}

function run(handle) {
  return () => {
    let n = 0;
    for (const { body, contentType, options } of corpus) {
      try {
        n += handle(body, contentType, options).notifications.length;
      } catch {
        n--;
      }
    }
    return n;
  };
}
const runs = { 'plain JS': run(handleWebhookPlain), 'handleWebhook (wasm)': run(handleWebhook) };
const times = interleaved(runs, ROUNDS);
const rate = Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, SIZE / median(ts)]));
const bytes = corpus.reduce((n, w) => n + w.body.length, 0);

console.log(`webhooks: ${SIZE} (${valid} valid, ${rejected} rejected by both; outputs equal), ${(bytes / SIZE).toFixed(0)} chars/body, ${ROUNDS} interleaved rounds, median per run`);
for (const [name, r] of Object.entries(rate)) {
  const [low, high] = roundRatios(times, name, 'plain JS');
  const spread = name === 'plain JS' ? '' : `   (rounds ${low.toFixed(2)}–${high.toFixed(2)}×)`;
  console.log(`  ${name.padEnd(22)} ${(r / 1e3).toFixed(1).padStart(8)} k events/s   ${(r / rate['plain JS']).toFixed(2).padStart(5)}× plain JS${spread}`);
}
const wasm = readFileSync(new URL('../pkg/salebot_sipout_bg.wasm', import.meta.url));
console.log(`  module: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);
