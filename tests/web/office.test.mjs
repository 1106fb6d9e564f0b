// The office app in the browser (issue 15): its own wasm and js under /office/, served by the
// real idekort-server from the real web build, in Debian's Chromium. A triage account signs in
// (typed through the DOM input bridge), the inbox lists a card sent as a kiosk
// sends it, a reload stays signed in (the session in the device store, OPFS), signing out
// forgets it. The capture app at / still starts and its service worker never answers /office/.
// Screenshots on a desk (1920x1080) and a tablet (1024x768, touch).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtShell, launchBrowser, outputDir, press, serverBin, startServer, typeInto, waitForFirstFrame, waitForServiceWorker,
  waitForState, watchErrors, webDir } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const key = 'office-web-test-submission-key-1';
const password = 'a password long enough';
let server, browser, receipt;

before(async () => {
  builtShell(path.join(webDir, 'office'));   // the office's own build is there
  server = await startServer({ args: ['--submission-key', key, '--rate-login', '0',
    '--programme', path.join(root, 'assets/programme/programme.json')] });
  const made = spawnSync(serverBin, ['create-admin', '--data-dir', server.dataDir, '--username', 'tove', '--role', 'triage'],
    { input: password + '\n' });
  assert.equal(made.status, 0, String(made.stderr));
  const id = randomUUID();
  const card = readFileSync(path.join(root, 'tests/fixtures/card-v1.json'), 'utf8')
    .replace('3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93', id);
  const res = await fetch(`${server.url}api/v1/cards/${id}`, { method: 'PUT', body: card,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } });
  assert.equal(res.status, 201);
  receipt = (await res.json()).receipt;
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the office has its own wasm and js under /office/; the capture app\'s are other files', async () => {
  const office = builtShell(path.join(webDir, 'office'));
  const capture = builtShell();
  assert.notEqual(office.files['idekort.wasm'].url, capture.files['idekort.wasm'].url);
  const res = await fetch(server.url + 'office/' + office.files['idekort.wasm'].url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
});

test('sign in, the inbox, a reload stays signed in, signing out forgets it', async () => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url + 'office/');
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  await page.screenshot({ path: path.join(outputDir, 'web-office-signin-1920x1080.png') });
  await typeInto(page, 'Brugernavn', 'tove');
  await typeInto(page, 'Adgangskode', password);
  await press(page, 'Log ind');
  await waitForState(page, (s) => s.screen === 'inbox' && s.cards === 1 && s.role === 'triage');
  await waitForState(page, (s, r) => s.selected !== '', receipt);
  await page.screenshot({ path: path.join(outputDir, 'web-office-inbox-1920x1080.png') });

  await page.reload();
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'inbox' && s.username === 'tove');
  await press(page, 'Log ud');
  await waitForState(page, (s) => s.screen === 'sign_in');
  await page.reload();
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tablet (1024x768, touch) signs in by touch', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });
  const page = await context.newPage();
  await page.goto(server.url + 'office/');
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  await typeInto(page, 'Brugernavn', 'tove', { touch: true });
  await typeInto(page, 'Adgangskode', password, { touch: true });
  await press(page, 'Log ind', { touch: true });
  await waitForState(page, (s) => s.screen === 'inbox' && s.cards === 1);
  await page.screenshot({ path: path.join(outputDir, 'web-office-inbox-1024x768.png') });
  await context.close();
});

test('the capture app at / still starts, and its service worker does not answer /office/', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await waitForServiceWorker(page);
  await page.goto(server.url + 'office/');
  await waitForFirstFrame(page);
  // The office app answered, not the capture app's cached shell.
  await waitForState(page, (s) => s.screen === 'sign_in' && 'username' in s);
  await context.close();
});
