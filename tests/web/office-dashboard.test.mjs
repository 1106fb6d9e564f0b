// The office dashboard in the browser (issue 15): the real web build under /office/, served by
// the real idekort-server, in Debian's Chromium. An administrator opens the dashboard over a card
// moved through the pipeline by the API; the CSV export is a real download (a Blob) with the
// server's CSV, and the PNG export a real download of the canvas as drawn, a PNG of the canvas's
// size. Screenshot on a desk (1920x1080).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtShell, createAccount, launchBrowser, outputDir, press, sendFixtureCard, startServer, typeInto, waitForFirstFrame,
  waitForItem, waitForState, watchErrors, webDir } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const key = 'office-dash-test-submission-key-1';
const password = 'a password long enough';
let server, browser;

before(async () => {
  builtShell(path.join(webDir, 'office'));
  server = await startServer({ args: ['--submission-key', key, '--rate-login', '0',
    '--programme', path.join(root, 'assets/programme/programme.json')] });
  createAccount(server, 'ada', 'admin', password);
  const { id } = await sendFixtureCard(server, key);
  // Triaged and passed on to screening, by the API, as the administrator.
  const login = await (await fetch(`${server.url}api/v1/admin/login`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ada', password }) })).json();
  let version = 0;
  for (const step of [{ action: 'triage', theme: 'climate' }, { action: 'plan_screening' }]) {
    const moved = await fetch(`${server.url}api/v1/cards/${id}/transitions`, { method: 'POST',
      headers: { Authorization: `Bearer ${login.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...step, version }) });
    assert.equal(moved.status, 200, await moved.text());
    version += 1;
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the dashboard shows the API\'s funnel; CSV and PNG exports are downloads', async () => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + 'office/');
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  await typeInto(page, 'Brugernavn', 'ada');
  await typeInto(page, 'Adgangskode', password);
  await press(page, 'Log ind');
  await waitForState(page, (s) => s.screen === 'inbox');
  await press(page, 'Overblik');
  await waitForState(page, (s) => s.screen === 'dashboard' && s.dashboard_loaded === 1);
  // The funnel's words, as the ARIA mirror has them: one card, in screening.
  await waitForItem(page, 'Til screening: 1 kort', () => true);
  await page.screenshot({ path: path.join(outputDir, 'web-office-dashboard-1920x1080.png') });

  const [csv] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), press(page, 'Eksportér CSV')]);
  assert.match(csv.suggestedFilename(), /^idekort-dashboard-\d{4}\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with BOM, as the server writes it');
  assert.ok(text.includes('climate'), text.slice(0, 400));

  const [png] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), press(page, 'Eksportér PNG')]);
  assert.match(png.suggestedFilename(), /^idekort-dashboard-\d{4}\.png$/);
  const bytes = readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const size = await page.evaluate(() => { const c = document.querySelector('canvas'); return [c.width, c.height]; });
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], size);   // IHDR: the canvas as drawn
  assert.deepEqual(errors, []);
  await context.close();
});
