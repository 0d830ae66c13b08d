// A project that depends on @salebot/sipout, run by Node or by Deno from the project's
// folder: imports the package by name, runs the cases, and prints the report as JSON with
// the file that the package name resolved to.
import { readFileSync } from 'node:fs';
import * as api from '@salebot/sipout';
import { runCases } from './run-cases.mjs';

const golden = readFileSync(new URL('./phones.tsv', import.meta.url), 'utf8');
console.log(JSON.stringify({ entry: import.meta.resolve('@salebot/sipout'), ...runCases(api, golden) }));
