// Helpers for the live workshop's browser tests (issue 16): the facilitator's account and
// workshop made through the server's own command and API, and a participant's phone in the
// capture app (join link, a short card written by role and name as a screen reader would).
// Shared by workshop-join.test.mjs (the phones), workshop-wall.test.mjs and wall-live.test.mjs (the
// wall and phones).
import assert from 'node:assert/strict';
import { createAccount, press, typeInto, waitForFirstFrame, waitForItem, waitForState, waitInPage, watchErrors }
  from './support.mjs';

// A phone: 390x844 CSS px, touch, DPR 3, Danish. The wall: a projector's 1920x1080.
export const projector = { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, locale: 'da-DK' };
export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'da-DK' };

// The facilitator: an account made with the server's own command, signed in through the API,
// with a workshop (open moderation, 3 dots each, about `themes`). `username` and `password` sign in elsewhere
// (the wall); ranking() reads every card as the facilitator's wall does, most dots first.
export async function facilitator(server, { username = 'anne', title = 'Mobilitet i Aarhus', themes = [] } = {}) {
  const password = 'workshop-facilitator-pw-1';
  createAccount(server, username, 'facilitator', password);
  const login = await fetch(server.url + 'api/v1/admin/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const auth = { Authorization: `Bearer ${(await login.json()).token}`, 'Content-Type': 'application/json' };
  const made = await fetch(server.url + 'api/v1/workshops', {
    method: 'POST', headers: auth,
    body: JSON.stringify({ title, themes, time_box_minutes: 45, moderation: 'open', dots_per_participant: 3 }),
  });
  assert.equal(made.status, 201, await made.clone().text());
  const info = await made.json();
  return {
    info,
    username,
    password,
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
export async function activate(locator) {
  await locator.waitFor({ state: 'attached' });
  await locator.dispatchEvent('click');
}

// Types into the field by its label (the mirror's input hands the text to the app's field).
export async function fill(page, label, text) {
  await page.getByLabel(label, { exact: true }).fill(text);
  await waitInPage(page, ([l, t]) => window.idekort.items().some((i) => i.label === l && i.value === t), [label, text],
    { expected: `"${text}" in the app's field "${label}"` });
}

// A new page in `context` on the join link, at its first frame; its console errors collected.
export async function openJoinLink(context, link) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(link);
  await waitForFirstFrame(page);
  return { page, errors };
}

// The participant's workshop screen once joined: the workshop's title as its heading.
export async function joined(page, title) {
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ state: 'attached', timeout: 30000 });
  await waitForState(page, (s) => s.workshop.join === 'joined' && s.workshop.participant !== '');
}

// Writes a short card and sends it: resolves once it is on the device (sent or waiting).
export async function writeCard(page, title) {
  await fill(page, 'Giv idéen en kort titel', title);
  await fill(page, 'Hvilken udfordring løser idéen?', 'Bussen kører for sjældent om aftenen.');
  await fill(page, 'Hvad er idéen?', 'Flere afgange efter kl. 22.');
  await activate(page.getByRole('button', { name: 'Send kortet' }));
  // On the device first: the form is empty again and the card is listed as this device's.
  await waitForState(page, (s, t) => s.workshop.outbox.length > 0 && !window.idekort.items().some((i) => i.label === 'Giv idéen en kort titel' && i.value === t), title);
}

// The text the app shows (its item registry), by its words: on the page, perhaps below the fold
// of a phone (the list is under the form), where a person scrolls to it.
export const showing = (page, words) => waitInPage(page, (w) => window.idekort.items().some((i) => i.label === w), words,
  { expected: `"${words}" on screen`, seen: () => window.idekort.items().map((i) => i.label) });

// The participant's words for the dots left ("Du har 1 prik tilbage.").
export const dotsLeft = (n) => (n === 1 ? 'Du har 1 prik tilbage.' : `Du har ${n} prikker tilbage.`);

// The two phones' vote both tests use: with the vote open (each phone has its 3 dots), phone A
// gives two dots to `twice`, phone B one to `once`; resolves once each phone says what it has left.
export async function voteTwoOne(a, b, twice, once) {
  await showing(a, dotsLeft(3));
  for (const left of [2, 1]) {
    await activate(a.getByRole('button', { name: `Giv en prik: ${twice}` }));
    await showing(a, dotsLeft(left));
  }
  await showing(b, dotsLeft(3));
  await activate(b.getByRole('button', { name: `Giv en prik: ${once}` }));
  await showing(b, dotsLeft(2));
}

// The wall's card by its title, drawn and exactly once among everything on the wall.
export async function onWallOnce(page, title) {
  await waitForItem(page, title, () => true);
  const count = await page.evaluate((t) => window.idekort.items().filter((i) => i.label === t).length, title);
  assert.equal(count, 1, `"${title}" on the wall once`);
}

// The facilitator's wall in the browser on the workshop (/wall/?workshop=CODE): a new page in
// `context`, signed in by typing the account's name and password as a person does; resolves with
// the page and its console errors once the wall shows the workshop. `prepare(page)` runs before
// the page loads (a test's request counter or init script).
export async function signedInWall(context, server, anne, prepare = async () => {}) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await prepare(page);
  await page.goto(`${server.url}wall/?workshop=${anne.info.code}`);
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  await typeInto(page, 'Brugernavn', anne.username);
  await typeInto(page, 'Adgangskode', anne.password);
  await press(page, 'Log ind');
  await waitForState(page, (s, c) => s.screen === 'wall' && s.code === c, anne.info.code, { timeout: 30000 });
  return { page, errors };
}
