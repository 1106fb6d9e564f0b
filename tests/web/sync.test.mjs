// Browser sync: the real web build and its sync engine on fetch(), the real idekort-server,
// Debian's Chromium. A card completed while the browser is offline waits, with the reason in
// words; when the browser comes back online it arrives at once, exactly once, and shows its
// receipt, which the server confirms. "Send now" pressed twice never sends a card twice.
//
// The test puts a completed card into the outbox with the same SQL as CardStore::complete,
// through the page's own store worker, and presses "send now" through the bridge
// (idekort_sync_send_now), so the engine is tested on its own; tests/web/e2e.test.mjs does the
// same through the wizard and the start screen.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { launchBrowser, outputDir, startServer, waitForFirstFrame, waitInPage, watchErrors } from './support.mjs';

const key = 'browser-test-submission-key-0001';
let server, browser;
before(async () => {
  server = await startServer(['--submission-key', key]);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

function card(id, title) {
  const now = new Date().toISOString();
  return {
    schema: 1, id, created_at: now, updated_at: now, language: 'da', origin: { channel: 'web', device: '', workshop: '' },
    title, theme: '', challenge: 'Lang ventetid', target_group: 'Borgere', idea: 'Book tid i biblioteket', gain: { text: 'Kortere ventetid', kinds: [] },
    departments: [], partners: '', first_test: '', needs: '',
  };
}

// CardStore::complete's outbox row, written by the page's store worker. The answer goes to an
// id the app never uses, so C++ ignores it; we wait for the row through the sync engine instead.
async function completeInBrowser(page, c) {
  await page.evaluate(([c]) => {
    Module.idekortDb.run(-1, JSON.stringify([{
      sql: "INSERT INTO outbox (id, card_json, state, completed_at) VALUES (?1, ?2, 'queued', ?3)",
      params: [c.id, JSON.stringify(c), new Date().toISOString()],
    }]));
  }, [c]);
}

const status = (page) => page.evaluate(() => JSON.parse(Module.ccall('idekort_sync_status_json', 'string', [], [])));
const cardState = (page, id) => page.evaluate((id) => JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id])), id);
const sendNow = (page) => page.evaluate(() => Module.ccall('idekort_sync_send_now', null, [], []));

async function waitForCard(page, id, phase) {
  return waitInPage(page, ([id, phase]) => {
    const s = JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id]));
    return s.phase === phase ? s : null;
  }, [id, phase], { expected: `card ${id} in phase "${phase}"`, seen: ([id]) => JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id])) });
}

// A fresh browser context with the deployment's submission key, the app loaded and its outbox read.
async function openApp() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((key) => { globalThis.idekortSyncConfig = { key }; }, key);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await waitInPage(page, () => JSON.parse(Module.ccall('idekort_sync_status_json', 'string', [], [])).loaded, null, {
    expected: 'the sync engine to have read the outbox', seen: () => JSON.parse(Module.ccall('idekort_sync_status_json', 'string', [], [])) });
  return { context, page, errors };
}

// The server logs API paths as their route, never a card's id (issue 13), so a test counts the
// card PUTs logged since it began: each test has exactly one card in play.
let logMark = 0;
beforeEach(async () => {
  if (server) await server.settled();
  logMark = server ? server.log.join('').split('\n').length - 1 : 0;
});

function putsFor() {
  return server.log.join('').split('\n').slice(logMark)
    .filter((l) => l.includes('"method":"PUT"') && l.includes('"path":"/api/v1/cards/{uuid}"'));
}

// The server's card PUTs in this test (card `id`, the one in play), once the log has a line for
// every request the server has answered (it logs a request after the answer is written, so the
// browser may have the answer first).
async function loggedPuts(id) {
  await server.settled();
  return putsFor();
}

test('a card completed offline waits with a reason, arrives once when the browser is online again, and shows its receipt', async () => {
  const { context, page, errors } = await openApp();
  const before = await status(page);
  assert.equal(before.configured, true, JSON.stringify(before));
  assert.equal(before.credential_kind, 'submission_key');

  await context.setOffline(true);
  const c = card(randomUUID(), 'Offline idé');
  await completeInBrowser(page, c);
  await sendNow(page);
  const waiting = await waitInPage(page, (id) => {
    const s = JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id]));
    return s.phase === 'waiting' && s.attempts >= 1 ? s : null;
  }, c.id, { expected: `card ${c.id} waiting after at least one attempt`,
    seen: (id) => JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id])) });
  assert.equal(waiting.reason_key, 'sync.reason.offline');
  assert.equal((await status(page)).connection, 'offline');
  assert.equal((await loggedPuts(c.id)).length, 0, 'nothing reached the server while offline');

  // The backoff may be seconds away; the online event must not wait for it.
  await context.setOffline(false);
  const received = await waitForCard(page, c.id, 'received');
  assert.match(received.receipt, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  assert.equal((await loggedPuts(c.id)).length, 1, 'sent exactly once');
  const confirmed = await (await fetch(new URL(`/api/v1/status/${received.receipt}`, server.url))).json();
  assert.equal(confirmed.state, 'received');

  // After a reload the card still shows its receipt, from the device's store, and is not sent again.
  await page.reload();
  await waitForFirstFrame(page);
  const again = await waitForCard(page, c.id, 'received');
  assert.equal(again.receipt, received.receipt);
  await page.screenshot({ path: path.join(outputDir, 'web-sync-received.png') });
  assert.equal((await loggedPuts(c.id)).length, 1, 'not sent again after the reload');
  // Chromium itself logs each fetch that fails while offline; that is the expected attempt, not
  // an error of the app's.
  assert.deepEqual(errors.filter((e) => !e.endsWith('Failed to load resource: net::ERR_INTERNET_DISCONNECTED')), []);
  await context.close();
});

test('"send now" pressed twice in a row sends a waiting card once', async () => {
  const { context, page, errors } = await openApp();
  const c = card(randomUUID(), 'Dobbeltklik');
  await completeInBrowser(page, c);
  await page.evaluate(() => { Module.ccall('idekort_sync_send_now', null, [], []); Module.ccall('idekort_sync_send_now', null, [], []); });
  await sendNow(page);
  const received = await waitForCard(page, c.id, 'received');
  await sendNow(page);
  // Nothing is waiting or being sent, so no further PUT can come.
  const after = await status(page);
  assert.equal(after.sending + after.waiting, 0, JSON.stringify(after));
  const puts = await loggedPuts(c.id);
  assert.equal(puts.length, 1, `PUTs: ${puts.join('\n')}`);
  assert.equal((await cardState(page, c.id)).receipt, received.receipt);
  assert.deepEqual(errors, []);
  await context.close();
});
