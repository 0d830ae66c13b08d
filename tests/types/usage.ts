// A host's typed use of @salebot/sipout, compiled with `tsc --strict --noEmit` against the
// published types (tests/js/types.test.mjs). Needs no DOM library.
import {
  findPhones,
  formatPhone,
  normalizePhone,
  normalizePhones,
  parsePhone,
  SipoutError,
  type ErrorCode,
  type ParsedPhone,
} from '@salebot/sipout';

const canonical: string = normalizePhone('8 (912) 345-67-89');
const parsed: ParsedPhone = parsePhone('+7 495 123-45-67 доб. 45');
const phone: string = parsed.phone;
const extension: string | undefined = parsed.extension;
const batch: (string | null)[] = normalizePhones(['89123456789', 'n/a']);
const found: string[] = findPhones('Иван, 8 912 345-67-89 или +7 495 123 45 67');
const human: string = formatPhone(canonical);

/** What a client card shows for a value: the phone for people, or why it is not one. */
export function describe(input: string): string {
  try {
    return formatPhone(input);
  } catch (e) {
    if (e instanceof SipoutError) {
      const code: ErrorCode = e.code;
      const reason: string | undefined = e.reason;
      const name: 'SipoutError' = e.name;
      const error: Error = e;
      return `${name} ${code}/${reason ?? '-'}: ${error.message}`;
    }
    throw e;
  }
}

/** Only the phones of a list, canonical. */
export function phonesOnly(values: readonly string[]): string[] {
  return normalizePhones([...values]).filter((p): p is string => p !== null);
}

export const shown = [canonical, phone, extension, batch, found, human];

// The types are precise: each line below must fail to compile.
// @ts-expect-error a phone is a string, not a number
normalizePhone(79123456789);
// @ts-expect-error an entry of a batch is null where the input is not a phone
export const first: string = normalizePhones(['x'])[0];
// @ts-expect-error not an error code
export const code: ErrorCode = 'no_such_code';
// @ts-expect-error a parsed phone has no such field
export const country = parsed.country;
// @ts-expect-error findPhones takes text, not a list
findPhones(['89123456789']);
