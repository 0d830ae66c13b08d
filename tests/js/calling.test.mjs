// The settings and calling API through the npm package in Node (run after scripts/build.sh).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as api from '../../pkg/node.js';
import { callingCases } from './calling-cases.mjs';

for (const [name, run] of callingCases(api)) test(name, run);

test('the TypeScript types of the calling API are precise', () => {
  const dts = readFileSync(new URL('../../pkg/api.d.ts', import.meta.url), 'utf8');
  const want = [
    'export function validateSettings(settings: SettingsInput, options?: SettingsOptions): Settings;',
    'export function sipoutEmployees(settings: SettingsInput): SipoutEmployee[];',
    'export function applyExtensions(settings: SettingsInput, assignments: ExtensionAssignment[], options?: SettingsOptions): Settings;',
    'export function maskApiKey(key: string): string;',
    'export function phoneAction(settings: SettingsInput, employeeId: string, phone: string): PhoneAction;',
    'export function cardPhoneActions(settings: SettingsInput, employeeId: string, variables: Record<string, string>): CardPhoneAction[];',
    'export function callbackWidgetRequest(apiUrl: string, phone: string): WidgetRequest;',
  ];
  for (const line of want) {
    if (!dts.includes(line)) throw new Error(`missing: ${line}`);
  }
  // No `any` in what the package exports (the glue's own InitOutput lists raw wasm exports).
  const exported = dts.slice(0, dts.indexOf('export type InitInput'));
  const any = exported.split('\n').filter((l) => /(:\s*any\b|\bany\[\]|<any>|\|\s*any\b)/.test(l));
  if (any.length) throw new Error(`any in: ${any.join(' | ')}`);
});
