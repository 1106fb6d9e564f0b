// A browser kiosk left alone (issue 17; the kiosk's idle wipe): a wall-mounted tablet at
// 1080x1920 (?kiosk&idle=5, the quiet time a lobby's administrator sets in the link) asks
// "Er du der stadig?" when nobody touches it, over the dimmed screen. The question is a dialog for a screen reader that
// takes the focus, its countdown said in the live region, and the words at their contrast (issue 17's checks, screenshot
// web-kiosk-idle.png); "Ja, jeg er her" keeps the half-written card; unanswered, the countdown
// wipes it and the next person starts on the attract screen with an empty card. Typing on the
// tablet's keyboard for longer than the quiet time keeps the question away. Real web build,
// real idekort-server, Debian's Chromium. Every wait is for a state, with a deadline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
import { eventually, launchBrowser, outputDir, press, startServer, waitForFirstFrame, waitForItem, waitForState, waitInPage, watchErrors }
  from './support.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const touch = { touch: true };
const challenge = 'Hvilken udfordring løser idéen?';
const typed = 'For få bænke ved åen, og dem der er, står i skygge hele dagen';

// The colour of one pixel of the page as drawn (a 1x1 screenshot, decoded in the page).
async function pixelAt(page, x, y) {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(1, 1);
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    return [...g.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, png.toString('base64'));
}

// From the attract screen to the wizard's first text field, in edit (a kiosk's keys go to it):
// the theme left to the team, then the challenge.
async function startCard(page) {
  await waitForState(page, (s) => s.screen === 'attract');
  await press(page, 'Tryk her for at begynde', touch);
  await waitForState(page, (s) => s.screen === 'wizard' && s.step === 'theme');
  await press(page, 'Ved ikke – lad innovationsteamet vælge', touch);
  await press(page, 'Næste ›', touch);
  await waitForState(page, (s) => s.step === 'challenge');
  await waitForItem(page, challenge, () => true);
  await press(page, challenge, touch);
  await waitForState(page, (s) => s.editing);
}

test('a browser kiosk left alone asks "Er du der stadig?" as a dialog; yes keeps the card, silence wipes it', async () => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'da-DK' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}?kiosk&idle=5`);
  await waitForFirstFrame(page);
  await startCard(page);
  // Typing on the tablet's own keyboard (the DOM bridge) is a person there: typed for longer
  // than the quiet time, the question never comes meanwhile (it came over the typing before, and
  // the keys after it were lost). Watched in the page every 50 ms while the keys go in.
  await page.evaluate(() => {
    window.askedWhileTyping = false;
    window.typingWatch = setInterval(() => { if (window.idekort.state().idle?.phase === 'asking') window.askedWhileTyping = true; }, 50);
  });
  const started = Date.now();
  await page.keyboard.type(typed, { delay: 150 });
  await waitForState(page, (s, t) => s.card.challenge === t, typed);
  const typingMs = Date.now() - started;
  const asked = await page.evaluate(() => { clearInterval(window.typingWatch); return window.askedWhileTyping; });
  assert.ok(typingMs > 6000, `the typing outlasted the 5 s quiet time (${typingMs} ms)`);
  assert.equal(asked, false, 'no "Er du der stadig?" while the person typed');

  // Five quiet seconds: the question, with its countdown, as a dialog holding the focus.
  await waitForState(page, (s) => s.idle?.phase === 'asking', undefined, { timeout: 30000 });
  await waitForItem(page, 'Ja, jeg er her', () => true);
  const dialog = page.getByRole('dialog', { name: 'Er du der stadig?' });
  await dialog.waitFor({ state: 'attached', timeout: 15000 });
  await waitInPage(page, () => !!document.activeElement?.closest('[role="dialog"]'), undefined,
    { expected: 'the focus inside the dialog', seen: () => document.activeElement?.outerHTML.slice(0, 120) });
  // The countdown is said in the polite live region, as the seconds go.
  await waitInPage(page, () => /slettes idékortet om \d+ sekunder/.test(document.getElementById('a11y-live')?.textContent || ''), undefined,
    { expected: 'the countdown in the live region', seen: () => document.getElementById('a11y-live')?.textContent });
  // The screen behind is dimmed, as a modal's is (its empty lower part, #FAFAF7 undimmed): the
  // dimming fades in on ImGui's clock, which in the browser once stood nearly still.
  await eventually(async () => {
    const [r, g, b] = await pixelAt(page, 900, 1700);
    assert.ok(r < 200 && g < 200 && b < 200, `the screen behind the dialog is dimmed: rgb(${r}, ${g}, ${b})`);
  });
  await page.screenshot({ path: path.join(outputDir, 'web-kiosk-idle.png') });
  const { roles } = await checkAccessibilityTree(page, 'kiosk idle question');
  assert.ok(roles.has('dialog'), `the question is a dialog in Chromium's tree (roles: ${[...roles].join(', ')})`);
  await checkContrast(page, 'kiosk idle question');

  // "Ja, jeg er her": the card as it was, and the question gone.
  await press(page, 'Ja, jeg er her', touch);
  await waitForState(page, (s) => s.idle?.phase === 'active' && s.screen === 'wizard' && s.step === 'challenge');
  assert.equal((await waitForState(page, () => true)).card.challenge, typed);

  // Unanswered: asked again, then the countdown (20 s) ends and the card is wiped.
  await waitForState(page, (s) => s.idle?.phase === 'asking', undefined, { timeout: 30000 });
  await waitForState(page, (s) => s.screen === 'attract', undefined, { timeout: 60000 });
  await startCard(page);
  assert.equal((await waitForState(page, () => true)).card.challenge, '', 'the next person starts with an empty card');
  assert.deepEqual(errors, []);
  await context.close();
});
