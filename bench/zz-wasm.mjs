import { readFileSync } from 'node:fs';
import * as glue from '../pkg/salebot_sipout.js';
import { corpus } from './corpus.mjs';
const wasm = glue.initSync({ module: readFileSync(new URL('../pkg/salebot_sipout_bg.wasm', import.meta.url)) });
const all = corpus(1024);
const joined = new TextEncoder().encode(all.join('\0'));
const base = wasm.__phonesInput(joined.length);
new Uint8Array(wasm.memory.buffer).set(joined, base);
let best = 1e9;
for (let r = 0; r < 25; r++) { const t0 = performance.now(); for (let k = 0; k < 100; k++) wasm.__phonesBatch(joined.length, 1024); best = Math.min(best, performance.now() - t0); }
console.log('wasm batch', (best * 1e6 / (100 * 1024)).toFixed(1), 'ns/item');
