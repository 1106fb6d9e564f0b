// The ARIA mirror (issue 17, web/idekort-aria-mirror.js) in real Chromium, with what people who
// do not see the canvas use: role and name (Playwright's getByRole/getByLabel, the way a screen
// reader finds things), the keyboard alone, and Chromium's own accessibility tree (CDP
// Accessibility.getFullAXTree). No registry coordinates anywhere: if the mirror lacks a control,
// these tests cannot reach it.
//
// A mirror element takes no pointer events (the canvas keeps touch and mouse), so a press is
// dispatchEvent('click'), which is what a screen reader's "activate" does too.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, startServer, waitForFirstFrame, waitForState, waitInPage, watchErrors } from './support.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openApp(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'da-DK' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  return { context, page, errors };
}

// Presses the control as a screen reader activates it.
async function activate(locator) {
  await locator.waitFor({ state: 'attached' });
  await locator.dispatchEvent('click');
}

// Every control in Chromium's own accessibility tree has a role and a name, every field its
// label; no unnamed buttons. Returns the tree's named headings, for the caller's checks.
async function checkAccessibilityTree(page, where) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const controls = ['button', 'textbox', 'checkbox', 'radio', 'combobox', 'link', 'slider', 'progressbar'];
  const shown = nodes.filter((n) => !n.ignored);
  const unnamed = shown.filter((n) => controls.includes(n.role?.value) && !(n.name?.value || '').trim());
  assert.deepEqual(unnamed.map((n) => `${n.role.value} (backend node ${n.backendDOMNodeId})`), [], `${where}: controls without a name`);
  const headings = shown.filter((n) => n.role?.value === 'heading').map((n) => n.name?.value);
  assert.ok(headings.length > 0 && headings.every((h) => h), `${where}: a named heading (saw ${JSON.stringify(headings)})`);
  return { headings, roles: new Set(shown.map((n) => n.role?.value)) };
}

// The app itself (its item registry, not the mirror's DOM) has the choice `name` ticked.
function waitForTicked(page, name) {
  return waitInPage(page, (n) => window.idekort.items().some((i) => i.label === n && i.checked), name,
    { expected: `"${name}" ticked in the app` });
}

// The app itself (its item registry) holds `text` in the field labelled `label`.
function waitForValue(page, label, text) {
  return waitInPage(page, ([l, t]) => window.idekort.items().some((i) => i.label === l && i.value === t), [label, text],
    { expected: `"${text}" in the app's field "${label}"`, seen: ([l]) => window.idekort.items().find((i) => i.label === l) });
}

async function fillByLabel(page, label, text) {
  await page.getByLabel(label, { exact: true }).fill(text);
  await waitForValue(page, label, text);
}

test('the whole capture wizard by role and name, with the accessibility tree checked on every screen', async () => {
  const { context, page, errors } = await openApp();
  await checkAccessibilityTree(page, 'start');
  await activate(page.getByRole('button', { name: 'Ny idé' }));
  await waitForState(page, (s) => s.step === 'theme');
  const next = page.getByRole('button', { name: 'Næste ›' });

  // Theme: a heading, the progress in words, the themes as a radio group.
  await page.getByRole('progressbar', { name: 'Trin 1 af 8' }).waitFor({ state: 'attached' });
  const themes = page.getByRole('radiogroup').or(page.getByRole('group')).first();
  await themes.waitFor({ state: 'attached' });
  await checkAccessibilityTree(page, 'theme');
  const dontKnow = page.getByRole('radio', { name: 'Ved ikke – lad innovationsteamet vælge' });
  await activate(dontKnow);
  await page.getByRole('radio', { name: 'Ved ikke – lad innovationsteamet vælge', checked: true }).waitFor({ state: 'attached' });
  await activate(next);
  await waitForState(page, (s) => s.step === 'challenge');
  await page.getByRole('progressbar', { name: 'Trin 2 af 8' }).waitFor({ state: 'attached' });

  // "Next" with nothing typed: the problem is tied to its field, and said in the live region.
  await activate(next);
  const challenge = page.getByLabel('Hvilken udfordring løser idéen?', { exact: true });
  await waitInPage(page, () => document.querySelector('#a11y-mirror [aria-invalid="true"]') !== null, null,
    { expected: 'a field marked aria-invalid' });
  assert.equal(await challenge.getAttribute('aria-invalid'), 'true');
  const description = await challenge.evaluate((el) => (el.getAttribute('aria-describedby') || '').split(' ')
    .map((id) => document.getElementById(id)?.textContent || '').join(' | '));
  assert.match(description, /skal udfyldes|mangler|Skriv|udfyld/i, 'the problem in words, with the field');
  await waitInPage(page, () => /Ret det markerede/.test(document.getElementById('a11y-live')?.textContent || ''), null,
    { expected: 'the live region to say what to fix' });
  await checkAccessibilityTree(page, 'challenge with problems');

  await fillByLabel(page, 'Hvilken udfordring løser idéen?', 'Ældre borgere venter længe på hjælpemidler.');
  await fillByLabel(page, 'Hvem har udfordringen?', 'Borgere over 80 år');
  assert.equal(await challenge.getAttribute('aria-invalid'), null, 'the problem went when the text came');
  await activate(next);
  await waitForState(page, (s) => s.step === 'idea');
  await checkAccessibilityTree(page, 'idea');
  await fillByLabel(page, 'Giv idéen en kort titel', 'Fælles hjælpemiddeldepot 😀');
  await fillByLabel(page, 'Hvad er idéen?', 'Et lille lager på plejehjemmet, så de kan udlånes samme dag.');
  // The saving state is said politely, as it changes.
  await waitInPage(page, () => (document.getElementById('a11y-live')?.textContent || '').length > 0, null,
    { expected: 'the live region to say the saving state' });
  await activate(next);
  await waitForState(page, (s) => s.step === 'gain');
  await checkAccessibilityTree(page, 'gain');
  await fillByLabel(page, 'Hvad bliver bedre, hvis idéen lykkes?', 'Kortere ventetid.');
  await activate(page.getByRole('checkbox', { name: 'Økonomi' }));
  await waitForTicked(page, 'Økonomi');
  await activate(next);
  await waitForState(page, (s) => s.step === 'involved');
  await checkAccessibilityTree(page, 'involved');
  await activate(page.getByRole('checkbox', { name: 'Sundhed og Omsorg' }));
  await waitForTicked(page, 'Sundhed og Omsorg');
  await page.getByRole('checkbox', { name: 'Sundhed og Omsorg', checked: true }).waitFor({ state: 'attached' });
  await activate(next);
  await waitForState(page, (s) => s.step === 'first_test');
  await checkAccessibilityTree(page, 'first_test');
  await fillByLabel(page, 'Hvordan kan idéen testes i det små?', 'To uger på ét plejehjem.');
  await activate(next);
  await waitForState(page, (s) => s.step === 'about_you');
  await checkAccessibilityTree(page, 'about_you');
  await activate(next);
  await waitForState(page, (s) => s.step === 'review');
  const review = await checkAccessibilityTree(page, 'review');
  assert.ok(review.headings.length >= 8, `review: a heading per step (saw ${review.headings.length})`);
  await page.screenshot({ path: path.join(outputDir, 'a11y-review.png') });
  await activate(page.getByRole('button', { name: 'Send idéen' }));
  const sent = await waitForState(page, (s) => s.screen === 'thanks');
  await checkAccessibilityTree(page, 'thanks');
  assert.ok(sent.receipt, 'a receipt');
  await activate(page.getByRole('button', { name: 'Færdig' }));
  await waitForState(page, (s) => s.screen === 'start');
  assert.deepEqual(errors, []);
  await context.close();
});

// The focused element's role and name as a screen reader would say them.
function focusedControl(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { role: 'none', name: '' };
    const label = (el.labels && el.labels[0]?.textContent) || el.getAttribute('aria-label') || el.textContent || '';
    const role = el.tagName === 'BUTTON' ? 'button' : el.type === 'checkbox' || el.type === 'radio' ? el.type
      : el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' ? 'textbox' : el.tagName.toLowerCase();
    return { role, name: label.trim() };
  });
}

// The focus once it has settled: the same control over two animation frames (a Tab from a field
// in edit goes through ImGui, and the DOM focus follows in the app's next frame).
async function settledFocus(page) {
  for (let i = 0; i < 100; i++) {
    const before = await focusedControl(page);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await focusedControl(page);
    if (before.role === after.role && before.name === after.name) return after;
  }
  throw new Error('the focus never settled');
}

// Tabs (forwards) until the control `role` named `name` has the focus, as a keyboard user does.
async function tabTo(page, role, name) {
  const seen = [];
  for (let i = 0; i < 60; i++) {
    const now = await settledFocus(page);
    if (now.role === role && now.name === name) {
      if (process.env.IDEKORT_A11Y_TRACE) console.log(`Tab to ${role} "${name}": ${seen.join(' → ')}`);
      return;
    }
    seen.push(`${now.role}:${now.name}`);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${role} "${name}"; focus went ${seen.join(' → ')}`);
}

async function typeByKeyboard(page, label, text) {
  await tabTo(page, 'textbox', label);
  await page.keyboard.type(text, { delay: 10 });
  await waitForValue(page, label, text);
}

test('the whole capture wizard with the keyboard alone', async () => {
  const { context, page, errors } = await openApp();
  await tabTo(page, 'button', 'Ny idé');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.step === 'theme');
  await tabTo(page, 'radio', 'Klima');
  await page.keyboard.press('Space');
  await waitForState(page, (s) => s.card.theme === 'climate');
  const nextStep = async (step) => {
    await tabTo(page, 'button', 'Næste ›');
    await page.keyboard.press('Enter');
    await waitForState(page, (s, want) => s.step === want, step);
  };
  await nextStep('challenge');
  await typeByKeyboard(page, 'Hvilken udfordring løser idéen?', 'Lange køer ved borgerservice');
  await typeByKeyboard(page, 'Hvem har udfordringen?', 'Borgere med job');
  await nextStep('idea');
  await typeByKeyboard(page, 'Giv idéen en kort titel', 'Åbent om aftenen');
  await typeByKeyboard(page, 'Hvad er idéen?', 'Borgerservice holder åbent til kl. 20 om torsdagen.');
  await nextStep('gain');
  await typeByKeyboard(page, 'Hvad bliver bedre, hvis idéen lykkes?', 'Færre fridage til ærinder.');
  await tabTo(page, 'checkbox', 'Økonomi');
  await page.keyboard.press('Space');
  await waitForTicked(page, 'Økonomi');
  await nextStep('involved');
  await tabTo(page, 'checkbox', 'Sundhed og Omsorg');
  await page.keyboard.press('Space');
  await waitForTicked(page, 'Sundhed og Omsorg');
  await nextStep('first_test');
  await typeByKeyboard(page, 'Hvordan kan idéen testes i det små?', 'En måned i Gellerup.');
  await nextStep('about_you');
  await nextStep('review');
  await tabTo(page, 'button', 'Send idéen');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.screen === 'thanks');
  await page.screenshot({ path: path.join(outputDir, 'a11y-keyboard-thanks.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
