// Cloudflare Workers entry of the package (the "workerd" export condition): the Workers
// runtime forbids compiling WebAssembly from bytes at run time, so the module comes in as a
// compiled WebAssembly.Module through an import, which wrangler and workerd provide for
// .wasm files, and is instantiated synchronously before the import resolves.
import module from './salebot_sipout_bg.wasm';
import { initSync } from './index.js';

initSync({ module });

export * from './index.js';
