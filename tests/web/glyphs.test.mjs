// Every typed character is drawn, and the glyphs beyond Danish and English cost nothing until
// text needs them (issue 12, point 4). A phone (390x844, touch, DPR 3) in Chromium with the real
// web build and idekort-server: the first download fetches no extra glyphs; an emoji typed
// through the DOM bridge makes the app fetch the emoji file once (more emoji: no second fetch),
// after which the app reports no missing glyph; the service worker keeps the file, so after an
// offline reload the draft's emoji title is drawn again. Screenshot: glyphs-bike.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, press, startServer, typeInto, waitForFirstFrame, waitForServiceWorker,
  waitForState, waitInPageAsync, watchErrors } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const touch = { touch: true };
const emojiFile = /\/glyphs\/Symbola-emoji\.[0-9a-f]{12}\.ttf$/;
const lettersFile = /\/glyphs\/NotoSans-more\.[0-9a-f]{12}\.ttf$/;
const title = 'Fælles elcykler 🚲';

test('a typed emoji fetches the emoji glyphs once, is drawn, and still is after an offline reload', async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const fetched = [];
  // The page's requests for the extra files (the service worker's own fetch to keep the file,
  // answered from the HTTP cache, is not a second download by the app).
  context.on('request', (r) => {
    if ((emojiFile.test(r.url()) || lettersFile.test(r.url())) && !r.serviceWorker()) fetched.push(r.url());
  });
  try {
    await page.goto(server.url);
    await waitForFirstFrame(page);
    await press(page, 'Ny idé', touch);
    await waitForState(page, (s) => s.step === 'theme');
    await press(page, 'Klima', touch);
    await press(page, 'Næste ›', touch);
    await waitForState(page, (s) => s.step === 'challenge');
    await typeInto(page, 'Hvilken udfordring løser idéen?', 'Ældre borgere i Århus', touch);
    await typeInto(page, 'Hvem har udfordringen?', 'Borgere', touch);
    let state = await waitForState(page, (s) => s.card.target_group === 'Borgere');
    // Danish is in the first download: nothing more was fetched or asked for.
    assert.deepEqual(fetched, [], 'no extra glyphs for Danish text');
    assert.equal(state.glyphs.symbols, 'unasked');
    await press(page, 'Næste ›', touch);
    await waitForState(page, (s) => s.step === 'idea');

    const at = await typeInto(page, 'Giv idéen en kort titel', title, touch);
    state = await waitForState(page, (s, t) => s.card.title === t && s.glyphs.symbols === 'loaded' && s.glyphs.missing.length === 0, title);
    assert.equal(state.glyphs.letters, 'unasked', 'an emoji needs the emoji file only');
    await page.keyboard.type(' ☕🎉', { delay: 5 });
    await waitForState(page, (s, t) => s.card.title === t && s.glyphs.missing.length === 0, `${title} ☕🎉`);
    assert.equal(fetched.filter((u) => emojiFile.test(u)).length, 1, `the emoji file fetched once: ${fetched}`);
    assert.equal(fetched.filter((u) => lettersFile.test(u)).length, 0);

    // The field as a person sees it (looked at: the bicycle, the cup and the party popper are drawn).
    const box = await page.locator('#canvas').boundingBox();
    await page.screenshot({ path: path.join(outputDir, 'glyphs-bike.png'),
      clip: { x: box.x, y: box.y + Math.max(0, at.item.y - 40), width: box.width, height: at.item.height + 80 } });

    // The service worker keeps the file (the page fetched it before the worker controlled it
    // and asked it to), so it is there offline.
    await waitForServiceWorker(page);
    await waitInPageAsync(page, async () => {
      for (const name of await caches.keys()) {
        const keys = await (await caches.open(name)).keys();
        if (keys.some((r) => /Symbola-emoji\.[0-9a-f]{12}\.ttf$/.test(r.url))) return true;
      }
      return false;
    }, null, { timeout: 30000, expected: 'the emoji glyphs in the service worker\'s cache' });
    await waitForState(page, (s, t) => s.drafts !== undefined && s.save === 'saved', title);

    await context.setOffline(true);
    await page.reload();
    await waitForFirstFrame(page);
    state = await waitForState(page, (s, t) => s.screen === 'start' && s.drafts.some((d) => d.title === t) &&
      s.glyphs.symbols === 'loaded' && s.glyphs.missing.length === 0, `${title} ☕🎉`);
    assert.ok(state, 'offline, the draft\'s emoji title is drawn from the cached file');
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  } finally {
    await context.close();
  }
});
