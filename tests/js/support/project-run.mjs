// Runs tests/consumer/run.mjs in a fresh project with `command` and gives its report.
import { execFileSync } from 'node:child_process';
import { consumer } from './consumer.mjs';

export function projectReport(name, command, args, env = {}) {
  const { dir } = consumer(name, {
    'run.mjs': { from: 'tests/consumer/run.mjs' },
    'run-cases.mjs': { from: 'tests/js/run-cases.mjs' },
    'phone-cases.mjs': { from: 'tests/js/phone-cases.mjs' },
    'phones.tsv': { from: 'tests/fixtures/phones.tsv' },
  });
  const out = execFileSync(command, [...args, 'run.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}
