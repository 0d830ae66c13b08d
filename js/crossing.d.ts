// Types of the package's error class (the class itself is js/crossing.js).
import type { ErrorCode } from './api.js';

/**
 * What every function of the module throws on bad input. `code` is stable and
 * machine-readable, `reason` refines it (`"too_few_digits"`), and the message names the
 * field and the problem. No stack trace is captured.
 *
 * ```ts
 * try {
 *   normalizePhone(input);
 * } catch (e) {
 *   if (e instanceof SipoutError && e.code === 'invalid_phone') showHint(e.reason, e.message);
 *   else throw e;
 * }
 * ```
 */
export declare class SipoutError extends Error {
  constructor(message: string, code: ErrorCode, reason?: string);
  name: 'SipoutError';
  /** The stable code of the error. */
  code: ErrorCode;
  /** A finer stable reason within the code, such as "too_few_digits"; absent when there is none. */
  reason?: string;
}
