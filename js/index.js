// The package's API: the module's exports, with fast lanes for the calls a host makes by
// the million (normalizePhone, normalizePhones, handleWebhook, ClientIndex's addClients
// and lookup). A lane only moves data: it writes the input into the module's memory and
// reads the answer back. Every decision is the module's, and whatever a lane cannot
// answer goes to the module's own export.
import * as glue from './salebot_sipout.js';
import { sipoutError, SipoutError } from './crossing.js';
import { ACTIONS, CALLBACKS } from './manifest.js';

let wasm = null; // the instance's exports, once initialised
let bytes = null; // a view of the module's memory; renewed when memory grows
let scratch = 0; // the address of the phone lane's input buffer
let message = 0; // the address where the phone lane writes its answer: a phone or an error
let maxBatch = 0; // the most inputs normalizePhones takes
let hookHeader = 0; // the address of the webhook lane's header
let hookInput = 0; // the address of the webhook lane's input buffer, and its size
let hookInputSize = 0;
let hookMax = 0; // the longest body the webhook lane takes
let words = null; // a view of the module's memory as 32-bit numbers
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
  message = exports.__phoneMessage();
  maxBatch = exports.__phonesMax();
  hookHeader = exports.__webhookHeader() >> 2;
  hookInput = 0;
  hookInputSize = 0;
  hookMax = exports.__webhookMax();
  words = null;
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

// The lanes read the host's values, which can run the host's code (a getter, a Proxy's
// trap) and throw. Whatever a lane's reading throws, the module's own export reads the
// value again and says what is wrong with a SipoutError, the thrown value as its cause.
// A SipoutError from the lane and a trap of the module (a RuntimeError, a bug) go through.
function laneFailed(e) {
  if (e instanceof SipoutError || e instanceof WebAssembly.RuntimeError) throw e;
}

// The classes' objects: a call on one that was freed, or on one whose call is still running
// (the host's code, run by the module as it reads an argument, calling back in), would make
// the glue throw from inside the module, skipping its clean-up; repeated, that breaks the
// instance. The classes below answer both with a SipoutError before entering the module.
const LIVE = 0;
const BUSY = 1;
const FREED = 2;

// The state a call moves an object to, or the error it throws. `ptr` is the glue's handle
// of the object in the module: 0 once freed, also through the glue's own internals.
function enter(state, ptr, name) {
  if (state === LIVE && ptr !== 0) return BUSY;
  const why = state === BUSY ? 'called while another call on the object runs' : 'the object was freed';
  throw new SipoutError(`${name}: ${why}`, 'invalid_argument');
}

// Wraps every public method of `Base` that `Class` does not define itself in `use`; the
// lanes' internal methods (`__…`, called by the class's own methods while busy) only check
// that the object is not freed.
function guardMethods(Class, Base, use) {
  for (const name of Object.getOwnPropertyNames(Base.prototype)) {
    if (name === 'constructor' || name === 'free' || name === '__destroy_into_raw' || Object.hasOwn(Class.prototype, name)) continue;
    const method = Object.getOwnPropertyDescriptor(Base.prototype, name).value;
    if (typeof method !== 'function') continue;
    // (The internal methods take at most three arguments.)
    const value = name.startsWith('__')
      ? function (a, b, c) {
          if (this.__wbg_ptr === 0) enter(FREED, 0, name);
          return method.call(this, a, b, c);
        }
      : function (...args) {
          return use(this, name, () => method.apply(this, args));
        };
    Object.defineProperty(Class.prototype, name, { value, writable: true, configurable: true });
  }
}

/** The canonical form "7XXXXXXXXXX" of a phone in any accepted spelling; throws a SipoutError otherwise. */
export function normalizePhone(input) {
  if (wasm !== null && typeof input === 'string' && input.length <= SCRATCH_UNITS) {
    const end = writeUtf8(memory(), input, scratch, scratch + SCRATCH_UNITS * 3);
    const answer = wasm.__phoneLane(end - scratch);
    if (answer === 0) {
      // The 11 ASCII digits: a string of char codes is made faster than of a number.
      const m = memory();
      const d = message;
      return String.fromCharCode(m[d], m[d + 1], m[d + 2], m[d + 3], m[d + 4], m[d + 5], m[d + 6], m[d + 7], m[d + 8], m[d + 9], m[d + 10]);
    }
    if (answer < 0) throw sipoutError(decoder.decode(memory().subarray(message, message - answer)));
  }
  return glue.normalizePhone(input);
}

// One chunk of a batch through the lane into `out` from `start`; false if the lane can't
// (an input that is not a string: the module's export says what is wrong).
function batchChunk(inputs, start, count, out) {
  const end = start + count;
  let units = 0;
  let long = false;
  for (let i = start; i < end; i++) {
    const s = inputs[i];
    if (typeof s !== 'string') return false;
    const n = s.length;
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
  let out = null;
  try {
    out = batchLane(inputs);
  } catch (e) {
    laneFailed(e);
  }
  return out ?? glue.normalizePhones(inputs);
}

// The batch through the lane, or null if the lane cannot carry it.
function batchLane(inputs) {
  if (wasm === null || !Array.isArray(inputs) || inputs.length > maxBatch) return null;
  const out = new Array(inputs.length);
  for (let start = 0; start < inputs.length; start += CHUNK) {
    if (!batchChunk(inputs, start, Math.min(CHUNK, inputs.length - start), out)) return null;
  }
  return out;
}

// The webhook lane (src/js/webhook.rs says the layout). Pieces going in: content type,
// body, locale, employee name, then the deal's seven call variables.
const VARIABLES = ['call_action', 'call_status', 'call_total_duration_sec', 'call_talk_duration_sec', 'call_record_link', 'call_did', 'call_id'];
const IN_PIECES = 4 + VARIABLES.length;
const pieces = new Array(IN_PIECES);

// A piece the lane can carry: a string, or absent (-1 in the header). Anything else
// (a number where a string belongs, a string longer than any the module takes there) goes
// to the module's export, which says what is wrong.
const PIECE_MAX = 4096; // the module's MAX_OPTION_BYTES; it checks the bytes
const isPiece = (v) => v === undefined || v === null || (typeof v === 'string' && v.length <= PIECE_MAX);

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
  if (!(isText || (body instanceof Uint8Array && ArrayBuffer.isView(body))) || body.length > hookMax) return false;
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
  let carried = false;
  try {
    carried = wasm !== null && hookIn(body, contentType, options);
  } catch (e) {
    laneFailed(e);
  }
  if (carried) {
    const len = wasm.__webhookHandle();
    if (len >= 0) return hookOut(len);
    if (len > -2147483648) {
      const start = wasm.__webhookOutput();
      throw sipoutError(decoder.decode(memory().subarray(start, start - len)));
    }
  }
  return glue.handleWebhook(body, contentType, options);
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
  #state = LIVE;

  /** Adds clients after those already in, in the project's order; all or none. */
  addClients(clients) {
    this.#state = enter(this.#state, this.__wbg_ptr, 'addClients');
    try {
      return this.#addClients(clients);
    } finally {
      this.#state = LIVE;
    }
  }

  #addClients(clients) {
    let lane = false;
    try {
      lane = wasm !== null && Array.isArray(clients);
    } catch (e) {
      laneFailed(e);
    }
    if (!lane) return super.addClients(clients);
    this.__addBegin();
    let sent = false;
    try {
      sent = sendClients(this, clients);
    } catch (e) {
      this.__addAbort();
      laneFailed(e);
    }
    if (!sent) {
      this.__addAbort();
      return super.addClients(clients);
    }
    this.__addCommit();
  }

  /** The client a call from `phone` belongs to, or undefined. */
  lookup(phone) {
    if (this.#state !== LIVE || this.__wbg_ptr === 0) enter(this.#state, this.__wbg_ptr, 'lookup');
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

  free() {
    if (this.#state === LIVE) {
      this.#state = FREED;
      super.free();
    }
  }

  /** Runs `f` on `index` as a call that uses it (matchClient does). */
  static use(index, name, f) {
    index.#state = enter(index.#state, index.__wbg_ptr, name);
    try {
      return f();
    } finally {
      index.#state = LIVE;
    }
  }

  static isOne(value) {
    return typeof value === 'object' && value !== null && #state in value;
  }
}
guardMethods(ClientIndex, glue.ClientIndex, (self, name, f) => ClientIndex.use(self, name, f));
if (Symbol.dispose) ClientIndex.prototype[Symbol.dispose] = ClientIndex.prototype.free;

/** A step-by-step matcher for one call: it asks for the rows it needs, then decides. */
export class ClientMatcher extends glue.ClientMatcher {
  #state = LIVE;

  free() {
    if (this.#state === LIVE) {
      this.#state = FREED;
      super.free();
    }
  }

  static use(matcher, name, f) {
    matcher.#state = enter(matcher.#state, matcher.__wbg_ptr, name);
    try {
      return f();
    } finally {
      matcher.#state = LIVE;
    }
  }
}
guardMethods(ClientMatcher, glue.ClientMatcher, (self, name, f) => ClientMatcher.use(self, name, f));
if (Symbol.dispose) ClientMatcher.prototype[Symbol.dispose] = ClientMatcher.prototype.free;

/** The decision for a call from `phone` with the project's clients in `index`. */
export function matchClient(phone, index, project) {
  if (ClientIndex.isOne(index)) {
    return ClientIndex.use(index, 'matchClient', () => glue.matchClient(phone, index, project));
  }
  let glueIndex = false; // the module's own class, as the glue exports it
  try {
    glueIndex = index instanceof glue.ClientIndex && index.__wbg_ptr !== 0;
  } catch {
    // a Proxy whose trap throws: not a ClientIndex
  }
  if (!glueIndex) {
    const got = index === null ? 'null' : typeof index;
    throw new SipoutError(`index: expected a ClientIndex, got ${got}`, 'invalid_argument');
  }
  return glue.matchClient(phone, index, project);
}

// The manifest is data beside the module; the module checks the locale (and says what is
// wrong with it, as every export does).
export function blockActions(locale) {
  return JSON.parse(ACTIONS[glue.__localeOf(locale)]);
}

export function blockCallbacks(locale) {
  return JSON.parse(CALLBACKS[glue.__localeOf(locale)]);
}

export {
  parsePhone,
  findPhones,
  formatPhone,
  parseWebhook,
  dealVariables,
  buildNotifications,
  crmRequests,
  bitrixRegisterState,
  validateSettings,
  sipoutEmployees,
  applyExtensions,
  maskApiKey,
  phoneAction,
  cardPhoneActions,
  callbackWidgetRequest,
  runBlockAction,
} from './salebot_sipout.js';
export { SipoutError } from './crossing.js';
