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
import { checkAccessibilityTree, checkContrast } from './a11y_checks.mjs';
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

// Every control of the screen, as the mirror has it, lies within the viewport's width: nothing
// is cut off at the side, so nothing needs two-dimensional scrolling (WCAG 1.4.10).
//
// The mirror moves after the app does: the app's state says "idea" a frame or more before the
// mirror has the idea step's controls, and the first frame of a new screen is laid out before
// its auto-sized parts are measured. Read once, the check saw either the last screen or that
// first frame (it failed once at 640 × 400 on a loaded machine). So it waits for the state it
// needs: the mirror showing the screen (its heading `title`), then its controls inside the
// width, with a deadline; a control that stays outside fails with where it was last seen.
async function checkReflow(page, width, where, title) {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ state: 'attached' });
  const outside = (w) => Array.from(document.querySelectorAll('#a11y-mirror button, #a11y-mirror input, #a11y-mirror textarea'))
    .map((el) => ({ name: (el.labels && el.labels[0]?.textContent) || el.textContent, box: el.getBoundingClientRect() }))
    .filter((c) => c.box.width > 0 && (c.box.left < -0.5 || c.box.right > w + 0.5))
    .map((c) => `${c.name} (${Math.round(c.box.left)}..${Math.round(c.box.right)})`);
  await waitInPage(page, (w) => {
    const found = Array.from(document.querySelectorAll('#a11y-mirror button, #a11y-mirror input, #a11y-mirror textarea'))
      .filter((el) => { const b = el.getBoundingClientRect(); return b.width > 0 && (b.left < -0.5 || b.right > w + 0.5); });
    return found.length === 0;
  }, width, { expected: `${where} at ${width} CSS px: no control cut off at the side`, seen: outside });
}

// 320 CSS px is WCAG's reflow width; 640 × 400 is a 1280 × 800 window at 200 % zoom.
for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 400 }]) {
  test(`reflow: at ${viewport.width} × ${viewport.height} CSS px the wizard's steps lose no control`, async () => {
    const { context, page, errors } = await openApp(viewport);
    await checkReflow(page, viewport.width, 'start', 'Har du en idé?');
    await activate(page.getByRole('button', { name: 'Ny idé' }));
    await waitForState(page, (s) => s.step === 'theme');
    await checkReflow(page, viewport.width, 'theme', 'Hvilket tema passer idéen til?');
    await activate(page.getByRole('radio', { name: 'Ved ikke – lad innovationsteamet vælge' }));
    await page.getByRole('radio', { name: 'Ved ikke – lad innovationsteamet vælge', checked: true }).waitFor({ state: 'attached' });
    await activate(page.getByRole('button', { name: 'Næste ›' }));
    await waitForState(page, (s) => s.step === 'challenge');
    await checkReflow(page, viewport.width, 'challenge', 'Udfordringen');
    await fillByLabel(page, 'Hvilken udfordring løser idéen?', 'Lange køer');
    await fillByLabel(page, 'Hvem har udfordringen?', 'Borgere');
    await activate(page.getByRole('button', { name: 'Næste ›' }));
    await waitForState(page, (s) => s.step === 'idea');
    await checkReflow(page, viewport.width, 'idea', 'Idéen');
    await page.screenshot({ path: path.join(outputDir, `a11y-reflow-${viewport.width}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('contrast: the text and the control borders of every wizard step, measured on the drawn pixels, meet WCAG AA', async () => {
  const { context, page, errors } = await openApp();
  await checkContrast(page, 'start');
  await activate(page.getByRole('button', { name: 'Ny idé' }));
  await waitForState(page, (s) => s.step === 'theme');
  await page.getByRole('progressbar', { name: 'Trin 1 af 8' }).waitFor({ state: 'attached' });
  await checkContrast(page, 'theme');
  await activate(page.getByRole('radio', { name: 'Klima' }));
  await page.getByRole('radio', { name: 'Klima', checked: true }).waitFor({ state: 'attached' });
  await checkContrast(page, 'theme, chosen');
  await activate(page.getByRole('button', { name: 'Næste ›' }));
  await waitForState(page, (s) => s.step === 'challenge');
  await activate(page.getByRole('button', { name: 'Næste ›' }));   // with the problems shown
  await page.locator('#a11y-mirror [aria-invalid="true"]').first().waitFor({ state: 'attached' });
  await checkContrast(page, 'challenge with problems');
  // What each step needs before "Next", then the next step is measured.
  const needs = {
    challenge: [['Hvilken udfordring løser idéen?', 'Lange køer'], ['Hvem har udfordringen?', 'Borgere']],
    idea: [['Giv idéen en kort titel', 'Aftenåbent'], ['Hvad er idéen?', 'Åbent til kl. 20']],
    gain: [['Hvad bliver bedre, hvis idéen lykkes?', 'Færre fridage']],
    involved: [], first_test: [['Hvordan kan idéen testes i det små?', 'En måned']], about_you: [],
  };
  const order = ['challenge', 'idea', 'gain', 'involved', 'first_test', 'about_you', 'review'];
  for (let i = 0; i + 1 < order.length; i++) {
    for (const [label, text] of needs[order[i]]) await fillByLabel(page, label, text);
    if (order[i] === 'gain') {
      await activate(page.getByRole('checkbox', { name: 'Økonomi' }));
      await waitForTicked(page, 'Økonomi');
    }
    if (order[i] === 'involved') {
      await activate(page.getByRole('checkbox', { name: 'Sundhed og Omsorg' }));
      await waitForTicked(page, 'Sundhed og Omsorg');
    }
    await activate(page.getByRole('button', { name: 'Næste ›' }));
    await waitForState(page, (s, want) => s.step === want, order[i + 1]);
    await checkContrast(page, order[i + 1]);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// What Chromium's accessibility tree says has the focus (the node a screen reader reads), as
// role and name; null when nothing in the page has it.
async function axFocus(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const focused = nodes.find((n) => !n.ignored && n.role?.value !== 'RootWebArea' &&
    (n.properties || []).some((p) => p.name === 'focused' && p.value?.value === true));
  return focused ? { role: focused.role?.value, name: focused.name?.value } : null;
}

// Waits until the DOM focus is on the level-1 heading `title` (the new screen's), then, once the
// app has drawn the new screen's next frames (ImGui puts its own focus on the new window's first
// control a frame or two after it appears), checks that the focus stayed and that Chromium's
// accessibility tree has it there too.
async function waitForHeadingFocus(page, title, where) {
  const onHeading = (t) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === t;
  const seen = () => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.slice(0, 60) });
  await waitInPage(page, onHeading, title, { expected: `${where}: the focus on the heading "${title}"`, seen });
  // The app at rest: it draws a few frames after each change, then none until the next input,
  // so its frame count standing still over 15 animation frames means the screen has settled.
  const settled = await page.evaluate(async () => {
    let last = window.idekort.state().frames, still = 0;
    for (let i = 0; i < 1200 && still < 15; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = window.idekort.state().frames;
      still = now === last ? still + 1 : 0;
      last = now;
    }
    return still >= 15;
  });
  assert.ok(settled, `${where}: the app came to rest after the screen change`);
  assert.ok(await page.evaluate(onHeading, title), `${where}: the focus stayed on the heading; it is on ${JSON.stringify(await page.evaluate(seen))}`);
  assert.deepEqual(await axFocus(page), { role: 'heading', name: title }, `${where}: the accessibility tree's focus`);
}

test('a step change puts the focus on the new screen\'s heading, for a screen reader and the keyboard', async () => {
  const { context, page, errors } = await openApp();
  // A screen reader: it focuses "Ny idé" and activates it; the start screen's button is gone.
  const newIdea = page.getByRole('button', { name: 'Ny idé' });
  await newIdea.focus();
  await activate(newIdea);
  await waitForState(page, (s) => s.step === 'theme');
  await waitForHeadingFocus(page, 'Hvilket tema passer idéen til?', 'after "Ny idé"');
  await activate(page.getByRole('radio', { name: 'Klima' }));
  await page.getByRole('radio', { name: 'Klima', checked: true }).waitFor({ state: 'attached' });
  // "Næste" stays on the screen (the same button on the next step): the focus must still leave it.
  const next = page.getByRole('button', { name: 'Næste ›' });
  await next.focus();
  await activate(next);
  await waitForState(page, (s) => s.step === 'challenge');
  await waitForHeadingFocus(page, 'Udfordringen', 'after "Næste"');
  // Back, with the keyboard: Tab from the heading to "Tilbage", Enter.
  await tabTo(page, 'button', '‹ Tilbage');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.step === 'theme');
  await waitForHeadingFocus(page, 'Hvilket tema passer idéen til?', 'after "Tilbage" by keyboard');
  // And on from the heading with the keyboard alone: Tab reaches the step's controls.
  await tabTo(page, 'button', 'Næste ›');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.step === 'challenge');
  await waitForHeadingFocus(page, 'Udfordringen', 'after "Næste" by keyboard');
  assert.deepEqual(errors, []);
  await context.close();
});
