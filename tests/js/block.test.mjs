// Block builders through the npm package in Node (run after scripts/build.sh): the
// manifest, and runBlockAction giving what the direct exports give on the golden cases of
// the other JS tests; the fixture the C-ABI tests read is what the exports give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from '../../pkg/node.js';
import { blockCases, DIRECT, fixture, outcome } from './block-cases.mjs';

const tsv = readFileSync(new URL('../fixtures/phones.tsv', import.meta.url), 'utf8');
const saved = JSON.parse(readFileSync(new URL('../fixtures/block-cases.json', import.meta.url), 'utf8'));

function throws(fn, code, reason, message) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof api.SipoutError, `a SipoutError, got ${caught}`);
  assert.equal(caught.code, code);
  assert.equal(caught.reason, reason);
  if (message !== undefined) assert.equal(caught.message, message);
  return caught;
}

test('every golden case gives through runBlockAction what the direct export gives', () => {
  const cases = blockCases(api, tsv);
  assert.ok(cases.length > 100, `${cases.length} cases`);
  let errors = 0;
  for (const [action, args] of cases) {
    const direct = outcome(() => DIRECT[action](api, args));
    const block = outcome(() => api.runBlockAction(action, args));
    assert.deepEqual(block, direct, `${action} ${JSON.stringify(args).slice(0, 200)}`);
    assert.equal(JSON.stringify(block), JSON.stringify(direct), 'the same key order');
    if (direct.error) errors++;
  }
  assert.ok(errors > 20 && errors < cases.length - 50, `${errors} error cases`);
});

test('the fixture for the C-ABI tests is what the direct exports give', () => {
  assert.deepEqual(saved, fixture(api, tsv), 'run `node tests/js/block-cases.mjs` to write it again');
});

test('the cases cover every action of the manifest', () => {
  const names = api.blockActions().map((a) => a.name);
  assert.deepEqual(Object.keys(DIRECT).sort(), [...names].sort());
  const covered = new Set(blockCases(api, tsv).map(([action]) => action));
  for (const name of names) assert.ok(covered.has(name), name);
  for (const name of names) {
    const ok = saved.filter((c) => c.action === name && 'ok' in c).length;
    const failed = saved.filter((c) => c.action === name && 'error' in c).length;
    // Finding phones fails only on a text over 1 MiB, too large for the fixture.
    assert.ok(ok > 0 && (failed > 0 || name === 'phone.find'), `${name}: ${ok} results and ${failed} errors in the fixture`);
  }
});

test('blockActions: stable names, texts in Russian by default and in English, parameters, results', () => {
  const ru = api.blockActions();
  const en = api.blockActions('en');
  assert.deepEqual(api.blockActions('ru'), ru);
  assert.deepEqual(api.blockActions(null), ru);
  assert.deepEqual(ru.map((a) => a.name), en.map((a) => a.name));
  for (const name of ['phone.normalize', 'phone.find', 'phone.format', 'webhook.parse', 'deal.variables',
    'notification.build', 'matching.decide', 'calling.phone_action', 'widget.callback_request']) {
    assert.ok(ru.some((a) => a.name === name), name);
  }
  for (const [i, a] of ru.entries()) {
    assert.match(a.name, /^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/, a.name);
    assert.equal(new Set(ru.map((x) => x.name)).size, ru.length, 'unique names');
    assert.match(a.title, /[а-яё]/i, `${a.name}: a Russian title`);
    assert.doesNotMatch(en[i].title, /[а-яё]/i, `${a.name}: an English title`);
    assert.ok(a.description.length > 20 && en[i].description.length > 20, a.name);
    assert.ok(a.params.length > 0, a.name);
    for (const p of a.params) {
      assert.match(p.name, /^[a-z][A-Za-z]*$/, `${a.name}.${p.name}: camelCase`);
      assert.ok(['string', 'object', 'array'].includes(p.type), `${a.name}.${p.name}: ${p.type}`);
      assert.equal(typeof p.required, 'boolean');
      assert.ok(p.description.length > 0);
    }
    assert.ok(['string', 'object', 'array'].includes(a.result.type));
    assert.ok(a.result.shape.length > 0 && a.result.description.length > 0);
  }
  const normalize = en.find((a) => a.name === 'phone.normalize');
  assert.deepEqual(normalize.params.map(({ name, type, required }) => ({ name, type, required })), [{ name: 'input', type: 'string', required: true }]);
  assert.deepEqual(normalize.result, { type: 'string', shape: 'string', description: 'The phone: "79123456789"' });
  const locale = en.find((a) => a.name === 'notification.build').params.find((p) => p.name === 'locale');
  assert.deepEqual(locale.values, ['ru', 'en']);
  assert.equal(locale.required, false);
  const variables = en.find((a) => a.name === 'deal.variables').result;
  assert.deepEqual(variables.fields, ['call_action', 'call_status', 'call_total_duration_sec', 'call_talk_duration_sec', 'call_record_link', 'call_did', 'call_id']);
  throws(() => api.blockActions('fr'), 'invalid_argument', undefined, 'locale: "fr": expected "ru" or "en"');
  throws(() => api.blockActions(1), 'invalid_argument', undefined, 'locale: expected "ru" or "en", got number');
});

test('blockCallbacks: the four callbacks with a description each', () => {
  const ru = api.blockCallbacks();
  assert.deepEqual(ru.map((c) => c.name), ['telephony_call_success', 'telephony_call_busy', 'telephony_call_missed', 'telephony_call_text']);
  const en = api.blockCallbacks('en');
  for (const [i, c] of ru.entries()) {
    assert.match(c.description, /[а-яё]/i);
    assert.doesNotMatch(en[i].description, /[а-яё]/i);
    assert.ok(c.title.length > 0 && en[i].title.length > 0);
  }
});

test('calls that do not fit the manifest: coded errors naming the action and the parameter', () => {
  const code = 'invalid_block_call';
  throws(() => api.runBlockAction('phone.normalise', { input: '1' }), code, 'unknown_action',
    '"phone.normalise": not an action of this module (the manifest lists them)');
  throws(() => api.runBlockAction('phone.normalize', {}), code, 'missing_parameter', 'phone.normalize: input: missing; expected a string');
  throws(() => api.runBlockAction('phone.normalize', { input: null }), code, 'wrong_type', 'phone.normalize: input: expected a string, got null');
  throws(() => api.runBlockAction('phone.normalize', { input: 79123456789 }), code, 'wrong_type', 'phone.normalize: input: expected a string, got a number');
  throws(() => api.runBlockAction('phone.normalize', { input: '89123456789', inptu: 'x' }), code, 'unknown_parameter',
    'phone.normalize: "inptu": not a parameter; expected input');
  throws(() => api.runBlockAction('deal.variables', { event: 'dial' }), code, 'wrong_type', 'deal.variables: event: expected an object, got a string');
  throws(() => api.runBlockAction('matching.decide', { phone: '1', project: {}, telephonyRows: {} }), code, 'wrong_type',
    'matching.decide: telephonyRows: expected an array, got an object');
  throws(() => api.runBlockAction('notification.build', { event: {}, locale: 'fr' }), code, 'invalid_value',
    'notification.build: locale: "fr": expected one of "ru", "en"');
  throws(() => api.runBlockAction('phone.normalize', ['89123456789']), code, 'not_object', 'phone.normalize: arguments: expected a JSON object, got an array');
  throws(() => api.runBlockAction('phone.normalize', null), code, 'not_object', 'phone.normalize: arguments: expected a JSON object, got null');
  throws(() => api.runBlockAction('phone.normalize'), code, 'not_object', 'phone.normalize: arguments: expected a JSON object, got undefined');
  throws(() => api.runBlockAction('phone.normalize', { input: 1n }), code, 'not_json',
    'phone.normalize: arguments: not representable as JSON (a BigInt, a cycle?)');
  throws(() => api.runBlockAction(42, {}), 'invalid_argument', undefined, 'name: expected a string, got number');
  const huge = { body: 'x'.repeat(5 << 20) };
  throws(() => api.runBlockAction('webhook.parse', huge), code, 'too_large');
  // Absent optional parameters: undefined (dropped by JSON) and null alike.
  assert.deepEqual(api.runBlockAction('webhook.parse', { body: 'call_id=1&action=dial&direction=in&phone=79123456789', contentType: undefined }),
    api.runBlockAction('webhook.parse', { body: 'call_id=1&action=dial&direction=in&phone=79123456789', contentType: null }));
  // An argument of the direct export's options is a parameter of its own here.
  throws(() => api.runBlockAction('webhook.handle', { body: '{}', previous: { call_status: {} } }), 'invalid_argument', undefined,
    'previous: call_status: expected a string, got an object');
  // The action's own errors are the direct export's.
  throws(() => api.runBlockAction('phone.normalize', { input: '12' }), 'invalid_phone', 'too_few_digits');
});

test('TypeScript declarations of the block API', () => {
  const dts = readFileSync(new URL('../../pkg/api.d.ts', import.meta.url), 'utf8');
  for (const line of [
    'export function blockActions(locale?: "ru" | "en"): BlockAction[];',
    'export function blockCallbacks(locale?: "ru" | "en"): BlockCallback[];',
    'export function runBlockAction<N extends BlockActionName>(name: N, args: BlockActionArgs[N]): BlockActionResults[N];',
    'export function runBlockAction<S extends string>(',
  ]) {
    assert.ok(dts.includes(line), line);
  }
  const union = dts.match(/export type BlockActionName =([^;]*);/)[1];
  const declared = [...union.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(declared, api.blockActions().map((a) => a.name), 'BlockActionName lists the manifest');
  for (const name of declared) {
    const member = new RegExp(`^\\s+"${name.replace('.', '\\.')}": `, 'm');
    assert.ok(member.test(dts.slice(dts.indexOf('interface BlockActionArgs'))), `args of ${name}`);
    assert.ok(member.test(dts.slice(dts.indexOf('interface BlockActionResults'))), `result of ${name}`);
  }
  assert.ok(dts.includes('| "invalid_block_call"'), 'the error code');
});
