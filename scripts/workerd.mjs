// Runs Cloudflare's Workers runtime (workerd, from npm) on localhost for tests and the demo.
//
// `startWorkerd(config, { cwd, env })` serves the config (Cap'n Proto, or a wrangler.json
// that workerd bundles with esbuild) with its socket named "http" moved to a free port on
// 127.0.0.1, and resolves, once workerd listens, to `{ url, port, stop(), log() }`.
// `bundleWorker(dir, entry)` bundles a worker as wrangler does; `startReferenceWorker(dir)`
// puts the reference worker (worker/) in `dir`, whose node_modules holds the package,
// bundles it and serves it with its KV namespace.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WORKERD = join(ROOT, 'node_modules', '.bin', 'workerd');

export function startWorkerd(config, { cwd = ROOT, env = {}, socket = 'http', timeoutMs = 30_000 } = {}) {
  // --control-fd: workerd reports on fd 3 the port it listens on, as a JSON line.
  const child = spawn(WORKERD, ['serve', config, '--socket-addr', `${socket}=127.0.0.1:0`, '--control-fd=3'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  }

  return new Promise((resolve, reject) => {
    let control = '';
    const fail = async (why) => {
      clearTimeout(timer);
      await stop();
      reject(new Error(`workerd ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (e) => fail(`could not start: ${e.message}`));
    exited.then(({ code, signal }) => fail(`exited (${signal ?? code}) before listening`));
    child.stdio[3].on('data', (d) => {
      control += d;
      for (const line of control.split('\n').slice(0, -1)) {
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        if (message.event === 'listen' && message.socket === socket) {
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${message.port}/`, port: message.port, stop, log: () => output });
        }
      }
    });
  });
}

/**
 * Bundles `entry` in `dir` into dir/dist/worker.js as wrangler bundles a worker: esbuild with
 * the export conditions "workerd", "worker", "browser", every .wasm import kept as a module of
 * its own (a compiled WebAssembly.Module) copied beside it. Resolves to the bundle's text.
 */
export async function bundleWorker(dir, entry = 'worker.js') {
  const out = join(dir, 'dist');
  mkdirSync(out, { recursive: true });
  const wasmModules = {
    name: 'wasm-modules',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, ({ path, resolveDir }) => {
        const file = join(resolveDir, path);
        copyFileSync(file, join(out, basename(file)));
        return { path: `./${basename(file)}`, external: true };
      });
    },
  };
  await build({
    entryPoints: [join(dir, entry)],
    outfile: join(out, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    plugins: [wasmModules],
    logLevel: 'warning',
  });
  return readFileSync(join(out, 'worker.js'), 'utf8');
}

/** The reference worker's files (worker/), copied into a project that depends on the package. */
export const REFERENCE_WORKER_FILES = ['index.js', 'storage.js', 'kv-service.js', 'config.capnp'];

/**
 * Serves the reference worker under workerd from `dir` (a folder whose node_modules holds
 * @salebot/sipout): copies worker/ in, bundles it, starts workerd with `env` (SIPOUT_SECRET,
 * SIPOUT_SETTINGS). Resolves as startWorkerd does.
 */
export async function startReferenceWorker(dir, { env = {}, socket = 'http' } = {}) {
  for (const file of REFERENCE_WORKER_FILES) copyFileSync(join(ROOT, 'worker', file), join(dir, file));
  await bundleWorker(dir, 'index.js');
  return startWorkerd('config.capnp', { cwd: dir, env, socket });
}
