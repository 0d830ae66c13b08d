// Phone parsing: this module against libphonenumber-js, same corpus, runs interleaved.
// Usage: node bench/phones.mjs [inputs] [rounds]   (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { normalizePhone, normalizePhones } from '../pkg/node.js';
import { corpusEntries } from './corpus.mjs';
import { interleaved, median, roundRatios } from './interleave.mjs';

const SIZE = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const BATCH = 1000;
const entries = corpusEntries(SIZE);
const inputs = entries.map((e) => e.input);

const peerOver = (list) => () => {
  let ok = 0;
  for (const x of list) {
    const p = parsePhoneNumberFromString(x, 'RU');
    if (p !== undefined && p.number.length) ok++;
  }
  return ok;
};
const singleOver = (list) => () => {
  let ok = 0;
  for (const x of list) {
    try {
      if (normalizePhone(x).length) ok++;
    } catch {
      // invalid input: the single call throws
    }
  }
  return ok;
};
const batchOver = (list) => () => {
  let ok = 0;
  for (let i = 0; i < list.length; i += BATCH) {
    for (const p of normalizePhones(list.slice(i, i + BATCH))) if (p !== null) ok++;
  }
  return ok;
};

/** Runs the three over `list`, rounds interleaved, and prints rates and ratios. */
function compare(title, list) {
  const runs = {
    'libphonenumber-js': peerOver(list),
    'normalizePhone (single)': singleOver(list),
    'normalizePhones (batch)': batchOver(list),
  };
  const times = interleaved(runs, ROUNDS);
  const rate = Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, SIZE / median(ts)]));
  const peerRate = rate['libphonenumber-js'];
  console.log(title);
  for (const [name, r] of Object.entries(rate)) {
    const [low, high] = roundRatios(times, name, 'libphonenumber-js');
    const spread = name === 'libphonenumber-js' ? '' : `   (rounds ${low.toFixed(1)}–${high.toFixed(1)}×)`;
    console.log(`  ${name.padEnd(26)} ${(r / 1e6).toFixed(3).padStart(7)} M/s   ${(r / peerRate).toFixed(1).padStart(6)}× libphonenumber-js${spread}`);
  }
}

compare(`phones: ${SIZE} inputs, ${ROUNDS} interleaved rounds, median per run`, inputs);

// The single call apart on the inputs it accepts and on those it throws for: ns a call,
// best of the rounds.
const validInputs = [];
const invalidInputs = [];
for (const x of inputs) {
  try {
    normalizePhone(x);
    validInputs.push(x);
  } catch {
    invalidInputs.push(x);
  }
}
const perCall = (list) => {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = process.hrtime.bigint();
    for (const x of list) {
      try {
        normalizePhone(x);
      } catch {
        // the invalid ones throw
      }
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / list.length);
  }
  return best.toFixed(0);
};
console.log(`  normalizePhone apart: ${perCall(validInputs)} ns a valid phone, ${perCall(invalidInputs)} ns an invalid one (thrown and caught)`);

// Agreement with libphonenumber-js on the valid Russian numbers: the inputs the corpus
// meant as phones that libphonenumber-js also reads as valid RU numbers.
const ours = (x) => {
  try {
    return normalizePhone(x);
  } catch (e) {
    return `error ${e.reason}`;
  }
};
let valid = 0;
let agree = 0;
const disagreements = [];
let theyAcceptWeReject = 0;
const examples = [];
for (const { input, valid: meant } of entries) {
  const p = parsePhoneNumberFromString(input, 'RU');
  const theirs = p && p.country === 'RU' && p.isValid() ? p.number.slice(1) : null;
  if (meant && theirs) {
    valid++;
    if (ours(input) === theirs) agree++;
    else if (disagreements.length < 10) disagreements.push(`${JSON.stringify(input)}: ours ${ours(input)}, theirs ${theirs}`);
  } else if (!meant && theirs && ours(input) !== theirs) {
    theyAcceptWeReject++;
    if (examples.length < 3) examples.push(`${JSON.stringify(input)}: ours ${ours(input)}, theirs ${theirs}`);
  }
}
console.log(`  agreement on ${valid} valid RU numbers: ${((100 * agree) / valid).toFixed(2)}%`);
for (const d of disagreements) console.log(`    ${d}`);
console.log(`  invalid inputs libphonenumber-js still reads as RU numbers, which we reject: ${theyAcceptWeReject}`);
for (const d of examples) console.log(`    ${d}`);

const wasm = readFileSync(new URL('../pkg/salebot_sipout_bg.wasm', import.meta.url));
console.log(`  module: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped (zlib level 9; GNU gzip -9, as scripts/build.sh reports, gives a little less)`);

// The same inputs as a host receives them, decoded from a JSON body: each one flat string.
// The generator's are concatenations (template strings), which V8 reads character by
// character more slowly, and joins more slowly; libphonenumber-js hardly notices. Run after
// the figures above, so that they are measured as before.
compare('the same inputs decoded from JSON, as a host receives them:', JSON.parse(JSON.stringify(inputs)));
