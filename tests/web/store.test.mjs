// Browser store tests: the real web build, the real idekort-server, Debian's Chromium, and the
// official sqlite-wasm on OPFS in its worker. A saved idea must survive a reload and a browser
// restart on the same profile; a second tab and a browser without OPFS get words, not a broken app.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, persistentProfile, saveIdea, startServer, waitForFirstFrame, waitForState, waitForStore, watchErrors }
  from './support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('a saved idea is in OPFS: it is there after a reload and after the browser restarts', async () => {
  const open = persistentProfile();
  let context = await open();
  let page = context.pages()[0] || await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  const storage = await waitForStore(page);
  assert.equal(storage.durable, true, `the store should be on OPFS, got ${JSON.stringify(storage)}`);
  assert.match(storage.where, /opfs-sahpool/);
  await saveIdea(page, 'Grøn skolegård');

  await page.reload();
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.drafts.some((d) => d.title === 'Grøn skolegård' && d.state === 'saved'));
  await page.screenshot({ path: path.join(outputDir, 'web-drafts.png') });
  assert.deepEqual(errors, []);
  await context.close();

  context = await open(); // the same profile: a browser restart
  page = context.pages()[0] || await context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  const state = await waitForState(page, (s) => s.drafts.length === 1);
  assert.deepEqual(state.drafts, [{ title: 'Grøn skolegård', state: 'saved', label: 'drafts.saved' }]);
  await context.close();
});

test('a second tab gets a clear message and keeps working in memory; the first tab is unharmed', async (t) => {
  const browser = await launchBrowser();
  t.after(() => browser.close()); // also when the test fails half-way: an open Chromium keeps node running
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto(server.url);
  await waitForFirstFrame(first);
  await saveIdea(first, 'Første fane');

  const second = await context.newPage();
  await second.goto(server.url);
  await waitForFirstFrame(second);
  const storage = await waitForStore(second);
  assert.equal(storage.durable, false);
  assert.match(storage.where, /another tab/);
  const state = await waitForState(second, (s) => s.store && !s.store.opening); // C++ has taken the worker's answer
  assert.equal(state.store.durable, false);
  const kept = await saveIdea(second, 'Anden fane'); // still usable, in memory
  assert.equal(kept.drafts[0].label, 'drafts.saved_memory', 'a memory-only draft must not claim to be saved on the device');
  await second.screenshot({ path: path.join(outputDir, 'web-second-tab.png') });

  const firstState = await saveIdea(first, 'Stadig første'); // the first tab's store still works
  assert.deepEqual(firstState.drafts.map((d) => d.title).sort(), ['Første fane', 'Stadig første']);
});

test('without OPFS the app keeps working in memory and says so', async (t) => {
  const browser = await launchBrowser();
  t.after(() => browser.close()); // also when the test fails half-way: an open Chromium keeps node running
  const context = await browser.newContext();
  // A worker cannot be patched from the page, so OPFS is removed where both look it up.
  await context.addInitScript(() => { try { delete Object.getPrototypeOf(navigator.storage).getDirectory; } catch (_) {} });
  await context.route('**/idekort-db-worker.*.js', async (route) => {
    const response = await route.fetch();
    const body = 'delete globalThis.StorageManager.prototype.getDirectory;\n' + await response.text();
    await route.fulfill({ response, body });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  const storage = await waitForStore(page);
  assert.equal(storage.durable, false);
  assert.match(storage.where, /no OPFS/);
  await saveIdea(page, 'Kun i hukommelsen');
  await page.screenshot({ path: path.join(outputDir, 'web-memory-only.png') });
});
