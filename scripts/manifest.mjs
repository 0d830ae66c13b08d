// Writes the package's block manifest (pkg/manifest.js): what blockActions and
// blockCallbacks give, in Russian and in English, read from the C-ABI module built from
// the same sources (its `sipout_manifest`), so that the package's module need not carry the
// texts. Usage: node scripts/manifest.mjs <C-ABI module> <output file>
import { readFileSync, writeFileSync } from 'node:fs';

const [modulePath, outPath] = process.argv.slice(2);
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(modulePath)), {});

// One language of the manifest: `{actions, callbacks}`, from the module's answer.
function manifest(locale) {
  const at = exports.sipout_manifest(locale);
  const len = new DataView(exports.memory.buffer).getUint32(at, true);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(exports.memory.buffer, at + 4, len));
  exports.sipout_free(at, 4 + len);
  const answer = JSON.parse(text);
  if (!answer.ok) throw new Error(`manifest: the module answered ${text.slice(0, 200)}`);
  return answer.ok;
}

const languages = [manifest(0), manifest(1)]; // as the module's __localeOf numbers them
const texts = (key) => `[\n${languages.map((m) => `  ${JSON.stringify(JSON.stringify(m[key]))},`).join('\n')}\n]`;
writeFileSync(
  outPath,
  `// The block manifest, in Russian then English, as JSON texts (parsed on each call, so that\n` +
    `// every caller gets its own objects). Written at build time from the module's table of\n` +
    `// block actions (src/block/actions.rs and callbacks.rs); not to be edited.\n` +
    `export const ACTIONS = ${texts('actions')};\n` +
    `export const CALLBACKS = ${texts('callbacks')};\n`,
);
