// Browser smoke test: the real web build, served by the real idekort-server on 127.0.0.1, in
// Debian's Chromium. It waits for the C++ first-frame signal, clicks and taps widgets found
// through the C++ item registry, checks that C++ saw them, and fails on any console error; the
// shell's Content-Security-Policy is on and nothing of the app breaks it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { builtShell, launchBrowser, outputDir, press, startServer, typeInto, waitForFirstFrame, waitForState, watchErrors } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the server sends the wasm as application/wasm with its identity header', async () => {
  const res = await fetch(server.url + builtShell().files['idekort.wasm'].url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  assert.match(res.headers.get('x-idekort-server'), /^idekort-server\//);
  const missing = await fetch(server.url + '../../etc/passwd');
  assert.equal(missing.status, 404);
});

test('the app shell carries a Content-Security-Policy that forbids framing, and the app runs under it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.idekortCspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.idekortCspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const response = await page.goto(server.url);
  const csp = response.headers()['content-security-policy'] || '';
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  await waitForFirstFrame(page);
  await press(page, 'Ny idé');
  await waitForState(page, (s) => s.screen === 'wizard' && s.step === 'theme');
  assert.deepEqual(await page.evaluate(() => window.idekortCspViolations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('desktop: first frame, click "Ny idé", type into a field, C++ sees both', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('#loader').isHidden(), true, 'the loader is gone after the first frame');

  await press(page, 'Ny idé');
  await waitForState(page, (s) => s.screen === 'wizard' && s.step === 'theme');
  await press(page, 'Ved ikke – lad innovationsteamet vælge');
  await press(page, 'Næste ›');
  await waitForState(page, (s) => s.step === 'challenge');
  const field = await typeInto(page, 'Hvem har udfordringen?', 'Cykel');
  assert.equal(field.item.role, 'textbox');
  await waitForState(page, (s) => s.card.target_group === 'Cykel');
  await page.screenshot({ path: path.join(outputDir, 'web-desktop.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: a finger tap on a button reaches C++ as a press', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await press(page, 'Ny idé', { touch: true });
  await waitForState(page, (s) => s.screen === 'wizard');
  // HiDPI: the canvas's backing store is the CSS size times devicePixelRatio.
  const backing = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.clientWidth]; });
  assert.equal(backing[0], backing[1] * 3);
  await page.screenshot({ path: path.join(outputDir, 'web-phone.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('without WebGL2 the page says so in words instead of a blank canvas', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
    };
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#error:not([hidden])');
  const text = await page.locator('#error').innerText();
  assert.match(text, /WebGL2/);
  assert.deepEqual((await page.evaluate(() => window.idekort.errors)).map((e) => e.kind), ['webgl2']);
  // Nothing large was downloaded for a browser that cannot run it.
  const wasmRequested = await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  assert.equal(wasmRequested, false);
  await context.close();
});

test('a Wi-Fi portal page instead of the asset pack gives a clear error, not a blank app', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/idekort-assets.*.pack', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Log in to CityWiFi</body></html>' }));
  await page.goto(server.url);
  await page.waitForSelector('#error:not([hidden])');
  const errors = await page.evaluate(() => window.idekort.errors);
  assert.equal(errors[0].kind, 'start');
  assert.match(errors[0].detail, /not an idekort asset pack/);
  assert.match(await page.locator('#error').innerText(), /(startede ikke|did not start)/);
  await page.screenshot({ path: path.join(outputDir, 'web-error-start.png') });
  await context.close();
});

test('a failed wasm download says so and asks for a reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/idekort.*.wasm', (route) => route.fulfill({ status: 503, body: 'busy' }));
  await page.goto(server.url);
  await page.waitForSelector('#error:not([hidden])');
  const errors = await page.evaluate(() => window.idekort.errors);
  assert.equal(errors[0].kind, 'load');
  assert.match(errors[0].detail, /HTTP 503/);
  assert.match(await page.locator('#error').innerText(), /(genindlæs|reload)/i);
  await context.close();
});
