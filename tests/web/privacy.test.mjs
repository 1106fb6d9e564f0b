// Privacy on a browser kiosk (issue 13, point 11): once the server has a card, the tablet keeps
// only its receipt, title and state. The idea and the person's contact details must be in none
// of the files sqlite-wasm keeps in OPFS (the database and its -wal log, in opfs-sahpool's
// slots), read as bytes after the app is closed, as anyone who picks the tablet up could.
//
// The card is put into the outbox with CardStore::complete's SQL through the page's own store
// worker and sent with "send now" through the bridge, as tests/web/sync.test.mjs does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { launchBrowser, startServer, waitForFirstFrame, waitForStore, waitInPage } from './support.mjs';

const key = 'browser-privacy-submission-key-01';
const secrets = ['HEMMELIG-IDE-9K3W', 'Aase Hemmeligsen', 'aase.hemmelig@example.dk'];
let server, browser;
before(async () => {
  server = await startServer(['--submission-key', key]);
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

function privateCard(id) {
  const now = new Date().toISOString();
  return {
    schema: 1, id, created_at: now, updated_at: now, language: 'da', origin: { channel: 'kiosk', device: '', workshop: '' },
    title: 'Synlig titel', theme: '', challenge: 'Lang ventetid', target_group: 'Borgere', idea: `${secrets[0]} om kantinen`,
    gain: { text: 'Kortere ventetid', kinds: [] }, departments: [], partners: '', first_test: '', needs: '',
    contact: { name: secrets[1], workplace: '', email: secrets[2], phone: '', consent_to_contact: true },
  };
}

// Every file in this origin's OPFS, searched for `needles` as UTF-8 bytes. The store worker's
// access handles close with its page; until then a file cannot be read, so this retries.
async function opfsFilesHolding(page, needles) {
  return page.evaluate(async (needles) => {
    const wanted = needles.map((n) => new TextEncoder().encode(n));
    const holds = (bytes, needle) => {
      outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
        if (bytes[i] !== needle[0]) continue;
        for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
        return true;
      }
      return false;
    };
    const deadline = Date.now() + 15000;
    for (;;) {
      try {
        const found = [];
        let files = 0, bytesRead = 0;
        const walk = async (dir, where) => {
          for await (const [name, handle] of dir.entries()) {
            if (handle.kind === 'directory') { await walk(handle, `${where}${name}/`); continue; }
            const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
            files++;
            bytesRead += bytes.length;
            wanted.forEach((needle, k) => { if (holds(bytes, needle)) found.push(`${where}${name}: ${needles[k]}`); });
          }
        };
        await walk(await navigator.storage.getDirectory(), '/');
        return { files, bytesRead, found };
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, needles);
}

test('a browser kiosk forgets a received card: its idea and contact are in none of the OPFS files', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((key) => { globalThis.idekortSyncConfig = { key }; }, key);
  const page = await context.newPage();
  await page.goto(`${server.url}?kiosk`);
  await waitForFirstFrame(page);
  const storage = await waitForStore(page);
  assert.equal(storage.durable, true, `the store should be on OPFS, got ${JSON.stringify(storage)}`);
  await waitInPage(page, () => JSON.parse(Module.ccall('idekort_sync_status_json', 'string', [], [])).loaded, null,
    { expected: 'the sync engine to have read the outbox' });

  const id = randomUUID();
  await page.evaluate(([c]) => {
    Module.idekortDb.run(-1, JSON.stringify([{
      sql: "INSERT INTO outbox (id, card_json, state, completed_at, title) VALUES (?1, ?2, 'queued', ?3, ?4)",
      params: [c.id, JSON.stringify(c), new Date().toISOString(), c.title],
    }]));
  }, [privateCard(id)]);
  await page.evaluate(() => Module.ccall('idekort_sync_send_now', null, [], []));
  const received = await waitInPage(page, (id) => {
    const s = JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id]));
    return s.phase === 'received' ? s : null;
  }, id, { expected: `card ${id} received` });
  assert.match(received.receipt, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  // Forgotten and scrubbed once the receipt is saved (a kiosk keeps no card's text).
  await waitInPage(page, () => JSON.parse(Module.ccall('idekort_sync_status_json', 'string', [], [])).forgotten >= 1, null,
    { expected: 'the received card to be forgotten', seen: () => JSON.parse(Module.ccall('idekort_sync_status_json', 'string', [], [])) });

  await page.close(); // the app and its store worker end; OPFS keeps the files
  const reader = await context.newPage();
  await reader.goto(`${server.url}idekort.webmanifest`); // the same origin, without the app
  const scan = await opfsFilesHolding(reader, secrets);
  assert.ok(scan.files > 0 && scan.bytesRead > 0, `OPFS should hold the store's files, found ${JSON.stringify(scan)}`);
  assert.deepEqual(scan.found, []);
  // The title and receipt stayed: the next start lists the card as received.
  const again = await context.newPage();
  await again.goto(`${server.url}?kiosk`);
  await waitForFirstFrame(again);
  const state = await waitInPage(again, (id) => {
    const s = JSON.parse(Module.ccall('idekort_sync_card_json', 'string', ['string'], [id]));
    return s.phase === 'received' ? s : null;
  }, id, { expected: `card ${id} still received after a restart` });
  assert.equal(state.receipt, received.receipt);
  await context.close();
});
