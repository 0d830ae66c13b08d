// The package's API: the module's exports, with fast lanes for the calls a host makes by
// the million (normalizePhone, normalizePhones, ClientIndex's addClients and lookup). A
// lane only moves data: it writes the input into the module's memory and reads the answer
// back. Every decision is the module's, and whatever a lane cannot answer goes to the
// module's own export.
import * as glue from './salebot_sipout.js';
import { sipoutError, SipoutError } from './crossing.js';

let wasm = null; // the instance's exports, once initialised
let bytes = null; // a view of the module's memory; renewed when memory grows
let scratch = 0; // the address of the phone lane's input buffer
let maxBatch = 0; // the most inputs normalizePhones takes
let words = null; // a 32-bit view of the module's memory; renewed when memory grows
let look = null; // the lookup lane: scratch address and size, result word index
let minDigits = 10; // fewer characters that may be digits: the value holds no phone
let firstDigit = 0x660; // the first code point past ASCII that may be a digit
let longUnits = 0; // a value longer than this may be over the module's text limit
const SCRATCH_UNITS = 256; // a longer string is never a phone: the module's export says why
const CHUNK = 1024; // inputs per batch-lane call, to keep the module's buffers small
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function attach(exports) {
  wasm = exports;
  bytes = null;
  words = null;
  scratch = exports.__phoneScratch();
  maxBatch = exports.__phonesMax();
  const lane = glue.__matchingLane();
  look = { scratch: lane[0], size: lane[1], result: lane[2] >>> 2 };
  minDigits = lane[3];
  firstDigit = lane[4];
  longUnits = Math.floor(lane[5] / 3);
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

function memoryWords() {
  if (words === null || words.length === 0) words = new Uint32Array(wasm.memory.buffer);
  return words;
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

// Whether a value may hold a phone: enough characters that may be digits (ASCII digits,
// or anything from the first non-ASCII digit up), or so long that the module must say
// whether it is too long. The module decides on the values that pass.
function mayHoldPhone(s) {
  const n = s.length;
  if (n < minDigits) return false;
  if (n > longUnits) return true;
  let need = minDigits;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c >= firstDigit) {
      if (--need === 0) return true;
    } else if (n - i <= need) {
      return false; // too few characters left
    }
  }
  return false;
}

const CHUNK_BYTES = 1 << 16; // bytes of clients per call of the adding lane
const plainObject = (o) => {
  const proto = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
};

// Writes `s` as UTF-8 and a NUL byte at `at` (room is there: 3 bytes a code unit, and
// one); the address after, or -1 if `s` holds a NUL or a lone surrogate, which the
// module's own export must judge.
function putField(mem, s, at) {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0) return -1;
      mem[at++] = c;
    } else if (c < 0x800) {
      mem[at++] = 0xc0 | (c >> 6);
      mem[at++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d < 0xdc00 || d > 0xdfff) return -1;
        const p = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        mem[at++] = 0xf0 | (p >> 18);
        mem[at++] = 0x80 | ((p >> 12) & 0x3f);
        mem[at++] = 0x80 | ((p >> 6) & 0x3f);
        mem[at++] = 0x80 | (p & 0x3f);
        i++;
        continue;
      }
      mem[at++] = 0xe0 | (c >> 12);
      mem[at++] = 0x80 | ((c >> 6) & 0x3f);
      mem[at++] = 0x80 | (c & 0x3f);
    }
  }
  mem[at] = 0;
  return at + 1;
}

// Sends `clients` through the adding lane into the open batch of `index`: per client its
// id, channel and phone, then name and value of the variables that may hold a phone, then
// an empty name, each string ended by NUL. False, having sent part of them maybe, when
// one of them is not as the lane expects: the module's own export then says what is wrong.
function sendClients(index, clients) {
  let size = CHUNK_BYTES;
  let base = glue.__matchingChunk(size);
  let mem = memory();
  let at = base;
  let count = 0;
  let fields = 0;
  const names = [];
  const values = [];
  for (let i = 0; i < clients.length; i++) {
    const c = clients[i];
    if (typeof c !== 'object' || c === null || !plainObject(c)) return false;
    const { id, channel, phone, variables } = c;
    if (typeof id !== 'string' || typeof channel !== 'string') return false;
    const ownPhone = phone === undefined || phone === null ? '' : phone;
    if (typeof ownPhone !== 'string') return false;
    let units = id.length + channel.length + ownPhone.length;
    names.length = 0;
    values.length = 0;
    if (variables !== undefined) {
      if (typeof variables !== 'object' || variables === null || !plainObject(variables)) return false;
      for (const name in variables) {
        const value = variables[name];
        if (typeof value !== 'string') return false;
        if (mayHoldPhone(value)) {
          if (name === '') return false;
          names.push(name);
          values.push(value);
          units += name.length + value.length;
        }
      }
    }
    const need = 3 * units + 4 + 2 * names.length;
    if (at + need > base + size) {
      if (count > 0 && !index.__addChunk(at - base, count, fields)) return false;
      count = 0;
      fields = 0;
      size = Math.max(size, need);
      base = glue.__matchingChunk(size);
      mem = memory();
      at = base;
    }
    at = putField(mem, id, at);
    if (at >= 0) at = putField(mem, channel, at);
    if (at >= 0) at = putField(mem, ownPhone, at);
    for (let k = 0; k < names.length && at >= 0; k++) {
      at = putField(mem, names[k], at);
      if (at >= 0) at = putField(mem, values[k], at);
    }
    if (at < 0) return false;
    mem[at++] = 0; // an empty name ends the client
    fields += 4 + 2 * names.length;
    count++;
  }
  return count === 0 || index.__addChunk(at - base, count, fields);
}

// A string the module holds, ASCII read directly.
function textAt(ptr, len) {
  const mem = memory();
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = mem[ptr + i];
    if (c > 0x7f) return decoder.decode(mem.subarray(ptr, ptr + len));
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * An in-memory index of a project's clients by the phones they hold; its answers are those
 * of the seed's scan, also after updates and removals.
 */
export class ClientIndex extends glue.ClientIndex {
  #names = []; // variable number → name, as lookups meet them

  /** Adds clients after those already in, in the project's order; all or none. */
  addClients(clients) {
    if (wasm === null || !Array.isArray(clients)) return super.addClients(clients);
    this.__addBegin();
    let sent;
    try {
      sent = sendClients(this, clients);
    } catch (e) {
      this.__addAbort();
      throw e;
    }
    if (!sent) {
      this.__addAbort();
      return super.addClients(clients);
    }
    this.__addCommit();
  }

  /** The client a call from `phone` belongs to, or undefined. */
  lookup(phone) {
    if (wasm !== null && typeof phone === 'string' && phone.length <= SCRATCH_UNITS) {
      const end = writeUtf8(memory(), phone, look.scratch, look.scratch + look.size);
      const answer = end < 0 ? NaN : this.__lookup(end - look.scratch);
      if (answer === -1) return undefined;
      if (answer >= 0 || answer === -2) {
        const w = memoryWords();
        const clientId = answer >= 0 ? String(answer) : textAt(w[look.result + 1], w[look.result + 2]);
        const v = w[look.result];
        if (v === 0) return { clientId, via: 'telephony' };
        let variable = this.#names[v];
        if (variable === undefined) variable = this.#names[v] = this.__variableName(v);
        return { clientId, via: 'variable', variable };
      }
      if (answer <= -3) throw sipoutError(decoder.decode(memory().subarray(look.scratch, look.scratch - 3 - answer)));
    }
    return super.lookup(phone);
  }
}

/** The decision for a call from `phone` with the project's clients in `index`. */
export function matchClient(phone, index, project) {
  if (!(index instanceof glue.ClientIndex)) {
    const got = index === null ? 'null' : typeof index;
    throw new SipoutError(`index: expected a ClientIndex, got ${got}`, 'invalid_argument');
  }
  return glue.matchClient(phone, index, project);
}

export { parsePhone, findPhones, formatPhone, ClientMatcher } from './salebot_sipout.js';
export { SipoutError } from './crossing.js';
