// "Følg din idé" (issue 15) on a phone in Chromium (390x844, touch, DPR 3): the real web build
// and the real idekort-server. A card is written and sent through the wizard; the office moves it
// on through the pipeline API as triage would (an account made with `idekort-server
// create-admin --role triage`, signed in, the theme set, then closed with feedback); the phone
// follows it by tapping the finished card and by its code typed carelessly (lower case, spaces,
// O for 0), through the DOM input bridge, until the closed feedback shows. A tablet kiosk at
// 1080x1920 (?kiosk) reaches the same screen from its attract screen and lists nobody's cards.
// Every screen shown passes issue 17's tree and contrast checks. Screenshots web-follow-*.png
// (docs/SCREENSHOTS.md).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { launchBrowser, outputDir, press, serverBin, startServer, typeInto, waitForFirstFrame, waitForItem, waitForState, watchErrors }
  from './support.mjs';

const key = 'browser-follow-submission-key-01';
let server, browser;
before(async () => {
  server = await startServer(['--submission-key', key, '--rate-status', '0']);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const touch = { touch: true };
const shot = (page, name) => page.screenshot({ path: path.join(outputDir, `web-follow-${name}.png`) });
// Issue 17's checks on the screen as it is now (after its screenshot): every control named, and
// text and borders at their contrast. The mirror follows the app a frame later.
async function checkScreen(page, where) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await checkAccessibilityTree(page, where);
  await checkContrast(page, where);
}

// The office's side: a triage account made with the server's own command, signed in.
async function signInAsTriage() {
  const password = 'follow-triage-password-1';
  execFileSync(serverBin, ['create-admin', '--data-dir', server.dataDir, '--username', 'tove', '--role', 'triage'], { input: password + '\n' });
  const r = await fetch(server.url + 'api/v1/admin/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'tove', password }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  const token = (await r.json()).token;
  const auth = { Authorization: `Bearer ${token}` };
  // One transition against the card's current version, as the office app would send it.
  return async (cardId, request) => {
    const now = await (await fetch(`${server.url}api/v1/cards/${cardId}/pipeline`, { headers: auth })).json();
    const t = await fetch(`${server.url}api/v1/cards/${cardId}/transitions`, {
      method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...request, version: now.version }),
    });
    assert.equal(t.status, 200, await t.clone().text());
    return t.json();
  };
}

async function next(page, step) {
  await press(page, 'Næste ›', touch);
  await waitForState(page, (s, want) => s.step === want, step);
}

// What the app drew as text or as a control, by its words (the item registry).
const showing = (page, words) => waitForItem(page, words, () => true, `"${words}" on screen`);

test('phone: a sent card is followed by a tap and by its code typed carelessly until the closed feedback shows', async () => {
  const move = await signInAsTriage();
  const context = await browser.newContext(phone);
  await context.addInitScript((key) => { globalThis.idekortSyncConfig = { key }; }, key);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);

  await press(page, 'Ny idé', touch);
  await waitForState(page, (s) => s.step === 'theme');
  await press(page, 'Klima', touch);
  await next(page, 'challenge');
  await typeInto(page, 'Hvilken udfordring løser idéen?', 'Cykelparkeringen ved rådhuset er altid fuld.', touch);
  await typeInto(page, 'Hvem har udfordringen?', 'Medarbejdere, der cykler', touch);
  await waitForState(page, (s) => s.card.target_group === 'Medarbejdere, der cykler');
  await next(page, 'idea');
  await typeInto(page, 'Giv idéen en kort titel', 'Cykelskure i gården', touch);
  await typeInto(page, 'Hvad er idéen?', 'Overdækkede stativer i gården.', touch);
  await waitForState(page, (s) => s.card.idea === 'Overdækkede stativer i gården.');
  await next(page, 'gain');
  await typeInto(page, 'Hvad bliver bedre, hvis idéen lykkes?', 'Flere cykler til arbejde.', touch);
  await waitForState(page, (s) => s.card.gain === 'Flere cykler til arbejde.');
  for (const step of ['involved', 'first_test', 'about_you', 'review']) await next(page, step);
  const cardId = (await waitForState(page, (s) => s.step === 'review')).card.id;
  await press(page, 'Send idéen', touch);
  const receipt = (await waitForState(page, (s) => s.screen === 'thanks')).receipt;
  await press(page, 'Færdig', touch);
  await waitForState(page, (s) => s.screen === 'start' && s.sent.some((c) => c.phase === 'received'));

  // A tap on the finished card: the stage in words.
  await press(page, 'Følg idéen: Cykelskure i gården', touch);
  await waitForState(page, (s, r) => s.screen === 'follow' && s.follow.outcome === 'found' && s.follow.receipt === r, receipt);
  await showing(page, 'Modtaget. Din idé er kommet frem til Borgmesterens Afdeling.');
  await shot(page, 'phone-received');
  await checkScreen(page, 'follow: phone received');

  // The office sets the theme, then closes the card with words for the author.
  await move(cardId, { action: 'triage', theme: 'climate' });
  const feedback = 'Tak for idéen! Ejendomsservice har stativerne med i næste års plan.';
  const closed = await move(cardId, { action: 'close', reason: 'no_strategic_fit', feedback });
  assert.equal(closed.state, 'closed');

  // Back, "Følg din idé", and the code as people type it; the phone's own keyboard (the bridge).
  await press(page, '‹ Tilbage', touch);
  await waitForState(page, (s) => s.screen === 'start');
  await press(page, 'Følg din idé', touch);
  await waitForState(page, (s) => s.screen === 'follow' && s.follow.typed === '');
  const careless = receipt.toLowerCase().replace('-', '  ').replaceAll('0', 'o').replaceAll('1', 'i');
  await typeInto(page, 'Koden fra kvitteringen', careless, touch);
  await waitForState(page, (s, t) => s.follow.typed === t, careless);
  await press(page, 'Vis hvor idéen er', touch);
  await waitForState(page, (s, r) => s.follow.outcome === 'found' && s.follow.receipt === r && s.follow.state === 'closed', receipt);
  await showing(page, 'Idéen er lukket.');
  await showing(page, 'Svar til dig');
  await showing(page, feedback);
  await shot(page, 'phone-closed');
  await checkScreen(page, 'follow: phone closed');

  // What is no code: said in words at the field, the typed code still there, and a way on.
  await typeInto(page, 'Koden fra kvitteringen', 'x', touch);
  await press(page, 'Vis hvor idéen er', touch);
  await waitForState(page, (s) => s.follow.outcome === 'bad_code');
  await waitForItem(page, 'Koden fra kvitteringen',
    (i) => i.invalid && i.error === 'Det ligner ikke en kode fra en kvittering. En kode har 8 tegn, fx 7K3M-Q9XD. Ret koden, og prøv igen.',
    'the code field marked, with the words of its problem');
  assert.equal((await waitForState(page, (s) => true)).follow.typed, careless + 'x');
  await shot(page, 'phone-bad-code');
  await checkScreen(page, 'follow: phone bad code');
  await context.close();
  assert.deepEqual(errors, []);
});

test('kiosk 1080x1920: "Følg din idé" from the attract screen lists no earlier person\'s cards', async () => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  await context.addInitScript((key) => { globalThis.idekortSyncConfig = { key }; }, key);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}?kiosk`);
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'attract');
  await shot(page, 'kiosk-attract');
  await checkScreen(page, 'follow: kiosk attract');
  await press(page, 'Følg din idé', touch);
  await waitForState(page, (s) => s.screen === 'follow');
  await showing(page, 'Koden fra kvitteringen');
  const labels = await page.evaluate(() => window.idekort.items().map((i) => i.label));
  assert.ok(!labels.some((l) => l.startsWith('Følg idéen')), `no card to tap on a kiosk: ${labels.join(', ')}`);
  // A kiosk's own keyboard or a physical one: typed keys go to the field in edit.
  await press(page, 'Koden fra kvitteringen', touch);
  await waitForState(page, (s) => s.editing);
  await page.keyboard.type('aaaa bbbb', { delay: 5 });
  await waitForState(page, (s) => s.follow.typed === 'aaaa bbbb');
  await press(page, 'Vis hvor idéen er', touch);
  await waitForState(page, (s) => s.follow.outcome === 'unknown');
  await showing(page, 'Ingen idé har koden AAAA-BBBB endnu. Tjek koden. Er idéen lige sendt, kan den stadig være på vej.');
  await shot(page, 'kiosk-unknown');
  await checkScreen(page, 'follow: kiosk unknown');
  await context.close();
  // The status route answers an unknown code with 404, which Chromium logs as a failed resource.
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
});
