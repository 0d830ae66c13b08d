// Node entry of the package: loads the module synchronously from the file beside it.
import { readFileSync } from 'node:fs';
import { initSync } from './index.js';

initSync({ module: readFileSync(new URL('./salebot_sipout_bg.wasm', import.meta.url)) });

export * from './index.js';
