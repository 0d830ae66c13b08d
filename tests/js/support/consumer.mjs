// A project that depends on the npm package as a user's would: the package is packed from
// pkg/ with `npm pack` (so only its published files come along) and unpacked into the
// project's node_modules. Each test gets its own project under target/consumers/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PKG = join(ROOT, 'pkg');
export const PACKAGE_NAME = JSON.parse(readFileSync(join(ROOT, 'js/package.json'), 'utf8')).name;

/**
 * A fresh project folder named `name` holding the packed package and `files`
 * (destination → string contents, or { from: path relative to the repository }).
 */
export function consumer(name, files = {}) {
  const dir = join(ROOT, 'target', 'consumers', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', PKG, '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const target = join(dir, 'node_modules', ...PACKAGE_NAME.split('/'));
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', target, '--strip-components=1']);
  rmSync(join(dir, packed.filename));
  const manifest = {
    name: `consumer-${name}`,
    private: true,
    type: 'module',
    dependencies: { [PACKAGE_NAME]: packed.version },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [dest, content] of Object.entries(files)) {
    const path = join(dir, dest);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'string') writeFileSync(path, content);
    else cpSync(join(ROOT, content.from), path, { recursive: true });
  }
  return { dir, files: packed.files.map((f) => f.path) };
}

/** The export names of the package's Node entry, sorted: what every other entry must give. */
export async function nodeExports() {
  return Object.keys(await import(join(PKG, 'node.js'))).sort();
}
