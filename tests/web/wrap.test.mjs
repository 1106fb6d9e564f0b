// A multi-line field being edited wraps its words (issue 12, point 5, the browser): the DOM
// bridge's textarea is shown in the field's place, styled as the field, so the browser wraps the
// text and its caret and selection are the browser's own. Before, ImGui drew the line scrolled
// sideways with its start clipped. A phone (390x844, touch, DPR 3) in Chromium with the real web
// build and idekort-server. Screenshot: wrap-editing.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, press, startServer, typeInto, waitForFirstFrame, waitForState, waitInPage,
  watchErrors } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const touch = { touch: true };
const idea = 'Et fælles depot for hjælpemidler på plejehjemmet, så borgerne ikke venter i ugevis på en rollator.';

// The textarea as the person sees it: shown or not, its place, and whether its text runs sideways.
const textareaLook = () => {
  const a = document.getElementById('idekort-text-input');
  const r = a.getBoundingClientRect(), c = getComputedStyle(a);
  return { opacity: c.opacity, x: r.x, y: r.y, width: r.width, height: r.height, scrollWidth: a.scrollWidth,
    clientWidth: a.clientWidth, scrollHeight: a.scrollHeight, lineHeight: parseFloat(c.lineHeight), value: a.value };
};

test('the multi-line field in edit is a wrapping textarea in its place; caret and selection are the browser\'s', async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(server.url);
    await waitForFirstFrame(page);
    await press(page, 'Ny idé', touch);
    await waitForState(page, (s) => s.step === 'theme');
    await press(page, 'Klima', touch);
    await press(page, 'Næste ›', touch);
    await waitForState(page, (s) => s.step === 'challenge');
    await typeInto(page, 'Hvilken udfordring løser idéen?', 'Lange ventetider', touch);
    await typeInto(page, 'Hvem har udfordringen?', 'Borgere', touch);
    await waitForState(page, (s) => s.card.target_group === 'Borgere');
    await press(page, 'Næste ›', touch);
    await waitForState(page, (s) => s.step === 'idea');

    const at = await typeInto(page, 'Hvad er idéen?', idea, touch);
    await waitForState(page, (s, t) => s.card.idea === t, idea);
    const canvas = await page.locator('#canvas').boundingBox();
    const look = await waitInPage(page, (field) => {
      const a = document.getElementById('idekort-text-input');
      const r = a.getBoundingClientRect(), c = getComputedStyle(a);
      return c.opacity === '1' && Math.abs(r.width - field.width) < 2 ? true : null;
    }, at.item, { expected: 'the textarea shown over the field being edited', seen: textareaLook });
    assert.ok(look);
    const shown = await page.evaluate(textareaLook);
    assert.ok(Math.abs(shown.x - (canvas.x + at.item.x)) < 2 && Math.abs(shown.y - (canvas.y + at.item.y)) < 2,
      `the textarea sits on the field: ${JSON.stringify(shown)} / ${JSON.stringify(at.item)}`);
    assert.ok(shown.scrollWidth <= shown.clientWidth, `no line runs sideways: ${JSON.stringify(shown)}`);
    assert.ok(shown.scrollHeight > 2.5 * shown.lineHeight, `the words wrap onto several lines: ${JSON.stringify(shown)}`);
    await page.screenshot({ path: path.join(outputDir, 'wrap-editing.png'),
      clip: { x: canvas.x, y: canvas.y + Math.max(0, at.item.y - 40), width: canvas.width, height: at.item.height + 80 } });

    // The caret is the browser's: put it after "Et " and type; the word lands there in the card.
    await page.evaluate(() => document.getElementById('idekort-text-input').setSelectionRange(3, 3));
    await page.keyboard.type('stort ', { delay: 5 });
    await waitForState(page, (s, t) => s.card.idea === t, idea.replace('Et ', 'Et stort '));
    // A selection replaced by typing.
    await page.evaluate(() => {
      const a = document.getElementById('idekort-text-input');
      const from = a.value.indexOf('rollator');
      a.setSelectionRange(from, from + 'rollator'.length);
    });
    await page.keyboard.type('kørestol', { delay: 5 });
    await waitForState(page, (s, t) => s.card.idea === t, idea.replace('Et ', 'Et stort ').replace('rollator', 'kørestol'));

    // Edit ended (a tap beside the fields): the textarea is gone again and ImGui draws the text.
    await page.touchscreen.tap(4, 300);
    await waitForState(page, (s) => !s.editing);
    await waitInPage(page, () => getComputedStyle(document.getElementById('idekort-text-input')).opacity === '0', null,
      { expected: 'the textarea hidden once no field is in edit', seen: textareaLook });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
