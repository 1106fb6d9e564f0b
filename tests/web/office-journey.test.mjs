// A card's pipeline page in the office app in the browser (issue 15): the real web build under
// /office/, served by the real idekort-server, in Debian's Chromium. An administrator opens a
// pitched card from the inbox, gives the directors' go and writes step 1's test card through the
// DOM input bridge; a budget over the step is refused in the server's words; a reload keeps what
// was typed (the draft in the device store, OPFS); corrected, the step is funded on the server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtShell, eventually, launchBrowser, outputDir, press, serverBin, signInToOffice, startServer, typeInto, waitForFirstFrame,
  waitForState, watchErrors, webDir, wheelTo } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const key = 'office-journey-web-submission-01';
const password = 'a password long enough';
const kept = 'Ikke sendt endnu: gemt på denne enhed, til serveren har modtaget det.';
let server, browser, admin, cardId, receipt;

async function api(method, route, body) {
  const res = await fetch(server.url + route.replace(/^\//, ''), { method, body: body && JSON.stringify(body),
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' } });
  return { status: res.status, body: await res.json() };
}
async function move(action, extra = {}) {
  const now = await api('GET', `/api/v1/cards/${cardId}/pipeline`);
  const res = await api('POST', `/api/v1/cards/${cardId}/transitions`, { action, version: now.body.version, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

// The editor is taller than the screen: scrolled with the wheel over it, as with a mouse.
const reach = wheelTo;
async function write(page, label, text) {
  await reach(page, label);
  await typeInto(page, label, text);
}
async function tap(page, label) {
  await reach(page, label);
  await press(page, label);
}

before(async () => {
  builtShell(path.join(webDir, 'office'));
  server = await startServer({ args: ['--submission-key', key, '--rate-login', '0',
    '--programme', path.join(root, 'assets/programme/programme.json')] });
  const made = spawnSync(serverBin, ['create-admin', '--data-dir', server.dataDir, '--username', 'ada', '--role', 'admin'],
    { input: password + '\n' });
  assert.equal(made.status, 0, String(made.stderr));
  const login = await fetch(server.url + 'api/v1/admin/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password }) });
  admin = (await login.json()).token;
  cardId = randomUUID();
  const card = readFileSync(path.join(root, 'tests/fixtures/card-v1.json'), 'utf8').replace('3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93', cardId);
  const res = await fetch(`${server.url}api/v1/cards/${cardId}`, { method: 'PUT', body: card,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } });
  assert.equal(res.status, 201);
  receipt = (await res.json()).receipt;
  // The inbox and the screening meeting have done their part.
  await move('triage', { theme: 'co_creation' });
  await move('plan_screening');
  await move('invite_to_pitch');
  await move('record_pitch', { why: 'pitch 2027-01-15' });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the test card editor: the step\'s amount, a refusal in the server\'s words, a reload keeps the draft, then funded', async () => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInToOffice(page, server.url, 'ada', password);
  await waitForState(page, (s) => s.screen === 'inbox' && s.cards === 1);
  await press(page, receipt);
  await press(page, 'Kortets forløb: pitch, testkort og læring');
  await waitForState(page, (s) => s.screen === 'journey');
  await press(page, 'Go: bevilg trin 1 og skriv testkortet');
  await waitForState(page, (s) => s.journey_editing === 'fund_step');
  await write(page, 'Vi tror, at …', 'forældre vil cykle med børnene');
  await write(page, 'For at afprøve det vil vi …', 'låne ladcykler ud i en måned');
  await write(page, '… og måle …', 'hvor mange ture der bliver kørt');
  await write(page, 'Vi har ret, hvis …', 'halvdelen låner igen');
  await write(page, 'Periode fra (ÅÅÅÅ-MM-DD)', '2027-03-01');
  await write(page, 'Periode til (ÅÅÅÅ-MM-DD)', '2027-03-31');
  await write(page, 'Budget i kr. (højst 25.000)', '30.000');
  await write(page, 'Ejer af testen', 'Dagtilbud Nord');
  await tap(page, 'Bevilg trin 1 med dette testkort');
  await waitForState(page, (s) => s.journey_message.includes('0 to 25000 kr., the amount of step 1'));
  await page.screenshot({ path: path.join(outputDir, 'web-office-testcard-1920x1080.png') });

  // A reload (a closed tab) keeps every word typed, and says it is not sent yet.
  await page.reload();
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'inbox' && s.cards === 1);
  await press(page, receipt);
  await press(page, 'Kortets forløb: pitch, testkort og læring');
  await waitForState(page, (s, k) => s.screen === 'journey' && s.journey_editing === 'fund_step' && s.journey_message === k, kept);
  await reach(page, 'Budget i kr. (højst 25.000)');
  await typeInto(page, 'Budget i kr. (højst 25.000)', '');
  for (let i = 0; i < 8; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('25000', { delay: 5 });
  await tap(page, 'Bevilg trin 1 med dette testkort');
  await eventually(async () => {
    const now = await api('GET', `/api/v1/cards/${cardId}/pipeline`);
    assert.equal(now.body.state, 'step_funded');
    assert.equal(now.body.test_cards[0].budget_dkk, 25000);
    assert.equal(now.body.test_cards[0].hypothesis, 'forældre vil cykle med børnene');
    assert.equal(now.body.test_cards[0].owner, 'Dagtilbud Nord');
  });
  await waitForState(page, (s) => s.journey_message === 'Gemt: Trin bevilget');
  // The one error the console may show is the refusal this test asked for (the budget over the step).
  assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), []);
  await context.close();
});
