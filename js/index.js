// The package's API: the module's exports, with fast lanes for the calls a host makes by
// the million (normalizePhone, normalizePhones). A lane only moves data: it writes the
// input into the module's memory and reads the answer back. Every decision is the
// module's, and whatever a lane cannot answer goes to the module's own export.
import * as glue from './salebot_sipout.js';
import { sipoutError } from './crossing.js';

let wasm = null; // the instance's exports, once initialised
let bytes = null; // a view of the module's memory; renewed when memory grows
let scratch = 0; // the address of the phone lane's input buffer
let maxBatch = 0; // the most inputs normalizePhones takes
const SCRATCH_UNITS = 256; // a longer string is never a phone: the module's export says why
const CHUNK = 1024; // inputs per batch-lane call, to keep the module's buffers small
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function attach(exports) {
  wasm = exports;
  bytes = null;
  scratch = exports.__phoneScratch();
  maxBatch = exports.__phonesMax();
  return exports;
}

/** Initialises the module synchronously from its bytes or a compiled module. */
export function initSync(options) {
  return attach(glue.initSync(options));
}

/** Initialises the module, fetching it beside this file unless told otherwise. */
export default async function init(options) {
  return attach(await glue.default(options));
}

function memory() {
  if (bytes === null || bytes.byteLength === 0) bytes = new Uint8Array(wasm.memory.buffer);
  return bytes;
}

// Writes `s` as UTF-8 at `at`, room permitting up to `end`; the address after it, or -1.
function writeUtf8(mem, s, at, end) {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) break;
    mem[at + i] = c;
  }
  if (i === n) return at + n;
  const { read, written } = encoder.encodeInto(s.slice(i), mem.subarray(at + i, end));
  return read === n - i ? at + i + written : -1;
}

// "7" and the 10 national digits, from tables of two- and three-digit strings: V8 turns a
// 10-digit double into a string slowly, and small concatenations are cheap.
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
function phoneString(national) {
  const hi = Math.floor(national / 100000);
  const lo = national - hi * 100000;
  const h = (hi / 1000) | 0;
  const l = (lo / 1000) | 0;
  return '7' + TWO[h] + THREE[hi - h * 1000] + TWO[l] + THREE[lo - l * 1000];
}

/** The canonical form "7XXXXXXXXXX" of a phone in any accepted spelling; throws a SipoutError otherwise. */
export function normalizePhone(input) {
  if (wasm !== null && typeof input === 'string' && input.length <= SCRATCH_UNITS) {
    const end = writeUtf8(memory(), input, scratch, scratch + SCRATCH_UNITS * 3);
    const answer = wasm.__phoneNational(end - scratch);
    if (answer >= 0) return phoneString(answer);
    if (answer < 0) throw sipoutError(decoder.decode(memory().subarray(scratch, scratch - answer)));
  }
  return glue.normalizePhone(input);
}

// One chunk of a batch through the lane into `out` from `start`; false if the lane can't.
function batchChunk(inputs, start, count, out) {
  let units = 0;
  for (let i = start; i < start + count; i++) units += Math.min(inputs[i].length, SCRATCH_UNITS) + 1;
  const size = units * 3;
  const base = wasm.__phonesInput(size);
  const mem = memory();
  let at = base;
  for (let i = start; i < start + count; i++) {
    if (i > start) mem[at++] = 0;
    const s = inputs[i];
    // A string too long to be a phone crosses as one byte that is not one.
    at = s.length > SCRATCH_UNITS ? (mem[at] = 0x78, at + 1) : writeUtf8(mem, s, at, base + size);
  }
  const answer = wasm.__phonesBatch(at - base, count);
  if (answer === 0) return false;
  const text = decoder.decode(memory().subarray(answer, answer + count * 11));
  for (let i = 0, pos = 0; i < count; i++, pos += 11) {
    out[start + i] = text.charCodeAt(pos) === 45 ? null : text.slice(pos, pos + 11);
  }
  return true;
}

/** Many phones at once: the canonical form of each, or null where it is not a phone. */
export function normalizePhones(inputs) {
  if (wasm !== null && Array.isArray(inputs) && inputs.length <= maxBatch) {
    let strings = true;
    for (let i = 0; i < inputs.length && strings; i++) strings = typeof inputs[i] === 'string';
    if (strings) {
      const out = new Array(inputs.length);
      let done = true;
      for (let start = 0; start < inputs.length && done; start += CHUNK) {
        done = batchChunk(inputs, start, Math.min(CHUNK, inputs.length - start), out);
      }
      if (done) return out;
    }
  }
  return glue.normalizePhones(inputs);
}

export { parsePhone, findPhones, formatPhone } from './salebot_sipout.js';
export {
  validateSettings,
  sipoutEmployees,
  applyExtensions,
  maskApiKey,
  phoneAction,
  cardPhoneActions,
  callbackWidgetRequest,
} from './salebot_sipout.js';
export { SipoutError } from './crossing.js';
