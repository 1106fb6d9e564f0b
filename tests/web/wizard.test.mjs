// The capture wizard on a phone in Chromium: a 390x844 touch viewport fills a whole card through
// the DOM input bridge (web/idekort-text-bridge.js), with Danish letters, a dead-key é, and an
// emoji, a screenshot at each step, and sends it. The real web build, the real idekort-server.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, press, startServer, typeInto, waitForFirstFrame, waitForItem, waitForState, watchErrors }
  from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
// "Next" and wait until the app shows `step` (taps are not queued behind slow frames).
async function next(page, step) {
  await press(page, 'Næste ›', { touch: true });
  await waitForState(page, (s, want) => s.step === want, step);
}
const shot = (page, name) => page.screenshot({ path: path.join(outputDir, `web-phone-${name}.png`) });

test('phone: a whole card by touch and the device keyboard, with a screenshot of every step', async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await shot(page, '0-start');
  const touch = { touch: true };

  await press(page, 'Ny idé', touch);
  await waitForState(page, (s) => s.step === 'theme');
  await press(page, 'Klima', touch);
  await waitForState(page, (s) => s.card.theme === 'climate');
  await shot(page, '1-theme');
  await next(page, 'challenge');

  // The bridge's textarea takes the focus inside the tap, where a phone would show its keyboard.
  await typeInto(page, 'Hvilken udfordring løser idéen?', 'Ældre borgere i Østbyen venter på hjælpemidler.', touch);
  const bridge = await page.evaluate(() => {
    const a = document.getElementById('idekort-text-input');
    return { focused: document.activeElement === a, inputmode: a.getAttribute('inputmode'),
      fontAtLeast16px: parseFloat(getComputedStyle(a).fontSize) >= 16 };
  });
  // 16 px or more keeps iOS from zooming in (a multi-line field shows it at the app's size, 16.2 px).
  assert.deepEqual(bridge, { focused: true, inputmode: 'text', fontAtLeast16px: true });
  await typeInto(page, 'Hvem har udfordringen?', 'Borgere over 80 år', touch);
  await waitForState(page, (s) => s.card.target_group === 'Borgere over 80 år');
  await shot(page, '2-challenge');
  await next(page, 'idea');

  await typeInto(page, 'Giv idéen en kort titel', 'Æblegrød é 🙂', touch);
  await typeInto(page, 'Hvad er idéen?', 'Et lille depot på plejehjemmet.', touch);
  await waitForState(page, (s) => s.card.title === 'Æblegrød é 🙂' && s.card.idea === 'Et lille depot på plejehjemmet.');
  await shot(page, '3-idea');
  await next(page, 'gain');

  await typeInto(page, 'Hvad bliver bedre, hvis idéen lykkes?', 'Kortere ventetid.', touch);
  await waitForState(page, (s) => s.card.gain === 'Kortere ventetid.');
  await press(page, 'Kvalitet for borgerne', touch);
  await waitForItem(page, 'Kvalitet for borgerne', (i) => i.checked, 'ticked');
  await shot(page, '4-gain');
  await next(page, 'involved');
  await press(page, 'Sundhed og Omsorg', touch);
  await waitForItem(page, 'Sundhed og Omsorg', (i) => i.checked, 'ticked');
  await shot(page, '5-involved');
  await next(page, 'first_test');
  await shot(page, '6-first-test');
  await next(page, 'about_you');

  await typeInto(page, 'E-mail', 'anna@example.dk', touch);
  await waitForState(page, (s) => s.card.has_contact);
  assert.equal(await page.evaluate(() => document.getElementById('idekort-text-input').getAttribute('inputmode')), 'email');
  await shot(page, '7-about-you');
  await next(page, 'review');
  await shot(page, '8-review');

  await press(page, 'Send idéen', touch);
  const state = await waitForState(page, (s) => s.screen === 'thanks');
  assert.match(state.receipt, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await shot(page, '9-thanks');
  await press(page, 'Færdig', touch);
  const home = await waitForState(page, (s) => s.screen === 'start' && s.sent.length === 1);
  assert.equal(home.sent[0].title, 'Æblegrød é 🙂');
  assert.equal(home.sent[0].receipt, state.receipt);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bridge: an edit in the textarea replaces the field, a composition waits for its end', async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await press(page, 'Ny idé', { touch: true });
  await waitForState(page, (s) => s.step === 'theme');
  await press(page, 'Ved ikke – lad innovationsteamet vælge', { touch: true });
  await next(page, 'challenge');
  await typeInto(page, 'Hvem har udfordringen?', 'Forældre', { touch: true });
  // A dead key or an IME composes in the textarea; nothing is sent until the composition ends.
  const framesBefore = (await page.evaluate(() => window.idekort.state())).frames;
  await page.evaluate(() => {
    const a = document.getElementById('idekort-text-input');
    a.dispatchEvent(new CompositionEvent('compositionstart'));
    a.value = 'Forældre ´';
    a.dispatchEvent(new InputEvent('input'));
  });
  // An edit the bridge sent would be applied in the app's next frame. A pointer move over the
  // canvas is input, so the app draws; once it has drawn two frames more, the field still holds
  // the text from before the composition.
  await page.mouse.move(200, 600);
  const during = await waitForState(page, (s, n) => s.frames >= n + 2, framesBefore);
  assert.equal(during.card.target_group, 'Forældre');
  await page.evaluate(() => {
    const a = document.getElementById('idekort-text-input');
    a.value = 'Forældre é';
    a.setSelectionRange(a.value.length, a.value.length);
    a.dispatchEvent(new CompositionEvent('compositionend'));
  });
  await waitForState(page, (s) => s.card.target_group === 'Forældre é');
  // A paste arrives as one input event with the whole text.
  await page.evaluate(() => {
    const a = document.getElementById('idekort-text-input');
    a.value = 'Forældre é til børn i dagpleje';
    a.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));
  });
  await waitForState(page, (s) => s.card.target_group === 'Forældre é til børn i dagpleje');
  // Tapping outside the field ends the edit: the textarea lets go, so the phone's keyboard closes.
  await page.touchscreen.tap(5, 420);
  await page.waitForFunction(() => window.idekortTextBridge.field() === 0 && document.activeElement?.id !== 'idekort-text-input');
  await context.close();
});
