// The playground page (www/) in headless Chromium, served by the demo's own server
// (scripts/serve.mjs, started as the demo starts it): typed input, clicks, the output
// checked, and a screenshot in test-results/ (run after scripts/build.sh).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch } from './support/chromium.mjs';
import { ROOT } from './support/consumer.mjs';

const SHOTS = join(ROOT, 'test-results');

let server;
let browser;
let page;
const problems = [];

/** Starts `node scripts/serve.mjs --port 0` and reads the address it prints. */
function startServer() {
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/playground: (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child });
      }
    });
  });
}

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 20_000 });
});
after(async () => {
  await browser?.close();
  server?.child.kill();
});

const cells = (row) => row.locator('td').allInnerTexts();

test('the page loads the module and shows the phones section', async () => {
  assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true');
  assert.equal(await page.locator('#tab-phones').getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('#version').innerText(), /^v\d+\.\d+\.\d+/);
});

test('typed phones are normalised, or the reason shown', async () => {
  const input = page.locator('#phones-input');
  await input.fill('');
  await input.pressSequentially('8 (912) 345-67-89\n+380 44 123 45 67\n+7 495 123-45-67 доб. 45\n912-abc-4567');
  const rows = page.locator('#phones-table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('#phones-table tbody tr').length === 4);
  assert.deepEqual(await cells(rows.nth(0)), ['8 (912) 345-67-89', '79123456789', '+7 912 345-67-89', '—']);
  const refused = (await cells(rows.nth(1))).join(' ');
  assert.match(refused, /invalid_phone · unsupported_country/);
  assert.match(refused, /country code \+380… is not \+7/);
  assert.deepEqual(await cells(rows.nth(2)), ['+7 495 123-45-67 доб. 45', '74951234567', '+7 495 123-45-67 доб. 45', '45']);
  assert.match((await cells(rows.nth(3))).join(' '), /invalid_character[\s\S]*unexpected character 'a' at position 5/);
  assert.equal(await page.locator('#phones-summary').innerText(), '2 of 4 lines are phones');
});

test('a sample chip adds its phone', async () => {
  await page.getByRole('button', { name: 'sip:79123456789@pbx.example.ru', exact: true }).click();
  const last = page.locator('#phones-table tbody tr').last();
  assert.deepEqual(await cells(last), ['sip:79123456789@pbx.example.ru', '79123456789', '+7 912 345-67-89', '—']);
  assert.equal(await page.locator('#phones-summary').innerText(), '3 of 5 lines are phones');
});

test('Clear empties the list', async () => {
  await page.locator('#phones-clear').click();
  assert.equal(await page.locator('#phones-table tbody tr').count(), 0);
  assert.equal(await page.locator('#phones-summary').innerText(), '0 of 0 lines are phones');
});

test('phones are found in free text', async () => {
  await page.locator('#find-input').fill('Иван: 8 912 345-67-89, заказ от 15.01.2024; офис +7 (495) 123-45-67; снова 89123456789');
  await page.locator('#find-run').click();
  assert.deepEqual(await page.locator('#find-results li code').allInnerTexts(), ['79123456789', '74951234567']);
  assert.deepEqual(await page.locator('#find-results .found__human').allInnerTexts(), ['+7 912 345-67-89', '+7 495 123-45-67']);
  assert.match(await page.locator('#find-summary').innerText(), /^2 phones found/);
  await page.locator('#find-input').fill('заказ №4521 от 15.01.2024 10:30');
  await page.locator('#find-input').press('Control+Enter');
  assert.equal(await page.locator('#find-results li').count(), 0);
  assert.equal(await page.locator('#find-summary').innerText(), '0 phones found');
});

test('webhooks: a sample picked, a typed body read, the variables carried over, an error shown', async () => {
  await page.locator('#tab-webhook').click();
  assert.equal(await page.locator('#section-webhook').isVisible(), true);
  await page.locator('#webhook-sample-dial').click();
  assert.equal(await page.locator('#webhook-action').innerText(), 'dial');
  await page.locator('#webhook-sample-complete').click();
  assert.equal(await page.locator('#webhook-action').innerText(), 'complete');
  const vars = Object.fromEntries((await page.locator('#webhook-vars tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.innerText)))));
  assert.equal(vars.call_status, 'Success');
  assert.equal(vars.call_talk_duration_sec, '65');
  assert.equal(vars.call_did, '74951234567');
  const notes = await page.locator('#webhook-notes li').allInnerTexts();
  assert.equal(notes.length, 2);
  assert.match(notes[0], /Анна Смирнова/);
  assert.match(notes[1], /telephony_call_success/);
  // The transcription keeps the call's variables: they are carried over from the last webhook.
  await page.locator('#webhook-sample-text').click();
  assert.match((await page.locator('#webhook-notes li').first().innerText()), /Клиент: Хочу уточнить статус заказа 4521\./);
  assert.match(await page.locator('#webhook-vars').innerText(), /call_status\s+Success/);
  // Typed by hand, as a form without a content type.
  const body = page.locator('#webhook-body');
  await body.fill('');
  await body.pressSequentially('call_id=42&call_action=dial&call_direction=out&call_phone=8 912 345 67 89');
  await page.locator('#webhook-type').selectOption('(none)');
  await page.locator('#webhook-run').click();
  assert.equal(await page.locator('#webhook-action').innerText(), 'dial');
  assert.match(await page.locator('#webhook-vars').innerText(), /call_id\s+42/);
  assert.match(await page.locator('#webhook-vars').innerText(), /call_status\s+—/);
  await page.locator('#webhook-sample-bad').click();
  assert.match(await page.locator('#webhook-error').innerText(), /invalid_webhook · invalid_link/);
  await page.locator('#webhook-sample-complete').click();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'playground-webhook.png'), fullPage: true });
});

test('calling: each mode gives its phone icons', async () => {
  await page.locator('#tab-calling').click();
  const summary = page.locator('#calling-summary');
  assert.equal(await summary.innerText(), '3 phone icons for mode app');
  const icons = await page.locator('#calling-card .act__href').allInnerTexts();
  assert.deepEqual(icons, ['tel:+79123456789', 'tel:+74951234567', 'tel:+78005553535']);
  await page.locator('input[name="calling-mode"][value="sipout_api"]').check();
  assert.equal(await summary.innerText(), '3 phone icons for mode sipout_api');
  const req = await page.locator('#calling-card .act__req').first().innerText();
  assert.equal(req, 'POST https://api.sipout.net/v1/click2call?from=101&to=79123456789');
  assert.doesNotMatch(await page.locator('#calling-card').innerText(), /sk_demo_7Hq2Lm9Xv4Rt8Wz1/, 'the key is masked');
  await page.locator('#calling-ext').fill('');
  assert.match(await page.locator('#calling-error').innerText(), /invalid_settings/);
  await page.locator('#calling-ext').fill('205');
  assert.match(await page.locator('#calling-card .act__req').first().innerText(), /from=205/);
  await page.locator('#calling-vars').fill('phone: 8 912 345-67-89\ncity: Москва');
  assert.equal(await summary.innerText(), '1 phone icon for mode sipout_api');
  await page.locator('input[name="calling-mode"][value="disabled"]').check();
  assert.equal(await summary.innerText(), '0 phone icons for mode disabled');
  await page.locator('input[name="calling-mode"][value="app"]').check();
  await page.screenshot({ path: join(SHOTS, 'playground-calling.png'), fullPage: true });
});

test('callback widget: the request built, or why not', async () => {
  await page.locator('#tab-widget').click();
  assert.equal(await page.locator('#widget-request').innerText(), 'GET https://callback.sipout.net/api/widget/1f2e3d?phone=79123456789');
  await page.locator('#widget-url').fill('');
  await page.locator('#widget-url').pressSequentially('https://w.example.ru/cb/<номер телефона>?t=9');
  await page.locator('#widget-phone').fill('+7 495 123-45-67');
  assert.equal(await page.locator('#widget-request').innerText(), 'GET https://w.example.ru/cb/74951234567?t=9');
  await page.locator('#widget-url').fill('ftp://w.example.ru/<номер телефона>');
  assert.match(await page.locator('#widget-error').innerText(), /invalid_widget_url · unsupported_scheme/);
  await page.locator('#widget-url').fill('https://w.example.ru/cb?phone=<номер телефона>');
  await page.locator('#widget-phone').fill('12-34');
  assert.match(await page.locator('#widget-error').innerText(), /invalid_phone/);
  await page.locator('#widget-phone').fill('8 912 345 67 89');
  await page.screenshot({ path: join(SHOTS, 'playground-widget.png'), fullPage: true });
  await page.locator('#tab-phones').click();
});

test('screenshot of the page with examples, and no console errors', async () => {
  await page.locator('#phones-input').fill(['+7 912 345-67-89', '8 (495) 123-45-67, доб. 45', 'tel:+78005553535', '912-abc-4567', '+380 44 123 45 67', '+7 912 345 67 8'].join('\n'));
  await page.locator('#find-example').click();
  await page.waitForFunction(() => document.querySelectorAll('#phones-table tbody tr').length === 6);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'playground.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
