// The live workshop's wall in the browser (issue 16): three Chromium contexts. The facilitator's
// wall (/wall/?workshop=CODE, 1920x1080) signs in by typing, as a person does, and opens the
// workshop the API made; its QR code decodes (zbarimg) to the join link. Two phones (390x844,
// touch) join by that link in the capture app and each sends a card: the wall shows both, each
// once (over its WebSocket; whatever it polls asks from the revision it last saw, and
// wall-live.test.mjs tests the WebSocket and the fallback to polling). The facilitator starts the dot vote on the wall, the phones vote, and the wall's
// ranking follows. Issue 17's tree and contrast checks run on the sign-in screen and on the wall.
// The second test is the workshop's end in the browser: a cluster made on the wall, the CSV
// export downloaded, and the cluster promoted into the office's inbox with its Danish provenance;
// then the page reloaded (still signed in, on the workshop), "Log ud", and the new-workshop form.
// Screenshots web-wall-*.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { createAccount, launchBrowser, outputDir, press, startServer, typeInto, waitForFirstFrame, waitForItem, waitForState, waitInPage,
  watchErrors } from './support.mjs';
import { facilitator, joined, onWallOnce, openJoinLink, phone, projector, signedInWall, voteTwoOne, writeCard } from './workshop_support.mjs';

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

test('the end of a workshop in the browser: the CSV downloads, and a cluster made on the wall is promoted into the inbox', async () => {
  const anne = await facilitator(server, { username: 'birte', title: 'Byens rum', themes: ['climate', 'co_creation'] });
  const { code } = anne.info;
  // Three cards from a participant, sent as the phones send them (the first test drives the phones).
  const join = await fetch(`${server.url}api/v1/workshops/${code}/participants`, { method: 'POST' });
  assert.equal(join.status, 201);
  const participant = { Authorization: `Bearer ${(await join.json()).token}`, 'Content-Type': 'application/json' };
  for (const title of ['Bænke ved åen', 'Skygge på legepladsen', 'Køb vores parasoller']) {
    const sent = await fetch(`${server.url}api/v1/workshops/${code}/cards/${crypto.randomUUID()}`, {
      method: 'PUT', headers: participant, body: JSON.stringify({ title, challenge: 'For få steder at være', idea: title }),
    });
    assert.equal(sent.status, 201, await sent.clone().text());
  }
  const context = await browser.newContext(projector);
  const { page: wall, errors } = await signedInWall(context, server, anne);
  await onWallOnce(wall, 'Køb vores parasoller');
  // Moderation: an advert hidden, drawn greyed with "(skjult)", which its name says too; checked
  // as every screen is.
  await press(wall, 'Køb vores parasoller');
  await waitForItem(wall, 'Skjul kortet', () => true);
  await press(wall, 'Skjul kortet');
  await waitForItem(wall, 'Køb vores parasoller (skjult)', () => true);
  await checkAccessibilityTree(wall, 'wall, a hidden card');
  await checkContrast(wall, 'wall, a hidden card');

  // A cluster for one of the workshop's two themes (asked after its name, and checked as every
  // screen is), and both cards put in it with the touch way of dragging: choose, then "Læg i".
  await typeInto(wall, 'Navn på ny klynge', 'Byrum');
  await press(wall, 'Ny klynge');
  await waitForItem(wall, 'Samskabelse og frivillighed', () => true);
  await checkAccessibilityTree(wall, "wall, a cluster's theme");
  await checkContrast(wall, "wall, a cluster's theme");
  await press(wall, 'Samskabelse og frivillighed');
  await waitForState(wall, (s) => s.clusters === 1);
  await waitForItem(wall, 'Tema: Samskabelse og frivillighed', () => true);
  for (const title of ['Bænke ved åen', 'Skygge på legepladsen']) {
    await press(wall, title);
    await waitForItem(wall, 'Læg i Byrum', () => true);
    if (title === 'Bænke ved åen') {
      // A chosen card's tools, and the merge's "pick the other card" step, as every screen is checked.
      await checkAccessibilityTree(wall, 'wall, a card chosen');
      await checkContrast(wall, 'wall, a card chosen');
      await press(wall, 'Flet ind i et andet kort');
      await waitForItem(wall, 'Tryk på det kort, det skal flettes ind i', () => true);
      await checkAccessibilityTree(wall, 'wall, merging');
      await checkContrast(wall, 'wall, merging');
      await press(wall, 'Fortryd');
      await press(wall, title);
      await waitForItem(wall, 'Læg i Byrum', () => true);
    }
    await press(wall, 'Læg i Byrum');
    // Drawn under the cluster's heading, in its column, before the next card is touched: the
    // move re-lays the wall, and a touch read from the old layout would land beside the card.
    await waitInPage(wall, (placed) => {
      const items = window.idekort.items();
      const heading = items.find((i) => i.label === 'Byrum' && i.role === 'heading');
      return heading && placed.every((t) => items.some((i) =>
        i.label === t && Math.abs(i.x - heading.x) < 2 && i.y > heading.y));
    }, title === 'Bænke ved åen' ? [title] : ['Bænke ved åen', title], {
      timeout: 30000,
      seen: () => window.idekort.items().filter((i) => /Byrum|Bænke|Skygge/.test(i.label)).map((i) => [i.label, i.role, i.x, i.y]),
    });
  }

  // The ending: the exports and the promotion, read and checked as on the wall.
  await press(wall, 'Afslutning');
  await waitForItem(wall, 'Gem som regneark (CSV)', () => true);
  await checkAccessibilityTree(wall, 'wall ending');
  await checkContrast(wall, 'wall ending');
  const [download] = await Promise.all([wall.waitForEvent('download'), press(wall, 'Gem som regneark (CSV)')]);
  assert.equal(download.suggestedFilename(), `workshop-${code}.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /"Skygge på legepladsen","For få steder at være","Skygge på legepladsen","","shown","Byrum","0"/);
  assert.match(csv, /"Køb vores parasoller","For få steder at være","Køb vores parasoller","","hidden","","0"/);
  await waitForItem(wall, `Gemt: workshop-${code}.csv`, () => true);
  // The summary to print: a page the browser downloads and opens, the cluster under its theme.
  const [summary] = await Promise.all([wall.waitForEvent('download'), press(wall, 'Gem opsummering til print')]);
  assert.equal(summary.suggestedFilename(), `workshop-${code}-summary.html`);
  const page = readFileSync(await summary.path(), 'utf8');
  assert.match(page, /<h1>Opsummering: Byens rum<\/h1>/);
  assert.match(page, /Byrum · 0 prikker<\/h2>\n<p class="theme">Tema: Samskabelse og frivillighed<\/p>/);
  // The join sheet to print: opened in the browser as a printer would draw it, its QR code read
  // as a phone camera would (zbarimg) gives the join link.
  const [sheet] = await Promise.all([wall.waitForEvent('download'), press(wall, 'Gem QR-kode til print')]);
  assert.equal(sheet.suggestedFilename(), `workshop-${code}-qr.svg`);
  const printed = await context.newPage();
  await printed.setViewportSize({ width: 800, height: 1131 });
  const sheetFile = path.join(outputDir, 'web-wall-qr-sheet.svg');
  await sheet.saveAs(sheetFile);
  await printed.goto(`file://${sheetFile}`);
  const sheetShot = path.join(outputDir, 'web-wall-qr-sheet.png');
  await printed.screenshot({ path: sheetShot });
  assert.deepEqual(decodeQr(sheetShot), [new URL(anne.info.join_path, server.url).href]);
  await printed.close();

  await press(wall, 'Løft til indbakken: Byrum');
  const receipt = await waitInPage(wall, () => {
    const said = window.idekort.items().find((i) => i.label.startsWith('I indbakken med kvittering '));
    return said && said.label.slice('I indbakken med kvittering '.length);
  }, undefined, { timeout: 30000, seen: () => window.idekort.items().filter((i) => /indbakken|kunne ikke/i.test(i.label)).map((i) => i.label) });
  await shot(wall, 'ending');

  // The office's inbox has it, titled by the cluster, with where it came from in Danish.
  createAccount(server, 'tove', 'triage', 'triage-password-long-1');
  const login = await fetch(server.url + 'api/v1/admin/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'tove', password: 'triage-password-long-1' }),
  });
  assert.equal(login.status, 200);
  const inbox = await fetch(server.url + 'api/v1/cards', { headers: { Authorization: `Bearer ${(await login.json()).token}` } });
  const promoted = (await inbox.json()).cards.find((c) => c.receipt === receipt);
  assert.ok(promoted, `the inbox has the card with receipt ${receipt}`);
  assert.equal(promoted.card.title, 'Byrum');
  assert.equal(promoted.card.theme, 'co_creation');   // the cluster's theme, not the workshop's first
  assert.equal(promoted.card.challenge, '- For få steder at være');   // one challenge named twice, written once
  assert.ok(promoted.card.idea.endsWith(`Fra workshoppen "Byens rum" (${code}), klyngen "Byrum": 2 kort, 0 prikker.`), promoted.card.idea);

  // The projector's page reloaded, even at /wall/ with no code: back on the workshop with no
  // password typed in front of the room (the session and workshop are kept in the device store).
  await wall.goto(`${server.url}wall/`);
  await waitForFirstFrame(wall);
  await waitForState(wall, (s, c) => s.screen === 'wall' && s.code === c && s.cards === 3, code, { timeout: 30000 });
  // "Log ud" forgets both: a reload asks for the password, and signed in again the wall offers a
  // new workshop (its form checked as every screen is).
  await press(wall, 'Afslutning');
  await press(wall, 'Log ud');
  await waitForState(wall, (s) => s.screen === 'sign_in');
  await wall.reload();
  await waitForFirstFrame(wall);
  await waitForState(wall, (s) => s.screen === 'sign_in');
  await typeInto(wall, 'Brugernavn', anne.username);
  await typeInto(wall, 'Adgangskode', anne.password);
  await press(wall, 'Log ind');
  await waitForState(wall, (s) => s.screen === 'open', undefined, { timeout: 30000 });
  await waitForItem(wall, 'Opret workshop', () => true);
  await checkAccessibilityTree(wall, 'wall new workshop');
  await checkContrast(wall, 'wall new workshop');
  await shot(wall, 'new-workshop');
  assert.deepEqual(errors, []);
  await context.close();
});
