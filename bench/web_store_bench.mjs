// Browser autosave latency (issue 3 target: p99 <= 30 ms), printed for docs/BENCHMARKS.md.
// The real web build and idekort-server, Debian's Chromium, the real store worker
// (idekort-db-worker.js: sqlite-wasm, opfs-sahpool). The app runs first in the profile so its
// migrations create the schema; then a page of the same origin starts the same worker and
// times save batches from postMessage to the answer: the path the C++ executor's requests take,
// less the C++ side's JSON encoding. The SQL mirrors CardStore::save_draft (app/core/card_store.cpp).
// Usage: node bench/web_store_bench.mjs [saves=300]
import { startServer, launchBrowser, waitForFirstFrame } from '../tests/web/support.mjs';

const saves = Number(process.argv[2] || 300);
const saveSql = 'INSERT INTO drafts (id, title, updated_at, revision, card_json) VALUES (?1, ?2, ?3, ?4, ?5)'
  + ' ON CONFLICT (id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,'
  + ' revision = excluded.revision, card_json = excluded.card_json WHERE excluded.revision > drafts.revision';

const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const app = await context.newPage();
  await app.goto(server.url);
  await waitForFirstFrame(app);
  await app.waitForFunction(() => window.idekort.state().store && window.idekort.state().store.opened);
  await app.close(); // releases the OPFS files for the benchmark's worker

  const page = await context.newPage();
  await page.goto(server.url + 'icon.svg');
  const result = await page.evaluate(async ({ saves, saveSql }) => {
    const worker = new Worker('/idekort-db-worker.js', { type: 'module' });
    const waiting = new Map();
    const ready = new Promise((resolve) => worker.addEventListener('message', (e) => {
      if (e.data.type === 'ready') resolve(e.data);
      else if (waiting.has(e.data.id)) { waiting.get(e.data.id)(e.data); waiting.delete(e.data.id); }
    }));
    const info = await ready;
    const card = JSON.stringify({ schema: 1, id: '0b7e3c1a-2f4d-4e6a-8b9c-1d2e3f4a5b6c', idea: 'Elever og beboere reparerer cykler sammen. '.repeat(230) });
    let id = 0;
    const save = (revision) => new Promise((resolve) => {
      waiting.set(++id, resolve);
      worker.postMessage({ id, batch: [{ sql: saveSql, params: ['0b7e3c1a-2f4d-4e6a-8b9c-1d2e3f4a5b6c', 'revision ' + revision, new Date().toISOString(), revision, card] }] });
    });
    const measure = async (count, gap, first) => {
      const ms = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        const answer = await save(first + i);
        if (!answer.ok) throw new Error(answer.error);
        ms.push(performance.now() - t0);
        if (gap) await new Promise((r) => setTimeout(r, gap));
      }
      ms.sort((a, b) => a - b);
      const at = (p) => ms[Math.floor(p * (ms.length - 1))];
      return { p50: at(0.5), p99: at(0.99), max: ms[ms.length - 1] };
    };
    const tight = await measure(saves, 0, 1);
    const spaced = await measure(Math.floor(saves / 2), 20, saves + 1);
    // Baseline, same page, same run: the floor OPFS sets. A worker writes the card's bytes
    // through a sync access handle and flushes, with no SQLite in between.
    const floorSource = `onmessage = async (e) => {
      const root = await navigator.storage.getDirectory();
      const file = await root.getFileHandle('idekort-bench-floor', { create: true });
      const handle = await file.createSyncAccessHandle();
      const bytes = new TextEncoder().encode(e.data.card);
      const ms = [];
      for (let i = 0; i < e.data.count; i++) {
        const t0 = performance.now();
        handle.write(bytes, { at: 0 });
        handle.flush();
        ms.push(performance.now() - t0);
      }
      handle.close();
      await root.removeEntry('idekort-bench-floor');
      postMessage(ms);
    };`;
    const floorWorker = new Worker(URL.createObjectURL(new Blob([floorSource], { type: 'text/javascript' })));
    const floorMs = await new Promise((resolve) => { floorWorker.onmessage = (e) => resolve(e.data); floorWorker.postMessage({ card, count: saves }); });
    floorMs.sort((a, b) => a - b);
    const floor = { p50: floorMs[Math.floor(0.5 * (floorMs.length - 1))], p99: floorMs[Math.floor(0.99 * (floorMs.length - 1))], max: floorMs[floorMs.length - 1] };
    return { info, bytes: card.length, tight, spaced, floor };
  }, { saves, saveSql });
  console.log(`# ${new Date().toISOString()} Chromium ${browser.version()}, store: ${result.info.where}`);
  console.log(`== browser autosave of a ${(result.bytes / 1000).toFixed(1)} kB card, ${saves} saves (target p99 <= 30 ms)`);
  for (const [name, r] of [['saves back to back', result.tight], ['saves 20 ms apart', result.spaced],
                           ['baseline: OPFS write+flush', result.floor]])
    console.log(`${name.padEnd(27)} p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   max ${r.max.toFixed(2)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
