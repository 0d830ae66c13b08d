// Small JS helpers that the module's boundary (src/js) imports, where work done in JS is
// cheaper than crossing value by value. The package entry (index.js) shares this module.

/**
 * What every function of the module throws on bad input: `code` is stable and
 * machine-readable, `reason` refines it, the message names the field and the problem.
 *
 * No stack trace is captured: it would cost microseconds per error on paths where bad
 * input is routine (one phone in ten), and the message says all there is to say. V8 spends
 * more on an empty trace (a limit of 0) than on none at all (a limit that is not a
 * number) and a stack set afterwards, so the error is made with none and its `stack` is
 * set to what an empty trace shows: "SipoutError: message".
 */
export class SipoutError extends Error {
  constructor(message, code, reason) {
    const limit = Error.stackTraceLimit;
    let own = typeof limit === 'number';
    try {
      if (own) Error.stackTraceLimit = undefined;
    } catch {
      own = false; // a frozen Error (a locked-down realm): a trace is captured after all
    }
    try {
      super(message);
    } finally {
      if (own) Error.stackTraceLimit = limit;
    }
    this.stack = `SipoutError: ${message}`;
    this.code = code;
    if (reason) this.reason = reason;
  }
}
Object.defineProperty(SipoutError.prototype, 'name', { value: 'SipoutError', writable: true, configurable: true });

/** A SipoutError from the packed form "code\nreason\nmessage". */
export function sipoutError(packed) {
  const a = packed.indexOf('\n');
  const b = packed.indexOf('\n', a + 1);
  return new SipoutError(packed.slice(b + 1), packed.slice(0, a), packed.slice(a + 1, b));
}

// Reading a host's value can run the host's code: a getter, a Proxy's trap, a toJSON. An
// exception thrown there must never unwind through the module's frames: it would skip
// the module's own clean-up (its stack pointer) and, repeated, break the instance. So the
// module reads values that may run code through the helpers below, which never throw, or
// through imports declared \`catch\`.

/**
 * 32 random bits, for the seed of an index's tables: from crypto.getRandomValues, else
 * Math.random; 0 in a realm that has neither (a locked-down one may tame both).
 */
export function randomBits() {
  try {
    return crypto.getRandomValues(new Uint32Array(1))[0];
  } catch {
    // no Web Crypto here, or not at this point (some runtimes refuse it at startup)
  }
  try {
    return (Math.random() * 4294967296) >>> 0;
  } catch {
    return 0;
  }
}

/** Array.isArray, false where it would throw (a revoked Proxy). */
export function isArray(value) {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayName = Object.getOwnPropertyDescriptor(typedArray, Symbol.toStringTag).get;
const typedArrayLength = Object.getOwnPropertyDescriptor(typedArray, 'length').get;

/**
 * A fresh copy of a real Uint8Array (a Node Buffer too), read from its internal slots so
 * that no getter or trap runs; undefined for any other value (a Proxy, another view) and
 * for an array whose buffer was detached.
 */
export function bytesOf(value) {
  if (typedArrayName.call(value) !== 'Uint8Array') return undefined;
  try {
    const copy = new Uint8Array(typedArrayLength.call(value));
    copy.set(value);
    return copy;
  } catch {
    return undefined;
  }
}

/** The length of a string in UTF-8 as the module receives it (a lone surrogate as U+FFFD). */
function utf8Length(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      n += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: two units, four bytes
      i++;
    } else {
      n += 2;
    }
  }
  return n;
}

/**
 * 0 when `value` is not a string or its UTF-8 takes at most `max` bytes; otherwise that
 * length, so that the module refuses a string over a limit without copying it in.
 */
export function stringOver(value, max) {
  if (typeof value !== 'string' || value.length * 3 <= max) return 0;
  const n = utf8Length(value);
  return n > max ? n : 0;
}

/** JSON text to a JS value. */
export function jsonParse(text) {
  return JSON.parse(text);
}

/**
 * A JS value to JSON text; undefined when it has none (a function, a cycle, a BigInt, a
 * toJSON or getter that throws, nesting too deep for the stack); its length when that is
 * over `max` UTF-16 units, so that the module refuses it without copying it in.
 */
export function jsonStringify(value, max) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return typeof text === 'string' && text.length > max ? text.length : text;
}
