// A deterministic corpus of phone inputs as people type them into Salebot: Russian mobile,
// city and toll-free numbers in the usual spellings, and about one in ten invalid.

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODES = ['912', '915', '916', '926', '903', '905', '985', '999', '977', '950', '495', '499', '812', '343', '383', '846', '863', '4012', '86137', '800'];

function national(r) {
  const code = CODES[Math.floor(r() * CODES.length)];
  let rest = '';
  while (code.length + rest.length < 10) rest += Math.floor(r() * 10);
  return [code, rest];
}

const STYLES = [
  (c, n) => `+7 ${c} ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (c, n) => `8 (${c}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (c, n) => `8${c}${n}`,
  (c, n) => `+7${c}${n}`,
  (c, n) => `7${c}${n}`,
  (c, n) => `${c}${n}`,
  (c, n) => `+7 (${c}) ${n}`,
  (c, n) => `8-${c}-${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (c, n) => `+7 ${c} ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`,
  (c, n) => `8 ${c} ${n}`,
];

const INVALID = [
  (c, n) => `${c}${n}`.slice(0, 7), // too few digits
  (c, n) => `+380 44 ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`, // another country
  (c, n) => `+7 ${c} ${n}0`, // a digit too many
  (c, n) => `${c}-abc-${n.slice(0, 4)}`, // letters
  (c, n) => `1${c}${n}`, // 11 digits, not 7 or 8 first
  () => 'n/a',
];

/** `size` inputs: `{ input, valid }`, valid telling whether the generator meant a phone. */
export function corpusEntries(size, seed = 42) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < size; i++) {
    const [c, n] = national(r);
    const valid = r() >= 0.1;
    const pool = valid ? STYLES : INVALID;
    out.push({ input: pool[Math.floor(r() * pool.length)](c, n), valid });
  }
  return out;
}

/** The inputs of `corpusEntries`. */
export function corpus(size, seed = 42) {
  return corpusEntries(size, seed).map((e) => e.input);
}
