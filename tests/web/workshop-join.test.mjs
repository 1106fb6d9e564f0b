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
import { launchBrowser, outputDir, startServer, waitForFirstFrame, waitForState, waitInPage, watchErrors } from './support.mjs';
import { activate, facilitator, fill, joined, openJoinLink, phone, showing, voteTwoOne, writeCard } from './workshop_support.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const shot = (page, name) => page.screenshot({ path: path.join(outputDir, `web-workshop-${name}.png`) });
// Issue 17's checks on a participant's screen as it is now: every control named, text readable.
async function checkScreen(page, where) {
  // The mirror follows the app a frame later: wait until the drawn screen is the one it holds.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await checkAccessibilityTree(page, where);
  await checkContrast(page, where);
}

test('two phones join by the link, one offline: each card reaches the wall once, dots change the ranking, a reload keeps the dots', async () => {
  const anne = await facilitator(server);
  const { code, join_path: joinPath } = anne.info;
  assert.equal(joinPath, `/workshop/?workshop=${code}`, 'the join link the QR code carries: the participant\'s page');
  const link = new URL(joinPath, server.url).href;

  const contextA = await browser.newContext(phone);
  const contextB = await browser.newContext(phone);
  const a = await openJoinLink(contextA, link);
  const b = await openJoinLink(contextB, link);
  for (const { page } of [a, b]) await joined(page, 'Mobilitet i Aarhus');
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
  await voteTwoOne(a.page, b.page, 'Delecykler ved Dokk1', 'Natbusser til Gellerup');
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

test('a phone joins by typing the code from the wall on the start screen, in lower case and with a dash', async () => {
  const anne = await facilitator(server, { username: 'bo', title: 'Legepladser' });
  const { code } = anne.info;
  const context = await browser.newContext(phone);
  const { page, errors } = await openJoinLink(context, server.url);
  await waitForState(page, (s) => s.screen === 'start');
  await activate(page.getByRole('button', { name: 'Deltag i workshop', exact: true }));
  // The capture page carries no participant: it opens the participant's page, /workshop/.
  await page.waitForURL((url) => url.pathname === '/workshop/' && url.searchParams.get('workshop') === '');
  await page.getByLabel('Workshoppens kode', { exact: true }).waitFor({ state: 'attached' });
  // Its own service worker's first install is no update: the page says nothing of a new version
  // (the capture page's worker controlled it until then).
  await waitInPage(page, () => window.idekort?.shell?.serviceWorker === 'activated', null,
    { timeout: 30000, expected: 'the participant page\'s service worker active', seen: () => window.idekort?.shell });
  assert.equal(await page.evaluate(() => window.idekort.shell.updateReady), false, 'no "new version" notice');
  await shot(page, 'phone-typing-the-code');
  await checkScreen(page, 'a participant, typing the code');
  // As read aloud from the wall and typed on a phone's keyboard: lower case, a dash in the middle.
  await fill(page, 'Workshoppens kode', `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase());
  await activate(page.getByRole('button', { name: 'Deltag', exact: true }));
  await joined(page, 'Legepladser');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a join link to the capture page (/?workshop=CODE) leads to the participant\'s page, joined', async () => {
  const anne = await facilitator(server, { username: 'cy', title: 'Skolegårde' });
  const { code } = anne.info;
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}?workshop=${code}`);
  await page.waitForURL((url) => url.pathname === '/workshop/' && url.searchParams.get('workshop') === code);
  await waitForFirstFrame(page);
  await joined(page, 'Skolegårde');
  assert.deepEqual(errors, []);
  await context.close();
});
