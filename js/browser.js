// Browser entry of the package (and the default one): fetches the module from the file
// beside it and instantiates it before the import resolves, so every export is ready to
// call. Works as a native ES module and through bundlers, which see the
// `new URL(…, import.meta.url)` and ship the .wasm file as an asset.
import init from './index.js';

await init({ module_or_path: new URL('./salebot_sipout_bg.wasm', import.meta.url) });

export * from './index.js';
