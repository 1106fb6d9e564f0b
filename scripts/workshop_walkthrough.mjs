// The live workshop's walk-through (issue 16, "Done means"), as a new user would take it, against
// the server that `bash scripts/run.sh` started (the README's first command): the facilitator's
// account made with the server's own command, a workshop created on the wall in the browser
// (/wall/, a 1920x1080 projector), its QR code read by zbarimg as a phone camera would, two phones
// (390x844, touch, DPR 3) joining by that link and writing cards, the wall clustering (one card
// dragged, the others chosen and placed), hiding one card and running a dot vote while its
// ranking follows, then the wall's "Afslutning": the export (CSV, JSON, the printable summary page,
// each downloaded), a cluster promoted to an idea card, and the central office finding that card
// in its inbox with its provenance. Every step leaves a screenshot in build/workshop-walkthrough/
// (listed in docs/SCREENSHOTS.md) and waits for the state it needs, never for time. Whatever a
// new user could not do on the wall, or found cut off, is said in the output.
// Not a test: CI does not run it, because it needs the deployment run.sh makes.
//
//   IDEKORT_NO_KIOSK=1 bash scripts/run.sh &     # the server and the web build, var/idekort
//   node scripts/workshop_walkthrough.mjs         # IDEKORT_URL, IDEKORT_DATA_DIR to change
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { itemCentre, launchBrowser, press, signInToOffice, typeInto, waitForFirstFrame, waitForItem, waitForState, waitInPage, watchErrors,
  wheelTo } from '../tests/web/support.mjs';
import { activate, dotsLeft, joined, openJoinLink, phone, showing, writeCard } from '../tests/web/workshop_support.mjs';
import { account, api, password, photographer, say, url } from './walkthrough_support.mjs';

const { out, shot, failed } = photographer('workshop-walkthrough');
const projector = { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'da-DK' };
// The workshop's title carries the time, so each run's workshop and promoted card are told apart.
const title = `Aftener i Aarhus ${new Date().toISOString().slice(11, 19)}`;
const clusterNames = ['Bus og tog om aftenen', 'Cykler og gåture'];
const cardsOf = {
  a: ['Natbus til Gellerup', 'Letbanen hver 10. minut', 'Lys på stien ved åen'],
  b: ['Flere bybusser efter kl. 22', 'Delecykler ved Dokk1', 'Gratis cykellygter'],
};
// What a new user could not do on the wall or found cut off: said
// where it happens and listed again at the end.
const gaps = [];
function gap(words) { gaps.push(words); console.log(`  WALL FALLS SHORT: ${words}`); }

// Every card and cluster as the server has them (the facilitator's view), polled until `check`
// holds, or a failure naming what was expected after 15 s.
async function boardWhere(code, token, check, expected) {
  let last;
  for (const deadline = Date.now() + 15000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    last = await api('GET', `/api/v1/workshops/${code}/changes?since=0`, token);
    if (check(last)) return last;
  }
  throw new Error(`the server's board never showed ${expected}; last: ${JSON.stringify(last)}`);
}
const cardByTitle = (board, t) => board.cards.find((c) => c.title === t);
const clusterByName = (board, n) => board.clusters.find((c) => c.name === n);

// Drags the wall's card `from` onto the widget `to` with the mouse, a frame between moves, as a
// hand does (ImGui's drag and drop needs the press, the moves and the release in frames of their own).
async function drag(page, from, to) {
  const start = await itemCentre(page, from);
  const end = await itemCentre(page, to);
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.mouse.move(start.x, start.y);
  await frames();
  await page.mouse.down();
  await frames();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(start.x + (end.x - start.x) * i / 12, start.y + (end.y - start.y) * i / 12);
    await frames();
  }
  await page.mouse.up();
  await frames();
}

// Waits until the wall's field `label` holds `value` (the typing has landed).
const holds = (page, label, value) => waitInPage(page, ([l, v]) => window.idekort.items().some((i) => i.label === l && i.value === v),
  [label, value], { expected: `"${value}" in the field "${label}"` });

// What a phone camera reads from the picture: zbarimg's text of each QR code in it.
function qrCodesIn(file) {
  const read = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
  if (read.error) throw new Error('zbarimg (Debian zbar-tools) is needed to read the QR code: ' + read.error.message);
  return read.stdout.split('\n').filter(Boolean);
}

// 0. Accounts, with the command the README gives; an account an earlier walk-through made is used again.
say('0. Accounts: a facilitator (anne) and the central office (tove, triage)');
const anneToken = await account('anne', 'facilitator');
await account('tove', 'triage');

const browser = await launchBrowser();
const errors = [];
try {
  // 1. The wall on the projector: sign in, create the workshop, the code and the QR code.
  say('1. The wall: sign in, create a workshop, its code and QR code');
  const wallContext = await browser.newContext(projector);
  const wall = await wallContext.newPage();
  errors.push(watchErrors(wall));
  await wall.goto(url + 'wall/');
  await waitForFirstFrame(wall);
  await waitForState(wall, (s) => s.screen === 'sign_in');
  await typeInto(wall, 'Brugernavn', 'anne');
  await typeInto(wall, 'Adgangskode', password);
  await shot(wall, 'wall-sign-in');
  await press(wall, 'Log ind');
  await waitForState(wall, (s) => s.screen === 'open', undefined, { timeout: 30000 });
  await typeInto(wall, 'Titel på en ny workshop', title);
  await holds(wall, 'Titel på en ny workshop', title);
  // The settings, each one touch: the theme, a 45-minute time box; 3 dots and no moderation as offered.
  await press(wall, 'Klima');
  await press(wall, '45 min');
  await waitForItem(wall, '45 min', (i) => i.checked);
  await shot(wall, 'wall-new-workshop');
  await press(wall, 'Opret workshop');
  const opened = await waitForState(wall, (s) => s.screen === 'wall' && s.code.length === 8, undefined, { timeout: 30000 });
  const code = opened.code;
  const info = await api('GET', `/api/v1/workshops/${code}`, '');
  console.log(`  workshop ${code}: "${info.title}", ${info.time_box_minutes} min, ${info.moderation}, ${info.dots_per_participant} dots each`);
  assert.equal(info.title, title);
  assert.equal(info.time_box_minutes, 45);
  assert.deepEqual(info.themes, ['climate']);
  await waitInPage(wall, () => window.idekort.items().some((i) => /^Tid tilbage: 4[45] min$/.test(i.label)), undefined,
    { expected: 'the time box counting down from 45 minutes' });
  const link = new URL(info.join_path, url).href;
  await waitForItem(wall, `QR-kode til ${link}`, () => true);
  await waitForItem(wall, 'Kortene kommer her, når deltagerne sender dem.', () => true);
  const empty = await shot(wall, 'wall-code-and-qr');

  // 2. The QR code, read from the wall's picture, is the link the phones open.
  say('2. Two phones scan the QR code and write cards');
  const scanned = qrCodesIn(empty);
  assert.deepEqual(scanned, [link], 'the QR code on the wall is the join link');
  console.log(`  zbarimg read ${scanned[0]}`);
  const phones = {};
  for (const who of ['a', 'b']) {
    const context = await browser.newContext(phone);
    const opened = await openJoinLink(context, scanned[0]);
    errors.push(opened.errors);
    phones[who] = opened.page;
    await joined(phones[who], title);
  }
  await shot(phones.a, 'phone-a-joined');
  for (const who of ['a', 'b'])
    for (const t of cardsOf[who]) await writeCard(phones[who], t);
  for (const who of ['a', 'b'])
    await waitForState(phones[who], (s) => s.workshop.outbox.length === 3 && s.workshop.outbox.every((c) => c.state === 'sent'));
  await showing(phones.b, 'Kortene på væggen');
  await shot(phones.b, 'phone-b-sent');

  // 3. The cards arrive on the wall; two clusters; cards placed; one hidden; the dot vote.
  say('3. The wall: the cards arrive, two clusters, one card hidden, a dot vote');
  const all = [...cardsOf.a, ...cardsOf.b];
  for (const t of all) await waitForItem(wall, t, () => true);
  await waitForState(wall, (s) => s.cards === 6);
  await shot(wall, 'wall-cards-arrived');
  for (const name of clusterNames) {
    await typeInto(wall, 'Navn på ny klynge', name);
    await holds(wall, 'Navn på ny klynge', name);
    await press(wall, 'Ny klynge');
    await waitForItem(wall, name, () => true);
  }
  await waitForState(wall, (s) => s.clusters === 2);
  let board = await boardWhere(code, anneToken, (b) => b.clusters.length === 2, 'two clusters');
  const [bus, bike] = clusterNames.map((n) => clusterByName(board, n).cluster_id);
  // One card by hand, dragged onto its cluster; the others chosen, then "Læg i …".
  await drag(wall, 'Natbus til Gellerup', clusterNames[0]);
  await boardWhere(code, anneToken, (b) => cardByTitle(b, 'Natbus til Gellerup').cluster_id === bus, '"Natbus til Gellerup" dragged into its cluster');
  console.log('  dragged "Natbus til Gellerup" onto its cluster');
  const placements = [['Flere bybusser efter kl. 22', 0], ['Letbanen hver 10. minut', 0], ['Delecykler ved Dokk1', 1], ['Lys på stien ved åen', 1]];
  for (const [t, c] of placements) {
    const into = [bus, bike][c];
    await press(wall, t);
    await waitForItem(wall, `Læg i ${clusterNames[c]}`, () => true);
    await press(wall, `Læg i ${clusterNames[c]}`);
    await boardWhere(code, anneToken, (b) => cardByTitle(b, t).cluster_id === into, `"${t}" in ${clusterNames[c]}`);
  }
  await shot(wall, 'wall-clustered');
  // Moderation: a card that does not belong on the wall is hidden.
  await press(wall, 'Gratis cykellygter');
  await waitForItem(wall, 'Skjul kortet', () => true);
  await shot(wall, 'wall-card-chosen');
  await press(wall, 'Skjul kortet');
  await boardWhere(code, anneToken, (b) => cardByTitle(b, 'Gratis cykellygter').status === 'hidden', '"Gratis cykellygter" hidden');
  await press(wall, 'Start afstemning');
  await waitForState(wall, (s) => s.voting);
  await waitForItem(wall, 'Afstemningen er åben: 3 prikker hver', () => true);
  await shot(wall, 'wall-vote-open');
  // Phone B gives its dots first; the ranking shows it; then phone A's dots change it.
  for (const p of [phones.a, phones.b]) await showing(p, dotsLeft(3));
  await activate(phones.b.getByRole('button', { name: 'Giv en prik: Letbanen hver 10. minut' }));
  await showing(phones.b, dotsLeft(2));
  await waitForItem(wall, '1. Letbanen hver 10. minut (1)', () => true);
  await shot(wall, 'wall-ranking-first-dot');
  await activate(phones.b.getByRole('button', { name: 'Giv en prik: Delecykler ved Dokk1' }));
  await showing(phones.b, dotsLeft(1));
  for (const [t, left] of [['Natbus til Gellerup', 2], ['Natbus til Gellerup', 1], ['Delecykler ved Dokk1', 0]]) {
    await activate(phones.a.getByRole('button', { name: `Giv en prik: ${t}` }));
    await showing(phones.a, dotsLeft(left));
  }
  await shot(phones.a, 'phone-a-voted');
  await waitForItem(wall, '1. Natbus til Gellerup (2)', () => true);
  await waitForItem(wall, '2. Delecykler ved Dokk1 (2)', () => true);
  await waitForItem(wall, '3. Letbanen hver 10. minut (1)', () => true);
  await shot(wall, 'wall-ranking-changed');
  // A card chosen while the ranking stands in the sidebar: are its tools still whole on the screen?
  await press(wall, 'Gratis cykellygter (skjult)');
  await waitForItem(wall, 'Skjul kortet', () => true).catch(() => {});
  await shot(wall, 'wall-card-chosen-during-vote');
  const tools = await wall.evaluate(() => ['Vis kortet igen', 'Flet ind i et andet kort', 'Fortryd'].map((l) => {
    const i = window.idekort.items().find((it) => it.label === l);
    return { l, whole: !!i && i.visible && (!i.shown || i.shown[1] + i.shown[3] >= i.y + i.height - 1) && i.y + i.height <= innerHeight };
  }));
  for (const t of tools.filter((t) => !t.whole)) gap(`with the ranking shown, a chosen card's "${t.l}" is cut off below the sidebar (it does not scroll)`);
  await press(wall, 'Gratis cykellygter (skjult)');   // pressed again: no card chosen
  await waitForItem(wall, 'Ny klynge', () => true);
  await press(wall, 'Stop afstemning');
  await waitForState(wall, (s) => !s.voting);

  // 4. The ending on the wall: the export, each file downloaded as the browser saves it.
  say('4. "Afslutning" on the wall: CSV, JSON and the printable summary downloaded');
  await press(wall, 'Afslutning');
  await waitForItem(wall, 'Gem som regneark (CSV)', () => true);
  await shot(wall, 'wall-ending');
  const exported = {};
  for (const [format, button, file] of [['csv', 'Gem som regneark (CSV)', `workshop-${code}.csv`], ['json', 'Gem som data (JSON)', `workshop-${code}.json`],
    ['summary', 'Gem opsummering til print', `workshop-${code}-summary.html`]]) {
    const [download] = await Promise.all([wall.waitForEvent('download'), press(wall, button)]);
    assert.equal(download.suggestedFilename(), file);
    await download.saveAs(path.join(out, file));
    exported[format] = readFileSync(path.join(out, file), 'utf8');
    await waitForItem(wall, `Gemt: ${file}`, () => true);
    console.log(`  build/workshop-walkthrough/${file} (${Buffer.byteLength(exported[format])} bytes)`);
  }
  const json = JSON.parse(exported.json);
  assert.deepEqual(json.clusters.map((c) => c.name).sort(), [...clusterNames].sort());
  assert.equal(json.cards.find((c) => c.title === 'Natbus til Gellerup').dots, 2);
  assert.equal(json.cards.find((c) => c.title === 'Gratis cykellygter').status, 'hidden');
  assert.match(exported.csv, /"?Natbus til Gellerup"?,.*"?Bus og tog om aftenen"?,"?2"?/);
  assert.match(exported.csv, /"?Delecykler ved Dokk1"?,.*"?Cykler og gåture"?,"?2"?/);
  // The summary as the facilitator prints it: opened in the browser, an A4 page of the clusters.
  assert.match(exported.summary, /Bus og tog om aftenen · 3 prikker<\/h2>[^]*?<td class="dots">2<\/td><td><strong>Natbus til Gellerup<\/strong>/);
  assert.match(exported.summary, /Cykler og gåture · 2 prikker<\/h2>/);
  const printed = await wall.context().newPage();
  await printed.setViewportSize({ width: 800, height: 1131 });
  await printed.goto(`file://${path.join(out, `workshop-${code}-summary.html`)}`);
  await printed.screenshot({ path: path.join(out, 'summary-page.png'), fullPage: true });
  await printed.close();
  console.log('  build/workshop-walkthrough/summary-page.png (the summary as the browser draws it)');

  // 5. The bus cluster becomes an idea card; the central office finds it in the inbox.
  say('5. The cluster "Bus og tog om aftenen" promoted to an idea card on the wall, then the office\'s inbox');
  await press(wall, `Løft til indbakken: ${clusterNames[0]}`);
  const receipt = await waitInPage(wall, () => {
    const said = window.idekort.items().find((i) => i.label.startsWith('I indbakken med kvittering '));
    return said && said.label.slice('I indbakken med kvittering '.length);
  }, undefined, { expected: 'the wall saying the promoted card\'s receipt' });
  await shot(wall, 'wall-cluster-promoted');
  const promoted = { receipt };
  console.log(`  promoted: receipt ${receipt}`);
  const desk = await (await browser.newContext(projector)).newPage();
  errors.push(watchErrors(desk));
  await signInToOffice(desk, url, 'tove', password);
  await waitForState(desk, (s) => s.screen === 'inbox' && s.cards > 0, undefined, { timeout: 30000 });
  await waitForItem(desk, promoted.receipt, () => true);
  await shot(desk, 'office-inbox');
  await press(desk, promoted.receipt);
  await waitForState(desk, (s) => !!s.selected);
  const provenance = `Fra workshoppen "${title}" (${code}), klyngen "${clusterNames[0]}": 3 kort, 3 prikker.`;
  const idea = await waitInPage(desk, (p) => window.idekort.items().find((i) => i.label.includes(p))?.label, provenance,
    { timeout: 30000, expected: `the provenance "${provenance}" on the card`, seen: () => window.idekort.items().map((i) => i.label) });
  await wheelTo(desk, idea);
  for (const t of ['Natbus til Gellerup', 'Flere bybusser efter kl. 22', 'Letbanen hver 10. minut'])
    assert.ok(idea.includes(`- ${t}`), `the promoted card lists "${t}": ${idea}`);
  console.log(`  the card's idea as the office shows it:\n${idea.split('\n').map((l) => `  | ${l}`).join('\n')}`);
  await shot(desk, 'office-promoted-card');

  for (const e of errors) assert.deepEqual(e, [], 'no page logged an error');
  say(`Done: workshop ${code} from the wall to the office's inbox (card ${promoted.receipt}).`);
  if (gaps.length) say(`Where the wall fell short:\n${gaps.map((g) => `  - ${g}`).join('\n')}`);
} catch (e) {
  await failed(browser);
  throw e;
} finally {
  await browser.close();
}
