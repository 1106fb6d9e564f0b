// Shared helpers for the browser tests: the real idekort-server on a free loopback port serving
// the real web build, and Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = process.env.IDEKORT_WEB_DIR || path.join(root, 'build/web-release/web');
export const serverBin = process.env.IDEKORT_SERVER_BIN || path.join(root, 'build/native-release/bin/idekort-server');
export const outputDir = process.env.IDEKORT_TEST_OUTPUT || path.join(root, 'build/test-output');
mkdirSync(outputDir, { recursive: true });

// Starts idekort-server with --port 0 (and `extraArgs`) and resolves once its "listening" log
// line names the port.
export async function startServer(extraArgs = []) {
  for (const [what, p] of [['web build', path.join(webDir, 'idekort.wasm')], ['idekort-server', serverBin]])
    if (!existsSync(p)) throw new Error(`${what} not found at ${p}: build it first (scripts/test.sh does)`);
  const child = spawn(serverBin, ['--port', '0', '--web-root', webDir, '--threads', '2', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.IDEKORT_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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

// The centre of the widget labelled `label`, in page coordinates, from the C++ item registry.
export async function itemCentre(page, label) {
  const items = await page.evaluate(() => window.idekort.items());
  const item = items.find((i) => i.label === label && i.visible);
  if (!item) throw new Error(`no visible widget "${label}"; seen: ${items.map((i) => i.label).join(', ')}`);
  const box = await page.locator('#canvas').boundingBox();
  return { x: box.x + item.x + item.width / 2, y: box.y + item.y + item.height / 2, item };
}

// Waits until the app's state satisfies `predicate` (a function of the state object).
export async function waitForState(page, predicate, arg) {
  await page.waitForFunction(([src, a]) => new Function('s', 'a', `return (${src})(s, a)`)(window.idekort.state(), a),
    [predicate.toString(), arg], { timeout: 10000 });
  return page.evaluate(() => window.idekort.state());
}
