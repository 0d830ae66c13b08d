// The package's TypeScript types, as published (run after scripts/build.sh): a typed usage
// example compiles with `tsc --strict --noEmit` for bundlers and for Node, the declared
// exports are exactly the exports at run time, and no declaration says `any`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { consumer, PACKAGE_NAME, PKG, ROOT } from './support/consumer.mjs';

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

let project;
before(() => {
  project = consumer('types', {
    'usage.ts': { from: 'tests/types/usage.ts' },
    'usage-init.ts': { from: 'tests/types/usage-init.ts' },
    'usage-block.ts': { from: 'tests/types/usage-block.ts' },
    'tsconfig.bundler.json': { from: 'tests/types/tsconfig.bundler.json' },
    'tsconfig.node.json': { from: 'tests/types/tsconfig.node.json' },
  });
});

function tsc(config) {
  try {
    execFileSync(TSC, ['-p', config, '--strict', '--noEmit'], { cwd: project.dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc -p ${config} failed:\n${e.stdout}${e.stderr}`);
  }
}

/** An object type-checked to have exactly the keys the types give the module namespace. */
const exactly = (names, namespace) =>
  `export const ${namespace}Names = {\n${names.map((n) => `  ${JSON.stringify(n)}: true,\n`).join('')}} ` +
  `satisfies Record<keyof typeof ${namespace}, true>;\n`;

test('the declared exports are exactly the exports at run time', async () => {
  const main = Object.keys(await import(join(PKG, 'node.js')));
  const init = Object.keys(await import(join(PKG, 'index.js')));
  writeFileSync(
    join(project.dir, 'names.ts'),
    `import * as main from '${PACKAGE_NAME}';\nimport * as init from '${PACKAGE_NAME}/init';\n\n` +
      exactly(main, 'main') +
      exactly(init, 'init'),
  );
  // Run alone, so that a failure here names this check.
  writeFileSync(
    join(project.dir, 'tsconfig.names.json'),
    JSON.stringify({ extends: './tsconfig.bundler.json', files: ['names.ts'] }),
  );
  tsc('tsconfig.names.json');
});

test('the usage example compiles for bundlers and browsers (DOM library, "bundler" resolution)', () => {
  tsc('tsconfig.bundler.json');
});

test('the usage example compiles for Node (no DOM library, "nodenext" resolution)', () => {
  tsc('tsconfig.node.json');
});

test('no published declaration uses `any`', () => {
  const declarations = project.files.filter((f) => f.endsWith('.d.ts'));
  assert.ok(declarations.includes('index.d.ts') && declarations.includes('api.d.ts'), declarations.join(', '));
  for (const file of declarations) {
    const text = readFileSync(join(PKG, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/g, '""');
    assert.doesNotMatch(text, /\bany\b/, file);
  }
});

test('every entry of the package has types', () => {
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  for (const [path, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue; // plain files: the .wasm, package.json
    assert.equal(Object.keys(target)[0], 'types', `${path}: "types" comes first`);
    assert.ok(project.files.includes(target.types.slice(2)), `${path}: ${target.types} is published`);
  }
});
