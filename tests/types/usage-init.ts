// A browser host that loads the module itself, through @salebot/sipout/init (uses the DOM
// library's types: URL, Response, BufferSource, WebAssembly).
import init, { initSync, normalizePhone, type InitInput } from '@salebot/sipout/init';

await init();
await init({ module_or_path: new URL('/static/salebot_sipout_bg.wasm', location.href) });
await init({ module_or_path: fetch('/static/salebot_sipout_bg.wasm') });
const source: InitInput = await WebAssembly.compileStreaming(fetch('/static/salebot_sipout_bg.wasm'));
await init({ module_or_path: source });
const exports: WebAssembly.Exports = initSync({ module: new Uint8Array(8) });

export const phone: string = normalizePhone('89123456789');
export { exports };

// @ts-expect-error init takes an options object, not a bare string
await init('/static/salebot_sipout_bg.wasm');
