// The installable, offline web app (issue 7), end to end: the real web build served by the real
// idekort-server, Debian's Chromium, the real service worker and OPFS store.
//  - the server's headers: wasm type, precompressed files with Vary, no caching of the shell and
//    the service worker script, a year for content-hashed names
//  - scenario 1: load online, go offline, reload: the app comes from the service worker and
//    reaches its first frame; a draft written offline is there when the page is closed and the
//    app opened again, offline; back online, a reload fetches nothing but the update check
//  - scenario 4: a new version is deployed while a page is open: the page says so, a reload
//    takes the new version whole, and the drafts in OPFS are still there; a new version with a
//    wrong file is never installed, and the old one keeps starting offline
//  - scenario 5: a second tab says so and does not corrupt the first tab's drafts
//  - scenario 6: phone and desktop viewports, with screenshots; the manifest makes it installable
//  - the same app under a sub-path (/idekort/), offline too
// Scenarios 2 and 3 for completed cards (queued offline, sent once online, receipt shown) need
// the card wizard and the sync engine of other issues: tests/web/sync.test.mjs on the sync
// branch covers the sending; here scenario 2 is checked for drafts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { builtShell, eventually, itemCentre, launchBrowser, outputDir, persistentProfile, saveIdea, startServer, waitForFirstFrame,
  waitForState, waitForServiceWorker, waitForStore, waitInPage, watchErrors, webDir } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// The shell's notices are Danish first; a Danish browser shows them in Danish.
function danishContext(options = {}) { return browser.newContext({ locale: 'da-DK', ...options }); }

// waitInPage across the reload the page does itself when it activates a new version.
async function waitAcrossNavigation(page, fn, arg, options) {
  for (let attempt = 0; ; attempt++) {
    try { return await waitInPage(page, fn, arg, { timeout: 30000, ...options }); } catch (e) {
      if (attempt > 5 || !/context was destroyed|navigat/i.test(e.message)) throw e;
    }
  }
}

test('headers: wasm type, brotli or gzip as accepted with Vary, no-cache for the shell, a year for hashed names', async () => {
  const shell = builtShell();
  const wasm = await fetch(server.url + shell.files['idekort.wasm'].url, { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal(wasm.headers.get('content-encoding'), 'br');
  assert.equal(wasm.headers.get('vary'), 'Accept-Encoding');
  assert.equal(wasm.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  // fetch() decodes brotli: the bytes are the real wasm, at its real size.
  const bytes = new Uint8Array(await wasm.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0x61, 0x73, 0x6d]);
  assert.equal(bytes.length, shell.files['idekort.wasm'].size);

  const gzip = await fetch(server.url + shell.files['idekort.js'].url, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(gzip.headers.get('content-encoding'), 'gzip');
  for (const name of ['', 'index.html', 'idekort-sw.js', 'idekort.webmanifest']) {
    const res = await fetch(server.url + name);
    assert.equal(res.status, 200, name);
    assert.equal(res.headers.get('cache-control'), 'no-cache', `${name || '/'} must be revalidated, or an update is missed`);
  }
  const manifest = await fetch(server.url + 'idekort.webmanifest');
  assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
});

test('1, 2: loaded once online, the app starts offline from the service worker; a draft written offline is there in a new page', async () => {
  const context = await danishContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const online = await page.goto(server.url);
  await waitForFirstFrame(page);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  const offline = await page.reload();
  await waitForFirstFrame(page);
  await waitForStore(page);
  // The shell from the service worker keeps the server's Content-Security-Policy and framing
  // rule: an app started offline is protected as one started online.
  assert.equal(offline.fromServiceWorker(), true);
  assert.ok(online.headers()['content-security-policy'], 'the server sends the shell with its policy');
  assert.equal(offline.headers()['content-security-policy'], online.headers()['content-security-policy']);
  assert.equal(offline.headers()['x-frame-options'], 'DENY');
  const started = await page.evaluate(() => ({ controlled: !!navigator.serviceWorker.controller, storage: window.idekort.storage,
    online: window.idekort.shell.network.online }));
  assert.equal(started.controlled, true);
  assert.equal(started.storage.durable, true, 'the store opens on OPFS offline too');
  assert.equal(started.online, false);
  assert.match(await page.locator('#notice-offline').innerText(), /offline/i);
  await saveIdea(page, 'Skrevet offline');

  // Still offline: the page is closed and the app opened again in a new one. The draft written
  // offline is there (scenario 2, for drafts; completed cards in the outbox need the wizard).
  await page.close();
  const reopened = await context.newPage();
  const reopenedErrors = watchErrors(reopened);
  await reopened.goto(server.url);
  await waitForFirstFrame(reopened);
  await waitForState(reopened, (s) => s.drafts.some((d) => d.title === 'Skrevet offline' && d.state === 'saved'));
  assert.match(await reopened.locator('#notice-offline').innerText(), /offline/i);
  await reopened.screenshot({ path: path.join(outputDir, 'pwa-offline-desktop.png') });

  await context.setOffline(false);
  await reopened.locator('#notice-offline').waitFor({ state: 'detached' });
  // Online, the shell still comes from the cache: the server only sees the update check.
  // (settled(): the log holds every request answered so far; a line comes after its answer.)
  const before = (await server.settled()).length;
  await reopened.reload();
  await waitForFirstFrame(reopened);
  const requested = (await server.settled()).slice(before);
  assert.deepEqual(requested.map((r) => r.path).filter((p) => !p.endsWith('/idekort-sw.js')), []);
  assert.deepEqual([...errors, ...reopenedErrors].filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test('the offline notice follows the sync engine once it reports, not navigator.onLine, and the app\'s language', async () => {
  const context = await danishContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  assert.equal(await page.locator('#notice-offline').count(), 0);
  // The app's own sync engine reports too (idekort_js_network_state calls
  // window.idekort.setNetworkState on each change of its view), at its next frame after what it
  // saw: its reports are recorded so the test can wait for them. The test reports as the engine
  // would, through the same function (report()).
  await page.evaluate(() => {
    const set = window.idekort.setNetworkState;
    window.engineReports = [];
    window.report = set;
    window.idekort.setNetworkState = (online) => { window.engineReports.push(online); set(online); };
  });
  await page.evaluate(() => window.report(false)); // the server is unreachable
  assert.match(await page.locator('#notice-offline').innerText(), /offline/i);
  assert.deepEqual(await page.evaluate(() => window.idekort.shell.network), { online: false, source: 'sync' });
  await context.setOffline(true);
  // The engine sees the browser go offline and says the server is unreachable.
  await waitInPage(page, () => window.engineReports.includes(false), null, {
    expected: 'the sync engine to report "offline" after the browser went offline', seen: () => window.engineReports });
  await page.evaluate(() => {
    window.backOnline = new Promise((resolve) => window.addEventListener('online', () => resolve(navigator.onLine), { once: true }));
  });
  await context.setOffline(false);
  assert.equal(await page.evaluate(() => window.backOnline), true, 'the page saw the browser come back online');
  // The page's own listeners ran before the one above: the browser's view no longer decides,
  // and the engine has not reached the server, so the notice stays.
  assert.equal(await page.locator('#notice-offline').count(), 1);
  assert.deepEqual(await page.evaluate(() => window.engineReports), [false], 'the engine still has not reached the server');
  // The app switches to English (C++ calls idekort_js_language): the notice follows.
  await page.evaluate(() => window.idekort.setLanguage('en'));
  assert.match(await page.locator('#notice-offline').innerText(), /drafts are kept on this device/);
  await page.evaluate(() => window.report(true)); // the server answers again
  await page.locator('#notice-offline').waitFor({ state: 'detached', timeout: 15000 });
  await context.close();
});

// A second build of the app: the same stage with a changed loader, so every hash and the version change.
function buildChangedVersion(into) {
  const source = path.join(into, 'web-src');
  cpSync(path.join(root, 'web'), source, { recursive: true });
  appendFileSync(path.join(source, 'idekort-loader.js'), '\n// build B of the update test\n');
  const out = path.join(into, 'site-b');
  execFileSync('/usr/bin/python3', [path.join(root, 'scripts/web_dist.py'), '--no-compress', path.join(webDir, '../web-stage'), source, out]);
  return out;
}

// A deployment whose files can be replaced while it runs: the server serves a symlink, swapped
// atomically to another build (as a deploy by rename would).
async function deployment() {
  const dir = mkdtempSync(path.join(tmpdir(), 'idekort-update-'));
  const siteA = path.join(dir, 'site-a');
  cpSync(webDir, siteA, { recursive: true });
  const live = path.join(dir, 'live');
  symlinkSync(siteA, live);
  const server = await startServer({ root: live });
  return {
    dir, siteA, url: server.url,
    deploy(site) { symlinkSync(site, path.join(dir, 'live.new')); renameSync(path.join(dir, 'live.new'), live); },
    async stop() { await server.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

test('4: a new version installs in the background, the page says so, a reload takes it whole, drafts stay', async () => {
  const site = await deployment();
  const context = await danishContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(site.url);
    await waitForFirstFrame(page);
    await saveIdea(page, 'Før opdateringen');
    await waitForServiceWorker(page);
    const versionA = builtShell(site.siteA).version;
    assert.equal(await page.evaluate(() => window.idekort.shell.version), versionA);

    const siteB = buildChangedVersion(site.dir);
    const versionB = builtShell(siteB).version;
    assert.notEqual(versionB, versionA);
    site.deploy(siteB);

    // The open page finds it (hourly, or when the network returns; here at once) and says so.
    assert.equal(await page.evaluate(() => window.idekort.checkForUpdate()), true);
    const notice = page.locator('#notice-update');
    assert.match(await notice.innerText(), /ny version/);
    assert.equal(await page.evaluate(() => window.idekort.shell.version), versionA, 'the open page keeps running its version');
    await page.screenshot({ path: path.join(outputDir, 'pwa-update-ready.png') });

    await page.reload();
    await waitAcrossNavigation(page, (v) => window.idekort && window.idekort.shell && window.idekort.shell.version === v &&
      window.idekort.firstFrameAt !== null, versionB, {
      expected: `version ${versionB} running`, seen: () => ({ version: window.idekort?.shell?.version, firstFrameAt: window.idekort?.firstFrameAt }) });
    const after = await page.evaluate(async () => ({
      caches: await caches.keys(),
      resources: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname.split('/').pop()),
    }));
    assert.deepEqual(after.caches, [`idekort-shell-${versionB}`], 'the old version\'s cache is gone, only the new one is left');
    // Not one file of version A in the new page (version A's hashed names differ where files changed).
    const onlyInA = Object.values(builtShell(site.siteA).files).map((f) => f.url)
      .filter((url) => !Object.values(builtShell(siteB).files).some((f) => f.url === url));
    assert.ok(onlyInA.length > 0);
    assert.deepEqual(after.resources.filter((name) => onlyInA.includes(name)), []);
    await waitForState(page, (s) => s.drafts.some((d) => d.title === 'Før opdateringen' && d.state === 'saved'));
    assert.equal((await waitForStore(page)).durable, true);
    assert.equal(await page.locator('#notice-update').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await site.stop();
  }
});

test('4: a new version with a broken file (a portal page instead of its loader) is never installed; the old one keeps starting', async () => {
  const site = await deployment();
  const context = await danishContext();
  try {
    const page = await context.newPage();
    await page.goto(site.url);
    await waitForFirstFrame(page);
    await waitForServiceWorker(page);
    const versionA = builtShell(site.siteA).version;

    const siteB = buildChangedVersion(site.dir);
    // The loader is the file that changed, so its name is new and no cache can have it.
    writeFileSync(path.join(siteB, builtShell(siteB).files['idekort-loader.js'].url), '<html><body>Log in to CityWiFi</body></html>');
    site.deploy(siteB);
    assert.equal(await page.evaluate(() => window.idekort.checkForUpdate()), false, 'a version with a wrong file must not install');
    assert.equal(await page.locator('#notice-update').count(), 0);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`idekort-shell-${versionA}`], 'no half-filled cache is left');

    await context.setOffline(true); // everything of version A is still there
    await page.reload();
    await waitForFirstFrame(page);
    assert.equal(await page.evaluate(() => window.idekort.shell.version), versionA);
  } finally {
    await context.close();
    await site.stop();
  }
});

test('5: a second tab says the store is taken, and the first tab\'s drafts come through intact', async () => {
  const context = await danishContext();
  const first = await context.newPage();
  await first.goto(server.url);
  await waitForFirstFrame(first);
  await saveIdea(first, 'Fane et');
  await waitForServiceWorker(first);

  const second = await context.newPage(); // from the service worker this time
  await second.goto(server.url);
  await waitForFirstFrame(second);
  assert.equal((await waitForStore(second)).reason, 'other-tab');
  const message = (await waitForState(second, (s) => s.store && !s.store.opening)).store;
  assert.equal(message.durable, false);
  await saveIdea(second, 'Fane to'); // kept in memory only
  await second.screenshot({ path: path.join(outputDir, 'pwa-second-tab.png') });
  await second.close();

  await first.reload(); // the first tab lets go of the database and opens it again
  await waitForFirstFrame(first);
  const state = await waitForState(first, (s) => s.drafts.length >= 1);
  assert.deepEqual(state.drafts.map((d) => d.title), ['Fane et'], 'the second tab wrote nothing into the first tab\'s store');
  assert.equal((await waitForStore(first)).durable, true);
  await context.close();
});

for (const device of [
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } },
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
]) {
  test(`6: ${device.name}: installable, starts, the offline notice moves the app down instead of covering it`, async () => {
    const context = await danishContext(device.options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await waitForFirstFrame(page);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      const res = await fetch(link.href);
      return { url: res.url, json: await res.json() };
    });
    assert.equal(manifest.json.display, 'standalone');
    assert.equal(manifest.json.start_url, './');
    for (const icon of manifest.json.icons.filter((i) => i.type === 'image/png')) {
      const res = await fetch(new URL(icon.src, manifest.url));
      assert.equal(res.status, 200, icon.src);
      const png = Buffer.from(await res.arrayBuffer());
      assert.equal(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.sizes, `${icon.src} has the size the manifest says`);
    }
    // The browser answers the request for persistent storage when it likes, maybe after the first frame.
    const { persisted } = await waitInPage(page, () => window.idekort.storage.persisted !== null && { persisted: window.idekort.storage.persisted },
      null, { expected: 'the browser\'s answer to the request for persistent storage', seen: () => window.idekort.storage });
    assert.equal(typeof persisted, 'boolean');
    assert.match(await page.locator('#storage-status').textContent(), persisted ? /varig/ : /ikke varig/);

    await page.evaluate(() => window.idekort.setNetworkState(false));
    const banner = await page.locator('#notice-offline').boundingBox();
    const close = await page.locator('#notice-offline button').boundingBox();
    assert.ok(close.height >= 44 && close.width >= 44, `the notice's button is a finger's target, got ${close.width}x${close.height}`);
    // The app moves down below the notice (and resizes): it covers nothing, not even the top row.
    const canvasPlace = () => { const c = document.getElementById('canvas'); const r = c.getBoundingClientRect();
      return { top: r.top, height: r.height, backing: c.height, dpr: devicePixelRatio }; };
    await waitInPage(page, (h) => document.getElementById('canvas').getBoundingClientRect().top >= h, banner.y + banner.height,
      { expected: `the canvas below the notice (top >= ${banner.y + banner.height})`, seen: canvasPlace });
    // The app resized the backing store too: the app is laid out for the smaller canvas, not squeezed.
    await waitInPage(page, () => { const c = document.getElementById('canvas');
      return c.height === Math.round(c.getBoundingClientRect().height * devicePixelRatio); }, null,
    { expected: 'the canvas\'s backing store resized to its new CSS size', seen: canvasPlace });
    // ... and the app draws its next frames for that size.
    await eventually(async () => {
      const canvas = await page.locator('#canvas').boundingBox();
      for (const label of ['English', 'Ny idé']) {
        const { item } = await itemCentre(page, label);
        assert.ok(canvas.y + item.y >= banner.y + banner.height, `the offline notice must not cover "${label}" (${JSON.stringify(item)})`);
        assert.ok(canvas.y + item.y + item.height <= canvas.y + canvas.height,
          `"${label}" is still on screen (${JSON.stringify(item)}, canvas ${JSON.stringify(canvas)})`);
      }
    });
    const button = await itemCentre(page, 'Ny idé');
    if (device.options.hasTouch) await page.touchscreen.tap(button.x, button.y);
    else await page.mouse.click(button.x, button.y);
    await waitForState(page, (s) => s.screen === 'wizard');
    await page.screenshot({ path: path.join(outputDir, `pwa-${device.name}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('6: installable: Chromium finds the manifest valid and reports no installability error', async () => {
  const context = await persistentProfile()(); // not incognito: Chromium does not install from there
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.goto(server.url);
    await waitForFirstFrame(page);
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, []);
    assert.equal(manifest.url, server.url + 'idekort.webmanifest');
    assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, []);
  } finally {
    await context.close();
  }
});

test('under a sub-path (/idekort/): starts, installs its service worker there, and starts offline', async () => {
  const sub = await startServer({ args: ['--base-path', '/idekort/'] });
  const context = await danishContext();
  try {
    const base = sub.url + 'idekort/';
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(base);
    await waitForFirstFrame(page);
    await waitForServiceWorker(page);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), base);
    const requested = await sub.settled();
    assert.deepEqual(requested.map((r) => r.path).filter((p) => !p.startsWith('/idekort/')), [], 'every URL of the app is relative');
    await context.setOffline(true);
    await page.reload();
    await waitForFirstFrame(page);
    assert.equal((await waitForStore(page)).durable, true);
    assert.deepEqual(errors, []);
    assert.equal((await fetch(sub.url + 'index.html')).status, 404, 'outside the base path there is no app');
  } finally {
    await context.close();
    await sub.stop();
  }
});
