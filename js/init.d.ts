// Types of `@salebot/sipout/init`: the same API as the main entry, for hosts that load the
// module themselves. Call `init()` (or `initSync()`) once and wait for it before any other
// function; until then they throw.
export * from './index.js';

/** Where `init` can take the module from: a URL to fetch, a response, its bytes, or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Instantiates the module from its bytes or from a compiled `WebAssembly.Module`, at once.
 * Returns the instance's raw exports, which a host does not need. A later call changes
 * nothing.
 */
export declare function initSync(options: { module: BufferSource | WebAssembly.Module }): WebAssembly.Exports;

/**
 * Fetches and instantiates the module: from `module_or_path` if given, else from
 * `salebot_sipout_bg.wasm` beside the package's files. Resolves to the instance's raw
 * exports, which a host does not need. A later call changes nothing.
 */
export default function init(options?: {
  module_or_path?: InitInput | Promise<InitInput>;
}): Promise<WebAssembly.Exports>;
