// The live workshop's wall in the browser (issue 16): three Chromium contexts. The facilitator's
// wall (/wall/?workshop=CODE, 1920x1080) signs in by typing, as a person does, and opens the
// workshop the API made; its QR code decodes (zbarimg) to the join link. Two phones (390x844,
// touch) join by that link in the capture app and each sends a card: the wall shows both, each
// once (over its WebSocket; whatever it polls asks from the revision it last saw, and
// wall-live.test.mjs tests the WebSocket and the fallback to polling). The facilitator starts the dot vote on the wall, the phones vote, and the wall's
// ranking follows. Issue 17's tree and contrast checks run on the sign-in screen and on the wall.
// Screenshots web-wall-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { launchBrowser, outputDir, press, startServer, typeInto, waitForFirstFrame, waitForItem, waitForState, watchErrors }
  from './support.mjs';
import { facilitator, joined, onWallOnce, openJoinLink, phone, projector, voteTwoOne, writeCard } from './workshop_support.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function shot(page, name) {
  const file = path.join(outputDir, `web-wall-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// What a phone camera would read from the screenshot: zbarimg's text of every QR code in it.
function decodeQr(file) {
  const run = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
  assert.equal(run.error, undefined, 'zbarimg (Debian zbar-tools) is needed: scripts/bootstrap.sh installs it');
  return run.stdout.trim().split('\n').filter(Boolean);
}

test('the wall in the browser: signed in by typing, two phones send cards, a dot vote on the wall changes its ranking', async () => {
  const anne = await facilitator(server, { title: 'Mobilitet i Aarhus' });
  const { code, join_path: joinPath } = anne.info;
  const link = new URL(joinPath, server.url).href;

  // The wall: its own app under /wall/, the workshop's code in the address.
  const wallContext = await browser.newContext(projector);
  const wall = await wallContext.newPage();
  const wallErrors = watchErrors(wall);
  // The wall's polls as the browser sent them: the revision each asks from.
  const polls = [];
  wall.on('request', (r) => {
    const m = /\/api\/v1\/workshops\/[A-Z0-9]+\/changes\?since=(\d+)$/.exec(r.url());
    if (m) polls.push({ since: Number(m[1]), at: Date.now() });
  });
  await wall.goto(`${server.url}wall/?workshop=${code}`);
  await waitForFirstFrame(wall);
  await waitForState(wall, (s) => s.screen === 'sign_in');
  await wall.getByRole('heading', { level: 1, name: 'Log ind som facilitator' }).waitFor({ state: 'attached' });
  await checkAccessibilityTree(wall, 'wall sign in');
  await checkContrast(wall, 'wall sign in');
  await shot(wall, 'sign-in');
  await typeInto(wall, 'Brugernavn', anne.username);
  await typeInto(wall, 'Adgangskode', anne.password);
  await waitForState(wall, () => !window.idekort.items().some((i) => i.value && i.value.includes('facilitator-pw')));
  await press(wall, 'Log ind');
  // Signed in, the wall opens the workshop from its address at once.
  await waitForState(wall, (s, c) => s.screen === 'wall' && s.code === c && s.polls > 0, code, { timeout: 30000 });
  await waitForItem(wall, 'Kortene kommer her, når deltagerne sender dem.', () => true);
  await waitForItem(wall, `QR-kode til ${link}`, () => true);
  const empty = await shot(wall, 'empty');
  assert.deepEqual(decodeQr(empty), [link], 'the QR code on the wall is the join link');
  await checkAccessibilityTree(wall, 'wall');
  await checkContrast(wall, 'wall');

  // Two phones join by the link and each sends a card.
  const contextA = await browser.newContext(phone);
  const contextB = await browser.newContext(phone);
  const a = await openJoinLink(contextA, link);
  const b = await openJoinLink(contextB, link);
  for (const { page } of [a, b]) await joined(page, 'Mobilitet i Aarhus');
  await writeCard(a.page, 'Natbusser til Gellerup');
  await writeCard(b.page, 'Delecykler ved Dokk1');
  for (const { page } of [a, b]) await waitForState(page, (s) => s.workshop.outbox.every((c) => c.state === 'sent'));

  // The wall shows both, each once, without anyone touching it.
  await onWallOnce(wall, 'Natbusser til Gellerup');
  await onWallOnce(wall, 'Delecykler ved Dokk1');
  await waitForState(wall, (s) => s.cards === 2);
  await shot(wall, 'cards');

  // The facilitator starts the dot vote on the wall; the phones see it and vote.
  await press(wall, 'Start afstemning');
  await waitForState(wall, (s) => s.voting);
  await waitForItem(wall, 'Afstemningen er åben: 3 prikker hver', () => true);
  await waitForItem(wall, 'Stop afstemning', () => true);
  await voteTwoOne(a.page, b.page, 'Delecykler ved Dokk1', 'Natbusser til Gellerup');

  // The wall's ranking follows the dots, and each card carries its count.
  await waitForItem(wall, '1. Delecykler ved Dokk1 (2)', () => true);
  await waitForItem(wall, '2. Natbusser til Gellerup (1)', () => true);
  await waitForItem(wall, 'Delecykler ved Dokk1', (i) => i.description === '2 prikker');
  await onWallOnce(wall, 'Natbusser til Gellerup');
  await onWallOnce(wall, 'Delecykler ved Dokk1');
  await shot(wall, 'voted');
  await checkAccessibilityTree(wall, 'wall with the vote');
  await checkContrast(wall, 'wall with the vote');

  // Polling (until the WebSocket is up): each poll asks from a revision no older than the last (no
  // card fetched twice, none skipped), at most about one a second.
  for (let i = 1; i < polls.length; i++) assert.ok(polls[i].since >= polls[i - 1].since, `poll ${i} went back: ${JSON.stringify(polls.slice(i - 1, i + 1))}`);
  const seconds = (polls.at(-1).at - polls[0].at) / 1000;
  assert.ok(polls.length <= seconds * 1.5 + 3, `${polls.length} polls in ${seconds.toFixed(1)} s`);
  console.log(`wall: ${polls.length} polls in ${seconds.toFixed(1)} s, last since=${polls.at(-1).since}`);

  assert.deepEqual(wallErrors, []);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await contextA.close();
  await contextB.close();
  await wallContext.close();
});
