// Small JS helpers that the module's boundary (src/js) imports, where work done in JS is
// cheaper than crossing value by value. The package entry (index.js) shares this module.

/**
 * What every function of the module throws on bad input: `code` is stable and
 * machine-readable, `reason` refines it, the message names the field and the problem.
 *
 * No stack trace is captured: it would cost microseconds per error on paths where bad
 * input is routine (one phone in ten), and the message says all there is to say.
 */
export class SipoutError extends Error {
  constructor(message, code, reason) {
    const limit = Error.stackTraceLimit;
    const own = typeof limit === 'number';
    if (own) Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      if (own) Error.stackTraceLimit = limit;
    }
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

/** JSON text to a JS value. */
export function jsonParse(text) {
  return JSON.parse(text);
}

/** A JS value to JSON text, or undefined when it has none (a function, a cycle, a BigInt). */
export function jsonStringify(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
