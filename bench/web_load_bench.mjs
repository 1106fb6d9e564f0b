// Web app load benchmark (issue 7): the real web build served by idekort-server on loopback, in
// Debian's Chromium (playwright-core), as a first-time visitor and as a returning one.
//   cold: a fresh browser profile (empty HTTP cache, no service worker). Time to the first frame
//         (window.idekort.firstFrameAt: performance.now() when C++ signalled its first frame,
//         i.e. milliseconds since the navigation started), and the bytes the server sent for
//         the whole first visit, counted from its request log (headers included): the page, the
//         wasm, the asset pack, sqlite-wasm, and what the service worker's install fetched.
//   warm: a returning visit: the page closed, a new tab on the same profile opens the app from
//         the service worker's cache. Time to the first frame, and where it went: when the
//         store worker (sqlite-wasm on OPFS) was ready, and the C++ runner's own part.
// Prints a table and the medians; docs/BENCHMARKS.md records them. No pass/fail: figures only.
// Usage: NODE_PATH=/usr/share/nodejs node bench/web_load_bench.mjs [runs]   (default 7)
// Needs the web-release build and idekort-server (IDEKORT_SERVER_BIN, default native-release).
// IDEKORT_WEB_BASELINE_DIR=<another build's web folder> measures that build too, alternating run
// by run in the same browser and server process, so both see the same load (side by side).
import { launchBrowser, startServer, waitForFirstFrame, waitForServiceWorker, webDir } from '../tests/web/support.mjs';

const runs = Number(process.argv[2] || 7);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function quiet(server, ms = 500) { // until the server has seen no request for `ms`
  for (let count = -1; count !== server.requests().length;) {
    count = server.requests().length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

const builds = [{ name: 'this build', root: webDir }];
if (process.env.IDEKORT_WEB_BASELINE_DIR) builds.push({ name: 'baseline', root: process.env.IDEKORT_WEB_BASELINE_DIR });
for (const b of builds) { b.server = await startServer({ root: b.root }); b.rows = []; }
const browser = await launchBrowser();
try {
  for (let run = 0; run < runs; run++) {
    for (const build of (run % 2 ? [...builds].reverse() : builds)) {
      const server = build.server;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const encodings = new Set();
      page.on('response', (r) => { const e = r.headers()['content-encoding']; if (e) encodings.add(e); });
      await quiet(server, 200);
      const first = server.requests().length;
      await page.goto(server.url);
      await waitForFirstFrame(page);
      const cold = await page.evaluate(() => window.idekort.firstFrameAt);
      await waitForServiceWorker(page);
      await quiet(server);
      const visit = server.requests().slice(first);
      const total = visit.reduce((sum, r) => sum + r.bytes, 0);

      await page.close();
      const again = await context.newPage();
      await again.goto(server.url);
      await waitForFirstFrame(again);
      // The store may answer after the first frame now: wait for its mark, then read the marks.
      await again.waitForFunction(() => performance.getEntriesByName('idekort-store-ready').length > 0, null, { timeout: 30000 });
      const { warm, runner, store, marks, controlled } = await again.evaluate(() => ({ warm: window.idekort.firstFrameAt,
        runner: window.idekort.runnerMsToFirstFrame, store: window.idekort.storage.timings, controlled: !!navigator.serviceWorker.controller,
        marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('idekort-', ''), Math.round(m.startTime)])) }));
      build.rows.push({ cold, warm, total, runner, wasmReady: marks['wasm-ready'], storeReady: marks['store-ready'],
        frameBeforeStore: marks['first-frame'] < marks['store-ready'] ? 1 : 0 });
      console.log(`${build.name}, run ${run + 1}: cold first frame ${cold.toFixed(0)} ms, warm (service worker${controlled ? '' : ' MISSING'}) ` +
        `${warm.toFixed(0)} ms; first visit ${(total / 1000).toFixed(1)} kB in ${visit.length} requests` +
        `, sent as ${[...encodings].join('+') || 'identity'}\n  warm marks (ms since navigation) ${JSON.stringify(marks)}; ` +
        `store worker (ms since it started) ${JSON.stringify(store)}; C++ runner start to first frame ${runner.toFixed(0)} ms`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const b of builds) await b.server.stop();
}
console.log(`median (min-max) of ${runs} runs each, load average now ${(await import('node:os')).loadavg()[0].toFixed(1)}:`);
for (const { name, rows } of builds) {
  const stat = (key, unit = 'ms') => { const xs = rows.map((r) => r[key]);
    return `${median(xs).toFixed(0)} ${unit} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`; };
  console.log(`${name}:`);
  console.log(`  cold first frame ${stat('cold')} (target <= 800 ms); warm first frame ${stat('warm')} (target <= 300 ms; <= cold)`);
  console.log(`  warm: wasm ready ${stat('wasmReady')}, store ready ${stat('storeReady')}, C++ runner start to first frame ${stat('runner')}`);
  console.log(`  warm runs whose first frame came before the store was ready: ${rows.filter((r) => r.frameBeforeStore).length} of ${rows.length}`);
  console.log(`  first-visit transfer ${(median(rows.map((r) => r.total)) / 1000).toFixed(1)} kB (target <= 1200 kB)`);
}
