// Shared helpers for the browser tests: the real idekort-server on a free loopback port serving
// the real web build, and Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = process.env.IDEKORT_WEB_DIR || path.join(root, 'build/web-release/web');
export const serverBin = process.env.IDEKORT_SERVER_BIN || path.join(root, 'build/native-release/bin/idekort-server');
export const outputDir = process.env.IDEKORT_TEST_OUTPUT || path.join(root, 'build/test-output');
mkdirSync(outputDir, { recursive: true });

// The build's description of itself (scripts/web_dist.py writes it into index.html): its version
// and, for each file the loader asks for ('idekort.wasm', ...), the content-hashed URL.
export function builtShell(dir = webDir) {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) throw new Error(`web build not found at ${dir}: build it first (scripts/test.sh does)`);
  const match = /window\.idekortShell = (\{.*\});<\/script>/.exec(readFileSync(index, 'utf8'));
  if (!match) throw new Error(`${index} has no window.idekortShell: not made by scripts/web_dist.py`);
  return JSON.parse(match[1]);
}

// Starts idekort-server with --port 0 and resolves once its "listening" log line names the port.
// Each server gets its own data folder (a fresh temporary one, removed by stop()), so a test never
// writes into var/idekort/, the database scripts/run.sh serves.
// options.root: the web root (default: the build); options.args: more flags (e.g. --base-path);
// an array instead of options is taken as the flags.
// server.log holds every log line; server.requests() the parsed "request" lines so far;
// server.settled() waits until every request the server has answered is in the log.
// /metrics answers only with this token (settled() reads it).
const metricsToken = 'web-tests-metrics-token-0001';

export async function startServer(options = {}) {
  if (Array.isArray(options)) options = { args: options };
  const root = options.root || webDir;
  builtShell(root);
  if (!existsSync(serverBin)) throw new Error(`idekort-server not found at ${serverBin}: build it first (scripts/test.sh does)`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'idekort-server-'));
  const child = spawn(serverBin, ['--port', '0', '--web-root', root, '--data-dir', dataDir, '--threads', '2', '--metrics-token', metricsToken, ...(options.args || [])],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const log = [];
  let port;
  try {
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('idekort-server did not start within 10 s:\n' + log.join(''))), 10000);
      let buffered = '';
      child.stdout.on('data', (chunk) => {
        buffered += chunk;
        log.push(String(chunk));
        for (let nl; (nl = buffered.indexOf('\n')) >= 0; buffered = buffered.slice(nl + 1)) {
          const line = JSON.parse(buffered.slice(0, nl));
          if (line.msg === 'listening') { clearTimeout(timer); resolve(line.port); }
        }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`idekort-server exited with ${code}:\n${log.join('')}`)); });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const url = `http://127.0.0.1:${port}/`;
  // The tests' own /metrics reads (settled()) are not the app's requests.
  const requests = () => log.join('').split('\n').filter((l) => l.includes('"msg":"request"')).map((l) => JSON.parse(l))
    .filter((r) => r.path !== '/metrics');
  const logged = () => log.join('').split('\n').filter((l) => l.includes('"msg":"request"')).length;
  return {
    url,
    dataDir,
    log,
    requests,
    // The server counts a request in /metrics before it sends the answer, and logs it once the
    // answer is written; the log line then still has to come through the pipe. So a request whose
    // answer the browser has is in the count, and this waits until the log has caught up with the
    // count: then requests() holds every request answered before the call.
    async settled(timeout = 10000) {
      const metrics = await (await fetch(url + 'metrics', { headers: { Authorization: `Bearer ${metricsToken}` } })).text();
      const answered = [...metrics.matchAll(/^idekort_http_requests_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
      const deadline = Date.now() + timeout;
      while (logged() < answered) {
        if (Date.now() > deadline) {
          throw new Error(`the server answered ${answered} requests (its /metrics) but its log has ${logged()} after ${timeout} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return requests();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const chromiumPath = process.env.IDEKORT_CHROMIUM || '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

// A browser profile on disk, as a person's browser has (not incognito): returns a function that
// opens it, so a test can close the browser and open the same profile again (a restart).
export function persistentProfile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'idekort-profile-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true })); // the browser has closed by then
  return () => chromium.launchPersistentContext(dir, { executablePath: chromiumPath, headless: true, args: chromiumArgs,
    viewport: { width: 1280, height: 800 } });
}

// Collects console errors and uncaught exceptions: a page that logs an error fails its test.
export function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

// Polls `fn` in the page (page.waitForFunction) until it returns a truthy value, which it returns.
// On the deadline it fails with what was expected and what the page showed last: `seen`, a page
// function of `arg`, says what to show.
export async function waitInPage(page, fn, arg, { timeout = 15000, expected = fn.toString(), seen } = {}) {
  try {
    return await (await page.waitForFunction(fn, arg, { timeout })).jsonValue();
  } catch (e) {
    if (!/Timeout/i.test(e.message)) throw e;
    const last = seen ? await page.evaluate(seen, arg).then((v) => JSON.stringify(v), (err) => `(not readable: ${err.message})`) : '(not read)';
    throw new Error(`waited ${timeout} ms for ${expected}; last seen: ${last}`);
  }
}

// waitInPage for a predicate that must await something in the page (the service worker's
// registration, two animation frames). page.waitForFunction would take the predicate's promise
// itself as a truthy answer and return at once, with whatever it resolves to, so this polls from
// here instead: it evaluates `fn` (awaited) until it returns a truthy value, or fails on the
// deadline with `expected` and the last value seen.
export async function waitInPageAsync(page, fn, arg, { timeout = 15000, expected = fn.toString(), seen } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > deadline) {
      const last = seen ? await page.evaluate(seen, arg).then((v) => JSON.stringify(v), (err) => `(not readable: ${err.message})`)
        : JSON.stringify(value);
      throw new Error(`waited ${timeout} ms for ${expected}; last seen: ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Runs `check` (assertions) until it passes, or fails with its last error when `timeout` ms have
// passed: Playwright's expect.toPass(), for a state the app reaches on its own time.
export async function eventually(check, { timeout = 15000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try { return await check(); } catch (e) {
      if (Date.now() > deadline) { e.message = `still failing after ${timeout} ms: ${e.message}`; throw e; }
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export async function waitForFirstFrame(page) {
  await waitInPage(page, () => window.idekort && (window.idekort.firstFrameAt !== null || window.idekort.errors.length > 0), null, {
    timeout: 30000, expected: 'the app\'s first frame',
    seen: () => ({ loader: document.getElementById('progress-text')?.textContent, idekort: !!window.idekort,
      errors: window.idekort?.errors }),
  });
  const errors = await page.evaluate(() => window.idekort.errors);
  if (errors.length) throw new Error('the app showed an error instead of its first frame: ' + JSON.stringify(errors));
}

// The device store as the page knows it, once the store worker has answered (the app draws its
// first frame before that, so the storage is unknown, null, for a moment after it).
export async function waitForStore(page) {
  return waitInPage(page, () => window.idekort && window.idekort.storage.durable !== null && window.idekort.storage, null, {
    timeout: 30000, expected: 'the store worker\'s answer (window.idekort.storage.durable set)', seen: () => window.idekort?.storage });
}

// The widgets of the last frame once they are at rest: the same places in two reads with
// animation frames between them (the app's loop runs in requestAnimationFrame). A new screen
// settles over a few frames, and a drag scrolls on for a moment after the finger lifts.
async function restingItems(page) {
  return waitInPageAsync(page, async () => {
    const places = () => JSON.stringify(window.idekort.items().map((i) => [i.label, i.visible, i.x, i.y, i.width, i.height]));
    const before = places();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return places() === before ? window.idekort.items() : null;
  }, null, { expected: 'the widgets to stop moving', seen: () => window.idekort.items() });
}

// The centre of the widget labelled `label` in `items`, in page coordinates.
async function centreOf(page, items, label) {
  const item = items.find((i) => i.label === label && i.visible);
  if (!item) throw new Error(`no visible widget "${label}"; seen: ${items.map((i) => i.label).join(', ')}`);
  const box = await page.locator('#canvas').boundingBox();
  return { x: box.x + item.x + item.width / 2, y: box.y + item.y + item.height / 2, item };
}

// The centre of the widget labelled `label`, in page coordinates, from the C++ item registry.
export async function itemCentre(page, label) {
  return centreOf(page, await restingItems(page), label);
}

// Polls a JavaScript expression (text) in the page, from here, until it is truthy; returns its
// value. A predicate is written into the text here rather than rebuilt in the page with
// new Function, which the app shell's Content-Security-Policy forbids (no 'unsafe-eval');
// DevTools' own evaluation is exempt. A navigation in between is waited out.
async function pollExpression(page, expression, { timeout = 15000, expected, seen, seenArg }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    let value = null;
    try {
      value = await page.evaluate(expression);
    } catch (e) {
      if (!/context was destroyed|navigat|idekort/i.test(e.message)) throw e;
    }
    if (value) return value;
    if (Date.now() > deadline) {
      const last = seen ? await page.evaluate(seen, seenArg).then((v) => JSON.stringify(v), (err) => `(not readable: ${err.message})`) : '(not read)';
      throw new Error(`waited ${timeout} ms for ${expected}; last seen: ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Waits until the widget labelled `label` satisfies `predicate` (a function of the item);
// returns the item.
export async function waitForItem(page, label, predicate, expected = predicate.toString()) {
  return pollExpression(page, `(() => {
    const item = window.idekort.items().find((i) => i.label === ${JSON.stringify(label)} && i.visible);
    return item && (${predicate.toString()})(item) ? item : null;
  })()`, {
    expected: `the widget "${label}" to satisfy ${expected}`,
    seen: (l) => window.idekort.items().find((i) => i.label === l) || `no widget "${l}"`,
    seenArg: label,
  });
}

// Leaves a draft titled `title` on the start screen (leaveDraft); resolves once the store has it.
export async function saveIdea(page, title) { return leaveDraft(page, title); }

// Waits until the app's state satisfies `predicate` (a function of the state object and `arg`);
// returns that state. On the deadline it fails with the predicate and the last state seen.
export async function waitForState(page, predicate, arg, { timeout = 15000 } = {}) {
  return pollExpression(page, `(() => {
    const s = window.idekort.state();
    return (${predicate.toString()})(s, ${arg === undefined ? 'undefined' : JSON.stringify(arg)}) ? s : null;
  })()`, {
    timeout,
    expected: `the app's state to satisfy ${predicate}${arg === undefined ? '' : ` with ${JSON.stringify(arg)}`}`,
    seen: () => window.idekort.state(),
  });
}

// Drags the page with a finger-like mouse drag (the app scrolls on drag, as on a touch screen)
// until the widget labelled `label` is on screen and at rest; returns its centre.
export async function scrollTo(page, label) {
  const box = await page.locator('#canvas').boundingBox();
  let items;
  for (let i = 0; i < 24; i++) {
    items = await restingItems(page);
    const item = items.find((it) => it.label === label && it.visible);
    const cy = item ? item.y + item.height / 2 : null;
    if (item && cy > 8 && cy < box.height - 8) break;
    const down = item ? cy >= box.height - 8 : i < 8;
    const x = box.x + 8, from = box.y + box.height * (down ? 0.75 : 0.25), to = box.y + box.height * (down ? 0.25 : 0.75);
    await page.mouse.move(x, from);
    await page.mouse.down();
    for (let s = 1; s <= 6; s++) await page.mouse.move(x, from + (to - from) * s / 6);
    await page.mouse.up();
    items = null;
  }
  return centreOf(page, items || await restingItems(page), label);
}

// Scrolls with the mouse wheel over the right part of the page (the office's editors, taller than
// the window, scroll under the wheel as with a mouse) until the widget labelled `label` is inside
// the window and whole: not cut by the top or bottom of the scrolling region it is in (the
// registry's drawn part, `shown`, absolute x, y, width, height); throws, naming it and where it
// was last seen, if 40 turns of the wheel do not bring it there.
export async function wheelTo(page, label) {
  const box = await page.locator('#canvas').boundingBox();
  let item = null;
  for (let i = 0; i < 40; i++) {
    item = await page.evaluate((l) => window.idekort.items().find((it) => it.label === l && it.visible) || null, label);
    const cy = item ? item.y + item.height / 2 : null;
    const cutAbove = item?.shown && item.shown[1] > item.y + 1;
    const cutBelow = item?.shown && item.shown[1] + item.shown[3] < item.y + item.height - 1;
    // Cut on both sides: taller than its region, as whole as it can be.
    if (item && cy > 8 && cy < box.height - 8 && cutAbove === cutBelow) return;
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.6);
    await page.mouse.wheel(0, item && (cy <= 8 || cutAbove) ? -120 : 120);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  throw new Error(`"${label}" did not scroll into the window whole (last seen: ${JSON.stringify(item)})`);
}

// Presses the widget labelled `label` (a finger tap where the page has touch), where it rests.
// It returns once the press is delivered to the page; what the press does comes in the app's
// next frames, so the caller waits for the state it needs (waitForState, waitForItem).
export async function press(page, label, { touch = false } = {}) {
  const at = await scrollTo(page, label);
  if (touch) await page.touchscreen.tap(at.x, at.y);
  else await page.mouse.click(at.x, at.y);
  return at;
}

// Puts the text field labelled `label` in edit and types `text` through the DOM input bridge
// (the hidden textarea that brings up a phone's keyboard; web/idekort-text-bridge.js).
export async function typeInto(page, label, text, options = {}) {
  const at = await press(page, label, options);
  await waitInPage(page, (id) => window.idekortTextBridge.field() === id && document.activeElement?.id === 'idekort-text-input',
    at.item.id, {
      expected: `the text field "${label}" (${at.item.id}) in edit, with the bridge's textarea focused`,
      seen: () => ({ field: window.idekortTextBridge.field(), focused: document.activeElement?.id || document.activeElement?.tagName }),
    });
  await page.keyboard.type(text, { delay: 5 });
  return at;
}

// Opens the office app (/office/) and signs in as `username`, typed through the DOM input bridge.
export async function signInToOffice(page, serverUrl, username, password) {
  await page.goto(serverUrl + 'office/');
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.screen === 'sign_in');
  await typeInto(page, 'Brugernavn', username);
  await typeInto(page, 'Adgangskode', password);
  await press(page, 'Log ind');
}

// Starts a card, gives it `title` and leaves it as a draft on the start screen.
export async function leaveDraft(page, title) {
  await page.bringToFront(); // a background tab gets no animation frames, so the app would not run
  const step = (want) => waitForState(page, (s, w) => s.screen === 'wizard' && s.step === w, want);
  await press(page, 'Ny idé');
  await step('theme');
  await press(page, 'Ved ikke – lad innovationsteamet vælge'); // nothing is preselected: the person chooses
  await press(page, 'Næste ›');
  await step('challenge');
  await typeInto(page, 'Hvilken udfordring løser idéen?', 'En udfordring');
  await typeInto(page, 'Hvem har udfordringen?', 'Nogen');
  await waitForState(page, (s) => s.card.target_group === 'Nogen');
  await press(page, 'Næste ›');
  await step('idea');
  await typeInto(page, 'Giv idéen en kort titel', title);
  await waitForState(page, (s, t) => s.card.title === t, title);
  await press(page, '‹ Tilbage');
  await step('challenge');
  await press(page, '‹ Tilbage');
  await step('theme');
  await press(page, 'Afbryd');
  return waitForState(page, (s, t) => s.drafts.some((d) => d.title === t && d.state === 'saved'), title);
}

// Resolves once the page's service worker is activated (it registers after the first frame).
export async function waitForServiceWorker(page) {
  await waitInPageAsync(page, async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return !!(reg && reg.active && reg.active.state === 'activated');
  }, null, {
    timeout: 30000, expected: 'an activated service worker',
    seen: async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return reg ? { installing: reg.installing?.state, waiting: reg.waiting?.state, active: reg.active?.state } : 'no registration';
    },
  });
}

// An office account made with the server's own command (create-admin, as a person would).
export function createAccount(server, username, role, password) {
  const made = spawnSync(serverBin, ['create-admin', '--data-dir', server.dataDir, '--username', username, '--role', role],
    { input: password + '\n' });
  if (made.status !== 0) throw new Error(`create-admin ${username}: ${made.stderr}`);
}

// A new card from tests/fixtures/card-v1.json sent as a kiosk sends it; resolves to
// { id, receipt }.
export async function sendFixtureCard(server, submissionKey) {
  const id = randomUUID();
  const card = readFileSync(path.join(root, 'tests/fixtures/card-v1.json'), 'utf8').replace('3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93', id);
  const res = await fetch(`${server.url}api/v1/cards/${id}`, { method: 'PUT', body: card,
    headers: { Authorization: `Bearer ${submissionKey}`, 'Content-Type': 'application/json' } });
  if (res.status !== 201) throw new Error(`the card was refused: HTTP ${res.status} ${await res.text()}`);
  return { id, receipt: (await res.json()).receipt };
}
