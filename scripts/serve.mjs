// A small static file server for localhost: the playground (www/) and the npm package
// (pkg/) for the demo, and whatever folders a test mounts. Files only: no listing, no
// writes, nothing outside the mounted folders.
//
//   node scripts/serve.mjs [--port N] [--host H]   serves the playground, prints its address
//                                                  (port: --port, $PORT, or 8080 if free)
//
// As a module: `serve({ mounts: { '/': 'www', '/pkg/': 'pkg' } })` resolves to
// `{ url, port, close() }` (port 0, the default, picks a free one).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const DEFAULT_PORT = 8080;

/** What the demo serves: the playground at the root, the package beside it. */
export const PLAYGROUND = { '/': 'www', '/pkg/': 'pkg' };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The file a URL path names under the mounts, or null (outside them, or a bad path). */
function fileFor(mounts, pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.endsWith('/')) path += 'index.html';
  // The longest mount prefix wins: '/pkg/' before '/'.
  const prefix = Object.keys(mounts)
    .filter((p) => path.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) return null;
  const dir = resolve(ROOT, mounts[prefix]);
  const file = resolve(dir, `.${sep}${path.slice(prefix.length)}`);
  return file.startsWith(dir + sep) ? file : null;
}

/**
 * Starts serving. `mounts` maps URL prefixes ending in '/' to folders (relative to the
 * repository root, or absolute).
 */
export function serve({ mounts = PLAYGROUND, host = '127.0.0.1', port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const file = fileFor(mounts, new URL(req.url, 'http://localhost').pathname);
    if (file === null) return send(404, 'not found\n');
    let info;
    try {
      info = await stat(file);
    } catch {
      info = null;
    }
    if (!info?.isFile()) return send(404, 'not found\n');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      done({
        url: `http://${host}:${actual}/`,
        port: actual,
        close: () => new Promise((closed) => {
          server.closeAllConnections();
          server.close(() => closed());
        }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const host = option('--host', '127.0.0.1');
  const { url } = await listen(host, option('--port', process.env.PORT));
  console.log(`[serve] playground: ${url}`);
  const stop = () => process.exit(0);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Serves the playground on `port`; with none given, on 8080, or any free port if it is taken. */
export async function listen(host, port) {
  if (port !== undefined) return serve({ host, port: Number(port) });
  try {
    return await serve({ host, port: DEFAULT_PORT });
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e;
    return serve({ host, port: 0 });
  }
}
