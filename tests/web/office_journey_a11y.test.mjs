// Issue 17's checks on the office app's later screens: a card's journey (the pitch, the
// directors' go / no-go, the test card editor, the learning) and the dashboard. In real
// Chromium, on the real web build at /office/ served by the real idekort-server, an
// administrator opens cards that the API has moved to each stage, and on every screen
// Chromium's accessibility tree names every control and has a named heading, and the text and
// control borders are at WCAG AA contrast on the drawn pixels (a11y_checks.mjs). The journey's
// editor is taller than the screen: it is checked at its top and scrolled to its last button.
// Both at a desk (1920x1080) and on a tablet (1024x768). Screenshots of each screen go to the test output.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { builtShell, createAccount, launchBrowser, outputDir, press, sendFixtureCard, signInToOffice, startServer, waitForItem,
  waitForState, watchErrors, webDir, wheelTo } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const key = 'office-journey-a11y-submission-1';
const password = 'a password long enough';
let server, browser, admin;
const cards = {};   // stage -> receipt

async function move(id, action, extra = {}) {
  const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
  const now = await (await fetch(`${server.url}api/v1/cards/${id}/pipeline`, { headers })).json();
  const res = await fetch(`${server.url}api/v1/cards/${id}/transitions`, { method: 'POST', headers,
    body: JSON.stringify({ action, version: now.version, ...extra }) });
  assert.equal(res.status, 200, await res.text());
}

before(async () => {
  builtShell(path.join(webDir, 'office'));
  server = await startServer({ args: ['--submission-key', key, '--rate-login', '0',
    '--programme', path.join(root, 'assets/programme/programme.json')] });
  createAccount(server, 'ada', 'admin', password);
  const login = await fetch(`${server.url}api/v1/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ada', password }) });
  admin = (await login.json()).token;
  // Three cards, one at each stage of the journey the office works on.
  for (const stage of ['pitch', 'go', 'learning']) {
    const { id, receipt } = await sendFixtureCard(server, key);
    cards[stage] = receipt;
    await move(id, 'triage', { theme: 'co_creation' });
    await move(id, 'plan_screening');
    await move(id, 'invite_to_pitch');
    if (stage === 'pitch') continue;
    await move(id, 'record_pitch', { why: 'pitch 2027-01-15' });
    if (stage === 'go') continue;
    await move(id, 'fund_step', { test_card: { hypothesis: 'forældre vil cykle med børnene', test: 'låne ladcykler ud',
      measure: 'antal ture', success_criterion: 'halvdelen låner igen', period_from: '2027-03-01', period_to: '2027-03-31',
      budget_dkk: 20000, owner: 'Dagtilbud Nord' } });
  }
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

// Both checks on the screen as it is now, with a screenshot to look at.
async function checkScreenAt(page, where) {
  // The mirror follows the app a frame later: wait until the drawn screen is the one it holds.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: path.join(outputDir, `web-office-a11y-${where.replace(/[^a-z0-9]+/gi, '-')}.png`) });
  await checkAccessibilityTree(page, where);
  await checkContrast(page, where);
}

// Opens the card `receipt` from the inbox on its journey page (its editor `editing` open), waits
// for `first` to show, checks the screen as `where`, does `then` (another screen from there) and,
// if `last` is given, checks again scrolled down to `last` (as `scrolled`); then back to the inbox.
async function checkJourney(page, checkScreen, { receipt, editing, first, where, last, scrolled = `${where}, scrolled`, then }) {
  await press(page, receipt);
  await press(page, 'Kortets forløb: pitch, testkort og læring');
  await waitForState(page, (s, e) => s.screen === 'journey' && s.journey_editing === e, editing);
  await waitForItem(page, first, () => true);
  await checkScreen(page, where);
  if (then) await then();
  if (last) {
    await wheelTo(page, last);
    await checkScreen(page, scrolled);
  }
  await press(page, 'Tilbage til indbakken');
  await waitForState(page, (s) => s.screen === 'inbox');
}

for (const viewport of [{ width: 1920, height: 1080 }, { width: 1024, height: 768 }])
test(`the journey (pitch, go / no-go, test card, learning) and the dashboard pass the tree and contrast checks at ${viewport.width}x${viewport.height}`, async () => {
  const context = await browser.newContext({ viewport, locale: 'da-DK' });
  const size = `${viewport.width}x${viewport.height}`;
  const checkScreen = (page, where) => checkScreenAt(page, `${where} ${size}`);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInToOffice(page, server.url, 'ada', password);
  await waitForState(page, (s) => s.screen === 'inbox' && s.cards === 3);

  // The pitch: the date and a note to write, "Pitchen er holdt".
  await checkJourney(page, checkScreen, { receipt: cards.pitch, editing: 'record_pitch', first: 'Pitchen er holdt', where: 'journey pitch' });
  // The directors' go / no-go, then the test card editor it opens, at its top and its end.
  await checkJourney(page, checkScreen, { receipt: cards.go, editing: '', first: 'Go: bevilg trin 1 og skriv testkortet', where: 'journey go no-go',
    then: async () => {
      await press(page, 'Go: bevilg trin 1 og skriv testkortet');
      await waitForState(page, (s) => s.journey_editing === 'fund_step');
      await waitForItem(page, 'Vi tror, at …', () => true);
      await checkScreen(page, 'journey test card');
    },
    last: 'Fortryd', scrolled: 'journey test card, scrolled' });   // its last button: the one above it left this one cut at a tablet's edge
  // The learning from step 1.
  await checkJourney(page, checkScreen, { receipt: cards.learning, editing: 'record_learning', first: 'Det troede vi', where: 'journey learning',
    last: 'Gem læringen og beslutningen' });

  // The dashboard over the three cards.
  await press(page, 'Overblik');
  await waitForState(page, (s) => s.screen === 'dashboard' && s.dashboard_loaded === 1);
  await waitForItem(page, 'Eksportér CSV', () => true);
  await checkScreen(page, 'dashboard');
  assert.deepEqual(errors, []);
  await context.close();
});
