// Shared helpers for the browser tests: the real idekort-server on a free loopback port serving
// the real web build, and Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
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
// options.root: the web root (default: the build); options.args: more flags (e.g. --base-path);
// an array instead of options is taken as the flags.
// server.log holds every log line; server.requests() the parsed "request" lines so far.
export async function startServer(options = {}) {
  if (Array.isArray(options)) options = { args: options };
  const root = options.root || webDir;
  builtShell(root);
  if (!existsSync(serverBin)) throw new Error(`idekort-server not found at ${serverBin}: build it first (scripts/test.sh does)`);
  const child = spawn(serverBin, ['--port', '0', '--web-root', root, '--threads', '2', ...(options.args || [])],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const log = [];
  const port = await new Promise((resolve, reject) => {
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
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    requests: () => log.join('').split('\n').filter((l) => l.includes('"msg":"request"')).map((l) => JSON.parse(l)),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
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

export async function waitForFirstFrame(page) {
  await page.waitForFunction(() => window.idekort && (window.idekort.firstFrameAt !== null || window.idekort.errors.length > 0), null, { timeout: 30000 });
  const errors = await page.evaluate(() => window.idekort.errors);
  if (errors.length) throw new Error('the app showed an error instead of its first frame: ' + JSON.stringify(errors));
}

// The device store as the page knows it, once the store worker has answered (the app draws its
// first frame before that, so the storage is unknown, null, for a moment after it).
export async function waitForStore(page) {
  await page.waitForFunction(() => window.idekort && window.idekort.storage.durable !== null, null, { timeout: 30000 });
  return page.evaluate(() => window.idekort.storage);
}

// The centre of the widget labelled `label`, in page coordinates, from the C++ item registry.
export async function itemCentre(page, label) {
  const items = await page.evaluate(() => window.idekort.items());
  const item = items.find((i) => i.label === label && i.visible);
  if (!item) throw new Error(`no visible widget "${label}"; seen: ${items.map((i) => i.label).join(', ')}`);
  const box = await page.locator('#canvas').boundingBox();
  return { x: box.x + item.x + item.width / 2, y: box.y + item.y + item.height / 2, item };
}

// Leaves a draft titled `title` on the start screen (leaveDraft); resolves once the store has it.
export async function saveIdea(page, title) { return leaveDraft(page, title); }

// Waits until the app's state satisfies `predicate` (a function of the state object).
export async function waitForState(page, predicate, arg) {
  await page.waitForFunction(([src, a]) => new Function('s', 'a', `return (${src})(s, a)`)(window.idekort.state(), a),
    [predicate.toString(), arg], { timeout: 10000 });
  return page.evaluate(() => window.idekort.state());
}

// Drags the page with a finger-like mouse drag (the app scrolls on drag, as on a touch screen)
// until the widget labelled `label` is on screen; returns its centre.
export async function scrollTo(page, label) {
  const box = await page.locator('#canvas').boundingBox();
  for (let i = 0; i < 24; i++) {
    const items = await page.evaluate(() => window.idekort.items());
    const item = items.find((it) => it.label === label && it.visible);
    const cy = item ? item.y + item.height / 2 : null;
    if (item && cy > 8 && cy < box.height - 8) return itemCentre(page, label);
    const down = item ? cy >= box.height - 8 : i < 8;
    const x = box.x + 8, from = box.y + box.height * (down ? 0.75 : 0.25), to = box.y + box.height * (down ? 0.25 : 0.75);
    await page.mouse.move(x, from);
    await page.mouse.down();
    for (let s = 1; s <= 6; s++) await page.mouse.move(x, from + (to - from) * s / 6);
    await page.mouse.up();
    await page.waitForTimeout(50);
  }
  return itemCentre(page, label);
}

// Presses the widget labelled `label` (a finger tap where the page has touch), then gives the
// app a moment to draw the frames that follow.
export async function press(page, label, { touch = false } = {}) {
  const at = await scrollTo(page, label);
  if (touch) await page.touchscreen.tap(at.x, at.y);
  else await page.mouse.click(at.x, at.y);
  await page.waitForTimeout(80);
  return at;
}

// Puts the text field labelled `label` in edit and types `text` through the DOM input bridge
// (the hidden textarea that brings up a phone's keyboard; web/idekort-text-bridge.js).
export async function typeInto(page, label, text, options = {}) {
  const at = await press(page, label, options);
  await page.waitForFunction((id) => window.idekortTextBridge.field() === id && document.activeElement?.id === 'idekort-text-input',
    at.item.id, { timeout: 5000 });
  await page.keyboard.type(text, { delay: 5 });
  return at;
}

// Starts a card, gives it `title` and leaves it as a draft on the start screen.
export async function leaveDraft(page, title) {
  await page.bringToFront(); // a background tab gets no animation frames, so the app would not run
  const step = (want) => waitForState(page, (s, w) => s.screen === 'wizard' && s.step === w, want);
  await press(page, 'Ny idé');
  await step('theme');
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
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return !!(reg && reg.active && reg.active.state === 'activated');
  }, null, { timeout: 30000 });
}
