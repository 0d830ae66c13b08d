// The phone API through the npm package in Node (run after scripts/build.sh).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as api from '../../pkg/node.js';
import { phoneCases } from './phone-cases.mjs';

const golden = readFileSync(new URL('../fixtures/phones.tsv', import.meta.url), 'utf8');
for (const [name, run] of phoneCases(api, golden)) test(name, run);
