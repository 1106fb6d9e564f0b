// The screening meeting in the browser (issue 15): the real web build of idekort-office at
// /office/, served by the real idekort-server, in Debian's Chromium. Three browser contexts: the
// meeting room's screen (the triage account, 1920x1080) shows the room view, and two directors on
// tablets (touch) score the same card at the same time. All three end up showing both scores, and
// after the chair's decision the decision with them. The room opens the meeting by its id, the
// tablets from the list of their meetings. Every wait is for a state, with a deadline.
// Screenshots: the room view and a tablet. Both views pass issue 17's tree and contrast checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { reveal, sees, tap } from './office_support.mjs';
import { builtShell, launchBrowser, outputDir, press, serverBin, startServer, typeInto, waitForFirstFrame, waitForItem,
  waitForState, watchErrors, webDir } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const key = 'meeting-web-test-submission-key-1';
const password = 'a password long enough';
const programme = JSON.parse(readFileSync(path.join(root, 'assets/programme/programme.json'), 'utf8'));
const theme = programme.themes[0].id;
const criterion = (i) => programme.criteria[i].text.da;
let server, browser, card, meetingId;
const tokens = {};

async function call(method, route, token, body) {
  const res = await fetch(server.url + route.replace(/^\//, ''), { method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${route}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

before(async () => {
  builtShell(path.join(webDir, 'office'));   // the office's own build is there
  server = await startServer({ args: ['--submission-key', key, '--rate-login', '0', '--rate-ip', '0',
    '--programme', path.join(root, 'assets/programme/programme.json')] });
  for (const [name, role] of [['tove', 'triage'], ['ada', 'admin'], ['dorte', 'director'], ['dagmar', 'director']]) {
    const made = spawnSync(serverBin, ['create-admin', '--data-dir', server.dataDir, '--username', name, '--role', role],
      { input: password + '\n' });
    assert.equal(made.status, 0, String(made.stderr));
    tokens[name] = (await call('POST', '/api/v1/admin/login', '', { username: name, password })).token;
  }
  for (const d of ['dorte', 'dagmar']) await call('PUT', `/api/v1/admin/users/${d}/themes`, tokens.ada, { themes: [theme] });
  // A card sent as a kiosk sends it, given the theme and passed on to screening; the meeting planned.
  card = randomUUID();
  const body = readFileSync(path.join(root, 'tests/fixtures/card-v1.json'), 'utf8').replace('3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93', card);
  const res = await fetch(`${server.url}api/v1/cards/${card}`, { method: 'PUT', body,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } });
  assert.equal(res.status, 201);
  let { version } = await call('GET', `/api/v1/cards/${card}/pipeline`, tokens.tove);
  ({ version } = await call('POST', `/api/v1/cards/${card}/transitions`, tokens.tove, { action: 'triage', version, theme }));
  await call('POST', `/api/v1/cards/${card}/transitions`, tokens.tove, { action: 'plan_screening', version });
  meetingId = (await call('POST', '/api/v1/meetings', tokens.tove, { held_on: '2026-12-03', themes: [theme],
    participants: ['dorte', 'dagmar'], agenda: [{ card_id: card, minutes: 15 }] })).meeting_id;
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function signIn(page, user, options = {}) {
  await page.goto(server.url + 'office/');
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  await typeInto(page, 'Brugernavn', user, options);
  await typeInto(page, 'Adgangskode', password, options);
  await press(page, 'Log ind', options);
}

async function openMeeting(page, options = {}) {
  await waitForState(page, (s) => s.screen === 'meeting' && s.meeting_view === 'open');
  await typeInto(page, 'Mødets id', meetingId, options);
  await press(page, 'Åbn mødet', options);
  await waitForState(page, (s, c) => s.meeting_current === c, card);
}

// A director's tablet reaches the meeting from the list of their meetings (issue 15): no id typed.
async function openFromList(page, options = {}) {
  await waitForState(page, (s) => s.screen === 'meeting' && s.meeting_view === 'open' && s.meetings_listed === 1);
  await press(page, `2026-12-03 · ${programme.themes[0].name.da} · 0 af 1 kort afgjort`, options);
  await waitForState(page, (s, c) => s.meeting_current === c, card);
}

test('two directors score the same card on tablets while the room shows it; all three show both scores and the decision', async () => {
  // The room's screen.
  const roomContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const room = await roomContext.newPage();
  const roomErrors = watchErrors(room);
  await signIn(room, 'tove');
  await waitForState(room, (s) => s.screen === 'inbox');
  await press(room, 'Møder');
  await openMeeting(room);
  await waitForState(room, (s) => s.meeting_view === 'room');
  await waitForItem(room, 'dorte: har ikke vurderet endnu', () => true);

  // Two tablets, touch, side by side in time.
  const tablet = { viewport: { width: 1024, height: 768 }, hasTouch: true };
  const [dorteContext, dagmarContext] = [await browser.newContext(tablet), await browser.newContext(tablet)];
  const [dorte, dagmar] = [await dorteContext.newPage(), await dagmarContext.newPage()];
  const touch = { touch: true };
  // Each in its turn: a background tab gets no animation frames.
  for (const [page, user] of [[dorte, 'dorte'], [dagmar, 'dagmar']]) {
    await page.bringToFront();
    await signIn(page, user, touch);
    if (user === 'dorte') {
      // Issue 17's checks on the list of a director's meetings, as a tablet shows it.
      await waitForState(page, (s) => s.screen === 'meeting' && s.meetings_listed === 1);
      await page.screenshot({ path: path.join(outputDir, 'web-office-meetings-tablet-1024x768.png') });
      await checkAccessibilityTree(page, 'the meetings list');
      await checkContrast(page, 'the meetings list');
    }
    await openFromList(page, touch);
  }
  await dorte.bringToFront();
  await waitForState(dorte, (s) => s.meeting_view === 'tablet');

  // Both score; the presses interleave, each on its own tablet.
  await dorte.bringToFront();
  await tap(dorte, `${criterion(0)}: Ja`);
  await waitForItem(dorte, `${criterion(0)}: Ja`, (i) => i.checked);
  await dagmar.bringToFront();
  await tap(dagmar, `${criterion(0)}: Nej`);
  await waitForItem(dagmar, `${criterion(0)}: Nej`, (i) => i.checked);
  await dorte.bringToFront();
  await tap(dorte, `${criterion(1)}: Delvis`);
  await waitForItem(dorte, `${criterion(1)}: Delvis`, (i) => i.checked);
  await tap(dorte, 'Send min vurdering');
  await dagmar.bringToFront();
  await tap(dagmar, 'Send min vurdering');
  await waitForState(dagmar, (s) => s.meeting_message === 'Din vurdering er modtaget.');
  await dorte.bringToFront();
  await waitForState(dorte, (s) => s.meeting_message === 'Din vurdering er modtaget.');

  // Both count, on every screen.
  const both = ['dorte: 1 ja · 1 delvis · 0 nej', 'dagmar: 0 ja · 0 delvis · 1 nej'];
  for (const page of [room, dorte, dagmar]) {
    await page.bringToFront();
    for (const words of both) await sees(page, words);
  }
  await room.bringToFront();
  await room.screenshot({ path: path.join(outputDir, 'web-office-meeting-room-1920x1080.png') });
  await dorte.bringToFront();
  await dorte.screenshot({ path: path.join(outputDir, 'web-office-meeting-tablet-1024x768.png') });
  // Issue 17's checks on both views: every control named, a named heading, and text and control
  // borders at WCAG AA contrast on the drawn pixels (the card's section headings scrolled out of
  // their column are measured only where drawn, since the registry knows what clips them).
  for (const [page, where] of [[room, 'meeting room'], [dorte, 'director\'s tablet']]) {
    await page.bringToFront();
    await checkAccessibilityTree(page, where);
    await checkContrast(page, where);
  }

  // The chair (dorte) invites to pitch with a date.
  await tap(dorte, 'Inviter til pitch …');
  await reveal(dorte, 'Dato for pitch (ÅÅÅÅ-MM-DD)');
  await typeInto(dorte, 'Dato for pitch (ÅÅÅÅ-MM-DD)', '2026-12-10', touch);
  await tap(dorte, 'Send beslutningen');
  await waitForState(dorte, (s) => s.meeting_decisions === 1);
  const decided = await call('GET', `/api/v1/cards/${card}/pipeline`, tokens.ada);
  assert.equal(decided.state, 'invited_to_pitch');

  // Every screen shows the decision with both scores.
  for (const page of [room, dorte, dagmar]) {
    await page.bringToFront();
    await waitForState(page, (s) => s.meeting_decisions === 1 && s.meeting_current === '');
    await sees(page, 'Seneste beslutning: Fælles cykelværksted for skoler og plejehjem');
    await sees(page, 'Inviteret til pitch (dorte)');
    for (const words of both) await sees(page, words);
  }
  await room.bringToFront();
  await waitForItem(room, 'Besluttet: Inviteret til pitch (dorte) · 1 ja · 1 delvis · 1 nej', () => true);
  await room.screenshot({ path: path.join(outputDir, 'web-office-meeting-decided-1920x1080.png') });
  assert.deepEqual(roomErrors, []);
  await Promise.all([roomContext.close(), dorteContext.close(), dagmarContext.close()]);
});

test('a director\'s "Mine kort" on a tablet lists the card in her theme, with every control named and readable', async () => {
  // After the meeting above the card is invited to pitch: past triage, not closed, in dorte's theme.
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, 'dorte', { touch: true });
  await waitForState(page, (s) => s.screen === 'meeting');
  await press(page, 'Mine kort', { touch: true });
  await waitForState(page, (s) => s.screen === 'my_cards' && s.my_cards === 1);
  await page.screenshot({ path: path.join(outputDir, 'web-office-mine-tablet-1024x768.png') });
  await checkAccessibilityTree(page, '"Mine kort"');
  await checkContrast(page, '"Mine kort"');
  assert.deepEqual(errors, []);
  await context.close();
});
