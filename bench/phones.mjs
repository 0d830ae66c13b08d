// Phone parsing: this module against libphonenumber-js, same corpus, runs interleaved.
// Usage: node bench/phones.mjs [inputs] [rounds]   (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { normalizePhone, normalizePhones } from '../pkg/node.js';
import { corpus } from './corpus.mjs';

const SIZE = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const BATCH = 1000;
const inputs = corpus(SIZE);

const peer = () => {
  let ok = 0;
  for (const x of inputs) {
    const p = parsePhoneNumberFromString(x, 'RU');
    if (p !== undefined && p.number.length) ok++;
  }
  return ok;
};
const single = () => {
  let ok = 0;
  for (const x of inputs) {
    try {
      if (normalizePhone(x).length) ok++;
    } catch {
      // invalid input: the single call throws
    }
  }
  return ok;
};
const batch = () => {
  let ok = 0;
  for (let i = 0; i < inputs.length; i += BATCH) {
    for (const p of normalizePhones(inputs.slice(i, i + BATCH))) if (p !== null) ok++;
  }
  return ok;
};

const runs = { 'libphonenumber-js': peer, 'normalizePhone (single)': single, 'normalizePhones (batch)': batch };
const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (const fn of Object.values(runs)) fn(); // warm up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(runs)) {
    const t0 = process.hrtime.bigint();
    fn();
    times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, SIZE / median(ts)]));
const peerRate = rate['libphonenumber-js'];

console.log(`phones: ${SIZE} inputs, ${ROUNDS} interleaved rounds, median per run`);
for (const [name, r] of Object.entries(rate)) {
  console.log(`  ${name.padEnd(26)} ${(r / 1e6).toFixed(3).padStart(7)} M/s   ${(r / peerRate).toFixed(1).padStart(6)}× libphonenumber-js`);
}

// Agreement on the inputs libphonenumber-js reads as valid Russian numbers.
let valid = 0;
let agree = 0;
const disagreements = [];
for (const x of inputs) {
  const p = parsePhoneNumberFromString(x, 'RU');
  if (!p || p.country !== 'RU' || !p.isValid()) continue;
  valid++;
  let ours = null;
  try {
    ours = normalizePhone(x);
  } catch (e) {
    ours = `error ${e.reason}`;
  }
  if (ours === p.number.slice(1)) agree++;
  else if (disagreements.length < 10) disagreements.push(`${JSON.stringify(x)}: ours ${ours}, theirs ${p.number}`);
}
console.log(`  agreement on ${valid} inputs libphonenumber-js reads as valid RU numbers: ${((100 * agree) / valid).toFixed(2)}%`);
for (const d of disagreements) console.log(`    ${d}`);

const wasm = readFileSync(new URL('../pkg/salebot_sipout_bg.wasm', import.meta.url));
console.log(`  module: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);
