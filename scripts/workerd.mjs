// Runs Cloudflare's Workers runtime (workerd, from npm) on localhost for tests and the demo.
//
// `startWorkerd(config, { cwd, env })` serves the config (Cap'n Proto, or a wrangler.json
// that workerd bundles with esbuild) with its socket named "http" moved to a free port on
// 127.0.0.1, and resolves, once workerd listens, to `{ url, port, stop(), log() }`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
