// The browser store's failure path (issue 13, point 10): every request to the store worker gets
// an answer, so a store that fails says so instead of "saving" for ever, and works again when the
// fault is gone. The fault is a disk error at the start of a transaction (BEGIN IMMEDIATE), which
// a real browser gives on a full or lost OPFS file but a test cannot cause at will: the test
// serves a copy of the real web build in which sqlite-wasm's module is wrapped, and the wrapper
// throws from that one statement while the page asks it to (over a BroadcastChannel). Everything
// else is real: the build, the worker, sqlite-wasm on OPFS, the server, Chromium.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, press, startServer, typeInto, waitForFirstFrame, waitForState, waitForStore, webDir }
  from './support.mjs';

const faultyWrapper = `// Test wrapper (tests/web/store-faults.test.mjs): the real sqlite-wasm, whose BEGIN IMMEDIATE
// fails while the page says so.
import init from './index-real.mjs';
let failing = false;
new BroadcastChannel('idekort-store-fault').onmessage = (e) => { failing = !!e.data.failBegin; };
export default async function (options) {
  const sqlite3 = await init(options);
  const exec = sqlite3.oo1.DB.prototype.exec;
  sqlite3.oo1.DB.prototype.exec = function (arg, ...rest) {
    if (failing && arg === 'BEGIN IMMEDIATE') throw new Error('disk I/O error (the test\\'s fault)');
    return exec.call(this, arg, ...rest);
  };
  return sqlite3;
}
`;

let server;
let root;
before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'idekort-web-faulty-'));
  cpSync(webDir, root, { recursive: true, dereference: true });
  const sqliteDir = path.join(root, readdirSync(root).find((name) => name.startsWith('sqlite')));
  renameSync(path.join(sqliteDir, 'index.mjs'), path.join(sqliteDir, 'index-real.mjs'));
  for (const pre of ['index.mjs.br', 'index.mjs.gz']) rmSync(path.join(sqliteDir, pre), { force: true });
  writeFileSync(path.join(sqliteDir, 'index.mjs'), faultyWrapper);
  server = await startServer({ root });
});
let browser;
after(async () => {
  await browser?.close(); // also when the test failed half-way: an open Chromium keeps node running
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('a store that fails to begin a transaction answers: the draft says "not saved", then saves once the fault is gone', async () => {
  browser = await launchBrowser();
  // No service worker: it would check the wrapped file against the build's hashes.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  const storage = await waitForStore(page);
  assert.equal(storage.durable, true, `the store should be on OPFS, got ${JSON.stringify(storage)}`);

  await press(page, 'Ny idé');
  await waitForState(page, (s) => s.screen === 'wizard' && s.step === 'theme');
  await press(page, 'Ved ikke – lad innovationsteamet vælge'); // nothing is preselected: the person chooses
  await press(page, 'Næste ›');
  await waitForState(page, (s) => s.step === 'challenge');
  await typeInto(page, 'Hvilken udfordring løser idéen?', 'Før fejlen');
  await waitForState(page, (s) => s.save === 'saved' && s.card.challenge === 'Før fejlen');

  const fault = (failBegin) => page.evaluate((f) => new BroadcastChannel('idekort-store-fault').postMessage({ failBegin: f }), failBegin);
  await fault(true);
  await typeInto(page, 'Hvem har udfordringen?', 'Under fejlen');
  // Before the fix the worker threw outside its try, never answered, and this stayed "saving".
  const failed = await waitForState(page, (s) => s.card.target_group === 'Under fejlen' && s.save === 'failed', undefined,
    { timeout: 30000 });
  assert.equal(failed.card.target_group, 'Under fejlen', 'the text is kept in the card');

  await fault(false);
  await press(page, 'Næste ›');
  await waitForState(page, (s) => s.step === 'idea');
  await typeInto(page, 'Giv idéen en kort titel', 'Efter fejlen');
  const saved = await waitForState(page, (s) => s.card.title === 'Efter fejlen' && s.save === 'saved', undefined, { timeout: 30000 });
  assert.equal(saved.card.target_group, 'Under fejlen', 'nothing typed during the fault is lost');
  await context.close();
});
