// The package's API: the module's exports, with fast lanes for the calls a host makes by
// the million (normalizePhone, normalizePhones, handleWebhook). A lane only moves data: it writes the
// input into the module's memory and reads the answer back. Every decision is the
// module's, and whatever a lane cannot answer goes to the module's own export.
import * as glue from './salebot_sipout.js';
import { sipoutError } from './crossing.js';

let wasm = null; // the instance's exports, once initialised
let bytes = null; // a view of the module's memory; renewed when memory grows
let scratch = 0; // the address of the phone lane's input buffer
let message = 0; // the address where the phone lane writes an error
let maxBatch = 0; // the most inputs normalizePhones takes
let hookHeader = 0; // the address of the webhook lane's header
let hookInput = 0; // the address of the webhook lane's input buffer, and its size
let hookInputSize = 0;
let hookMax = 0; // the longest body the webhook lane takes
let words = null; // a view of the module's memory as 32-bit numbers
const SCRATCH_UNITS = 256; // a longer string is never a phone: the module's export says why
const CHUNK = 1024; // inputs per batch-lane call, to keep the module's buffers small
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function attach(exports) {
  wasm = exports;
  bytes = null;
  scratch = exports.__phoneScratch();
  message = exports.__phoneMessage();
  maxBatch = exports.__phonesMax();
  hookHeader = exports.__webhookHeader() >> 2;
  hookInput = 0;
  hookInputSize = 0;
  hookMax = exports.__webhookMax();
  words = null;
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
  if (words === null || words.byteLength === 0) words = new Int32Array(wasm.memory.buffer);
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
const SEVEN_TWO = TWO.map((two) => '7' + two);
function phoneString(national) {
  const hi = Math.floor(national / 100000);
  const lo = national - hi * 100000;
  const h = (hi / 1000) | 0;
  const l = (lo / 1000) | 0;
  return SEVEN_TWO[h] + THREE[hi - h * 1000] + TWO[l] + THREE[lo - l * 1000];
}

/** The canonical form "7XXXXXXXXXX" of a phone in any accepted spelling; throws a SipoutError otherwise. */
export function normalizePhone(input) {
  if (wasm !== null && typeof input === 'string' && input.length <= SCRATCH_UNITS) {
    const end = writeUtf8(memory(), input, scratch, scratch + SCRATCH_UNITS * 3);
    const answer = wasm.__phoneNational(end - scratch);
    if (answer >= 0) return phoneString(answer);
    if (answer < 0) throw sipoutError(decoder.decode(memory().subarray(message, message - answer)));
  }
  return glue.normalizePhone(input);
}

// One chunk of a batch through the lane into `out` from `start`; false if the lane can't.
function batchChunk(inputs, start, count, out) {
  const end = start + count;
  let units = 0;
  let long = false;
  for (let i = start; i < end; i++) {
    const n = inputs[i].length;
    if (n > SCRATCH_UNITS) long = true;
    units += n + 1;
  }
  let size = units * 3;
  let base;
  let length;
  if (!long) {
    // Joined and encoded natively: faster than a character loop in JS.
    base = wasm.__phonesInput(size);
    const chunk = start === 0 && end === inputs.length ? inputs : inputs.slice(start, end);
    length = encoder.encodeInto(chunk.join('\0'), memory().subarray(base, base + size)).written;
  } else {
    // A string too long to be a phone crosses as one byte that is not one.
    size = count * (SCRATCH_UNITS * 3 + 1);
    base = wasm.__phonesInput(size);
    const mem = memory();
    let at = base;
    for (let i = start; i < end; i++) {
      if (i > start) mem[at++] = 0;
      const s = inputs[i];
      at = s.length > SCRATCH_UNITS ? ((mem[at] = 0x78), at + 1) : writeUtf8(mem, s, at, base + size);
    }
    length = at - base;
  }
  const answer = wasm.__phonesBatch(length, count);
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

// The webhook lane (src/js/webhook.rs says the layout). Pieces going in: content type,
// body, locale, employee name, then the deal's seven call variables.
const VARIABLES = ['call_action', 'call_status', 'call_total_duration_sec', 'call_talk_duration_sec', 'call_record_link', 'call_did', 'call_id'];
const IN_PIECES = 4 + VARIABLES.length;
const pieces = new Array(IN_PIECES);

// A piece the lane can carry: a string, or absent (-1 in the header). Anything else
// (a number where a string belongs) goes to the module's export, which says what is wrong.
const isPiece = (v) => v === undefined || v === null || typeof v === 'string';

// Moves the call's pieces into the module; false if the lane cannot carry them.
function hookIn(body, contentType, options) {
  let previous;
  let locale;
  let name;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || Array.isArray(options)) return false;
    ({ previous, locale, employeeName: name } = options);
    if (!isPiece(locale) || !isPiece(name)) return false;
    if (previous !== undefined && previous !== null && (typeof previous !== 'object' || Array.isArray(previous))) return false;
  }
  if (!isPiece(contentType)) return false;
  const isText = typeof body === 'string';
  if (!(isText || body instanceof Uint8Array) || body.length > hookMax) return false;
  pieces[0] = contentType;
  pieces[1] = body;
  pieces[2] = locale;
  pieces[3] = name;
  let size = isText ? body.length * 3 : body.length;
  for (let i = 0; i < IN_PIECES; i++) {
    if (i >= 4) {
      const v = previous === undefined || previous === null ? undefined : previous[VARIABLES[i - 4]];
      if (!isPiece(v)) return false;
      pieces[i] = v;
    }
    if (i !== 1 && typeof pieces[i] === 'string') size += pieces[i].length * 3;
  }
  if (size > hookInputSize) {
    hookInputSize = Math.max(size, 2 * hookInputSize, 4096);
    hookInput = wasm.__webhookInput(hookInputSize);
  }
  const mem = memory();
  const header = memoryWords();
  const end = hookInput + hookInputSize;
  let at = hookInput;
  for (let i = 0; i < IN_PIECES; i++) {
    const p = pieces[i];
    let next;
    if (p === undefined || p === null) {
      header[hookHeader + i] = -1;
      continue;
    }
    if (i === 1 && !isText) {
      mem.set(p, at);
      next = at + p.length;
    } else if (i === 1) {
      next = at + encoder.encodeInto(p, mem.subarray(at, end)).written;
    } else {
      next = writeUtf8(mem, p, at, end);
    }
    header[hookHeader + i] = next - at;
    at = next;
  }
  return true;
}

// Builds the result from the lane's output: the strings in one decoded text, their lengths
// and the numbers in the header.
function hookOut(len) {
  const start = wasm.__webhookOutput();
  const text = decoder.decode(memory().subarray(start, start + len));
  const h = memoryWords();
  const base = hookHeader;
  let at = 0;
  const take = (n) => text.slice(at, (at += n));
  const event = { callId: take(h[base]), action: take(h[base + 1]), direction: take(h[base + 2]), phone: take(h[base + 3]) };
  const did = h[base + 4] >= 0 ? take(h[base + 4]) : undefined;
  const extension = h[base + 5] >= 0 ? take(h[base + 5]) : undefined;
  const status = h[base + 6] >= 0 ? take(h[base + 6]) : undefined;
  const statusRaw = h[base + 7] >= 0 ? take(h[base + 7]) : undefined;
  const recordLink = h[base + 8] >= 0 ? take(h[base + 8]) : undefined;
  const eventText = h[base + 9] >= 0 ? take(h[base + 9]) : undefined;
  const time = h[base + 10] >= 0 ? take(h[base + 10]) : undefined;
  const dedupKey = take(h[base + 11]);
  const total = h[base + 12];
  const talk = h[base + 13];
  // The call facts, in the order the module's JSON has them: the event's, and a
  // notification's data.
  const facts = (o) => {
    if (did !== undefined) o.did = did;
    if (extension !== undefined) o.extension = extension;
    if (status !== undefined) o.status = status;
    return o;
  };
  const tail = (o) => {
    if (total >= 0) o.totalDurationSec = total;
    if (talk >= 0) o.talkDurationSec = talk;
    if (recordLink !== undefined) o.recordLink = recordLink;
    return o;
  };
  facts(event);
  if (statusRaw !== undefined) event.statusRaw = statusRaw;
  tail(event);
  if (eventText !== undefined) event.text = eventText;
  if (time !== undefined) event.time = time;
  event.dedupKey = dedupKey;
  const variables = {};
  for (let i = 0; i < VARIABLES.length; i++) variables[VARIABLES[i]] = take(h[base + 14 + i]);
  const count = h[base + 21];
  const notifications = new Array(count);
  for (let i = 0; i < count; i++) {
    const k = base + 22 + 3 * i;
    const note = { kind: h[k] === 1 ? 'callback' : 'telephony', text: take(h[k + 1]) };
    if (h[k + 2] === 1) {
      const data = tail(facts({ callId: event.callId, action: event.action, direction: event.direction, phone: event.phone }));
      if (time !== undefined) data.time = time;
      note.data = data;
    }
    notifications[i] = note;
  }
  return { event, variables, notifications };
}

/** A webhook read, its deal variables and its notifications, in one call. */
export function handleWebhook(body, contentType, options) {
  if (wasm !== null && hookIn(body, contentType, options)) {
    const len = wasm.__webhookHandle();
    if (len >= 0) return hookOut(len);
    if (len > -2147483648) {
      const start = wasm.__webhookOutput();
      throw sipoutError(decoder.decode(memory().subarray(start, start - len)));
    }
  }
  return glue.handleWebhook(body, contentType, options);
}

export { parsePhone, findPhones, formatPhone, parseWebhook, dealVariables, buildNotifications } from './salebot_sipout.js';
export {
  validateSettings,
  sipoutEmployees,
  applyExtensions,
  maskApiKey,
  phoneAction,
  cardPhoneActions,
  callbackWidgetRequest,
} from './salebot_sipout.js';
export { blockActions, blockCallbacks, runBlockAction } from './salebot_sipout.js';
export { SipoutError } from './crossing.js';
