// Types of the package's main entry, `@salebot/sipout`: every export is ready to call as
// soon as the import resolves, whichever runtime loaded it (browser, bundler, Node, Deno,
// Cloudflare Workers). The functions and the data shapes come from the module's own
// declarations (api.d.ts, generated from the Rust sources); the error class is declared here.
// These types need no DOM library.
export * from './api.js';
export { SipoutError } from './crossing.js';

/**
 * Instantiates the module from its bytes. The entry has already done it by the time the
 * import resolves, so a host never needs to; a later call changes nothing. To load the
 * module yourself (another URL, a compiled module), import `@salebot/sipout/init`.
 */
export declare function initSync(options: { module: ArrayBuffer | ArrayBufferView }): void;
