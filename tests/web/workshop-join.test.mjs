// A live workshop's participants in the browser (issue 16): two phones (390x844, touch, DPR 3) in
// their own Chromium contexts (their own OPFS stores) open the join link the facilitator's
// workshop gives (the link the wall's QR code holds: `wall_screen` decodes the wall's QR with
// zbarimg to this link), each sees the workshop's title and writes a short card by role and name
// (the ARIA mirror, as a screen reader would). The second phone is offline while it writes: its
// card waits on the device, reaches nothing, and arrives exactly once when the phone is back
// online. The dot vote changes the ranking the facilitator reads (`changes?since=0`), and a
// reload keeps the participant and its dots (not doubled). Screenshots web-workshop-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { createAccount, launchBrowser, outputDir, startServer, waitForFirstFrame, waitForState, waitInPage, watchErrors }
  from './support.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'da-DK' };
const shot = (page, name) => page.screenshot({ path: path.join(outputDir, `web-workshop-${name}.png`) });
// Issue 17's checks on a participant's screen as it is now: every control named, text readable.
async function checkScreen(page, where) {
  // The mirror follows the app a frame later: wait until the drawn screen is the one it holds.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await checkAccessibilityTree(page, where);
  await checkContrast(page, where);
}

// The facilitator: an account made with the server's own command, signed in, with a workshop.
async function facilitator() {
  const password = 'workshop-facilitator-pw-1';
  createAccount(server, 'anne', 'facilitator', password);
  const login = await fetch(server.url + 'api/v1/admin/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'anne', password }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const auth = { Authorization: `Bearer ${(await login.json()).token}`, 'Content-Type': 'application/json' };
  const made = await fetch(server.url + 'api/v1/workshops', {
    method: 'POST', headers: auth,
    body: JSON.stringify({ title: 'Mobilitet i Aarhus', themes: [], time_box_minutes: 45, moderation: 'open', dots_per_participant: 3 }),
  });
  assert.equal(made.status, 201, await made.clone().text());
  const info = await made.json();
  return {
    info,
    // Every card on the server as the facilitator's wall reads it, most dots first.
    async ranking() {
      const r = await fetch(`${server.url}api/v1/workshops/${info.code}/changes?since=0`, { headers: auth });
      assert.equal(r.status, 200);
      return (await r.json()).cards.map((c) => ({ title: c.title, dots: c.dots })).sort((a, b) => b.dots - a.dots || a.title.localeCompare(b.title));
    },
    async voting(open) {
      const r = await fetch(`${server.url}api/v1/workshops/${info.code}/voting`, { method: 'POST', headers: auth, body: JSON.stringify({ open }) });
      assert.equal(r.status, 200, await r.clone().text());
    },
  };
}

// Presses the control as a screen reader activates it.
async function activate(locator) {
  await locator.waitFor({ state: 'attached' });
  await locator.dispatchEvent('click');
}

// Types into the field by its label (the mirror's input hands the text to the app's field).
async function fill(page, label, text) {
  await page.getByLabel(label, { exact: true }).fill(text);
  await waitInPage(page, ([l, t]) => window.idekort.items().some((i) => i.label === l && i.value === t), [label, text],
    { expected: `"${text}" in the app's field "${label}"` });
}

async function openJoinLink(context, link) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(link);
  await waitForFirstFrame(page);
  return { page, errors };
}

async function writeCard(page, title) {
  await fill(page, 'Giv idéen en kort titel', title);
  await fill(page, 'Hvilken udfordring løser idéen?', 'Bussen kører for sjældent om aftenen.');
  await fill(page, 'Hvad er idéen?', 'Flere afgange efter kl. 22.');
  await activate(page.getByRole('button', { name: 'Send kortet' }));
  // On the device first: the form is empty again and the card is listed as this device's.
  await waitForState(page, (s, t) => s.workshop.outbox.length > 0 && !window.idekort.items().some((i) => i.label === 'Giv idéen en kort titel' && i.value === t), title);
}

// The text the app shows (its item registry), by its words: on the page, perhaps below the fold
// of a phone (the list is under the form), where a person scrolls to it.
const showing = (page, words) => waitInPage(page, (w) => window.idekort.items().some((i) => i.label === w), words,
  { expected: `"${words}" on screen`, seen: () => window.idekort.items().map((i) => i.label) });

test('two phones join by the link, one offline: each card reaches the wall once, dots change the ranking, a reload keeps the dots', async () => {
  const anne = await facilitator();
  const { code, join_path: joinPath } = anne.info;
  assert.equal(joinPath, `/?workshop=${code}`, 'the join link the QR code carries');
  const link = new URL(joinPath, server.url).href;

  const contextA = await browser.newContext(phone);
  const contextB = await browser.newContext(phone);
  const a = await openJoinLink(contextA, link);
  const b = await openJoinLink(contextB, link);
  for (const { page } of [a, b]) {
    await page.getByRole('heading', { level: 1, name: 'Mobilitet i Aarhus' }).waitFor({ state: 'attached', timeout: 30000 });
    await waitForState(page, (s) => s.workshop.join === 'joined' && s.workshop.participant !== '');
  }
  const participantA = (await a.page.evaluate(() => window.idekort.state())).workshop.participant;

  // Phone A writes online: on the wall once.
  await writeCard(a.page, 'Natbusser til Gellerup');
  await waitForState(a.page, (s) => s.workshop.outbox.every((c) => c.state === 'sent'));
  await showing(a.page, '»Natbusser til Gellerup« er sendt til væggen.');
  await shot(a.page, 'phone-a-sent');
  await checkScreen(a.page, 'a participant, card sent');

  // Phone B is offline while it writes: the card waits on the device and reaches nothing.
  await contextB.setOffline(true);
  await writeCard(b.page, 'Delecykler ved Dokk1');
  await waitForState(b.page, (s) => s.workshop.outbox.length === 1 && s.workshop.outbox[0].state === 'waiting' && s.workshop.outbox[0].attempts >= 1);
  await showing(b.page, '»Delecykler ved Dokk1« venter på forbindelse og sendes af sig selv.');
  await shot(b.page, 'phone-b-offline');
  assert.deepEqual((await anne.ranking()).map((c) => c.title), ['Natbusser til Gellerup']);

  // Back online: it arrives, once.
  await contextB.setOffline(false);
  await waitForState(b.page, (s) => s.workshop.outbox[0].state === 'sent', undefined, { timeout: 30000 });
  const cards = await anne.ranking();
  assert.equal(cards.filter((c) => c.title === 'Delecykler ved Dokk1').length, 1, JSON.stringify(cards));
  assert.equal(cards.length, 2, JSON.stringify(cards));
  // Each phone lists both cards.
  for (const { page } of [a, b]) await waitForState(page, (s) => s.workshop.shown === 2);

  // The dot vote: A gives two dots to B's card, B one to A's; the ranking follows.
  await anne.voting(true);
  await showing(a.page, 'Du har 3 prikker tilbage.');
  await activate(a.page.getByRole('button', { name: 'Giv en prik: Delecykler ved Dokk1' }));
  await showing(a.page, 'Du har 2 prikker tilbage.');
  await activate(a.page.getByRole('button', { name: 'Giv en prik: Delecykler ved Dokk1' }));
  await showing(a.page, 'Du har 1 prik tilbage.');
  await showing(b.page, 'Du har 3 prikker tilbage.');
  await activate(b.page.getByRole('button', { name: 'Giv en prik: Natbusser til Gellerup' }));
  await showing(b.page, 'Du har 2 prikker tilbage.');
  assert.deepEqual(await anne.ranking(), [{ title: 'Delecykler ved Dokk1', dots: 2 }, { title: 'Natbusser til Gellerup', dots: 1 }]);
  await showing(a.page, '1. Delecykler ved Dokk1 (2 prikker)');
  await shot(a.page, 'phone-a-voted');
  await checkScreen(a.page, 'a participant, voting');

  // A reload: the same participant, with one dot left (not three again).
  await a.page.reload();
  await waitForFirstFrame(a.page);
  await waitForState(a.page, (s, p) => s.workshop.join === 'joined' && s.workshop.participant === p && s.workshop.polls > 0, participantA);
  await showing(a.page, 'Du har 1 prik tilbage.');
  await activate(a.page.getByRole('button', { name: 'Giv en prik: Natbusser til Gellerup' }));
  await showing(a.page, 'Du har 0 prikker tilbage.');
  assert.deepEqual(await anne.ranking(), [{ title: 'Delecykler ved Dokk1', dots: 2 }, { title: 'Natbusser til Gellerup', dots: 2 }]);
  await shot(a.page, 'phone-a-reloaded');

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR/.test(e)), []);
  await contextA.close();
  await contextB.close();
});
