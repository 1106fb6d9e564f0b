// idekort-db-worker.js: the browser's device store. A dedicated module Worker that runs the
// official sqlite-wasm (@sqlite.org/sqlite-wasm, pinned in package-lock.json) on OPFS with the
// opfs-sahpool VFS, and executes the SQL that C++ (app/core/card_store.cpp) sends it, one batch
// per transaction, in the order received. No SQL is written here: this is only the executor.
//
// Messages, page -> worker: { id, batch: [{ sql, params: [number|string|null, ...] }, ...] }
//                 { id, batch: { scrub: true } }: make deleted data unrecoverable from the files
//                 (the log checkpointed into the database and truncated; deleted content is
//                 zeroed anyway, secure_delete): a kiosk's wiped or received card (issue 13, 11)
// worker -> page: { type: 'ready', durable, reason, where, timings }  once, before any result
//                 reason: 'opfs' | 'no-opfs' | 'other-tab' | 'failed'
//                 timings: ms since the worker started, when sqlite-wasm's glue was imported,
//                 its wasm initialised, the OPFS pool installed and the database opened
//                 (the store is on the start-up path: bench/web_load_bench.mjs prints these)
//                 { type: 'result', id, ok: true, rows: [[row, ...] per statement] }
//                 { type: 'result', id, ok: false, error, where }
// Without OPFS (a private window, an old browser) or when another tab holds the database, the
// worker keeps a database in memory and says so in 'ready', so the app keeps working.
import sqlite3InitModule from './sqlite/index.mjs';

let db = null;
const timings = { imported: Math.round(performance.now()) };

async function openDatabase() {
  const sqlite3 = await sqlite3InitModule({ print: () => {}, printErr: (text) => console.warn(text) });
  timings.initialised = Math.round(performance.now());
  const inMemory = (reason, where) => { db = new sqlite3.oo1.DB(':memory:'); return { durable: false, reason, where }; };
  if (!globalThis.navigator || !navigator.storage || !navigator.storage.getDirectory) {
    return inMemory('no-opfs', 'memory only: this browser has no OPFS');
  }
  try {
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'idekort-store' });
    timings.pool = Math.round(performance.now());
    db = new pool.OpfsSAHPoolDb('/idekort.db');
    // The pool holds the files for this tab alone, so SQLite may keep them exclusively; that
    // allows WAL without shared memory, and WAL commits with one flush. Measured against the
    // default rollback journal: p50 15 -> 7 ms, p99 54 -> 23 ms per save (docs/BENCHMARKS.md).
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    const mode = db.selectValue('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    // Deleted content is overwritten with zeros, so a wiped card does not stay in free pages.
    db.exec('PRAGMA secure_delete = ON');
    return { durable: true, reason: 'opfs', where: `OPFS (opfs-sahpool) /idekort.db, journal ${mode}` };
  } catch (e) {
    // opfs-sahpool holds its files exclusively: a second tab cannot open them.
    const text = `${e && e.name} ${e && e.message}`;
    if (/NoModificationAllowed|InvalidState|createSyncAccessHandle|Access Handle/i.test(text)) {
      return inMemory('other-tab', 'memory only: idekort is open in another tab');
    }
    return inMemory('failed', `memory only: OPFS failed (${text.trim()})`);
  }
}

const ready = openDatabase().then(
  (info) => postMessage({ type: 'ready', ...info, timings: { ...timings, opened: Math.round(performance.now()) } }),
  (e) => postMessage({ type: 'ready', durable: false, reason: 'failed', where: `no store: ${e && e.message ? e.message : e}`, broken: true }));

// Every request gets exactly one answer, whatever fails: C++ waits for it, and a request left
// unanswered would leave autosave saying "saving" for ever (issue 13, point 10). So the BEGIN is
// inside the try (it throws on an I/O error, a full disk, or a transaction left open), and the
// message handler answers even when the batch itself is not one.
function runBatch(batch) {
  const results = [];
  let statement = 0;
  let begun = false;
  try {
    db.exec('BEGIN IMMEDIATE');
    begun = true;
    for (; statement < batch.length; statement++) {
      const { sql, params } = batch[statement];
      const rows = [];
      db.exec({ sql, bind: params && params.length ? params : undefined, rowMode: 'array', resultRows: rows });
      results.push(rows);
    }
    db.exec('COMMIT');
    return { ok: true, rows: results };
  } catch (e) {
    if (begun) { try { db.exec('ROLLBACK'); } catch (_) { /* the transaction is gone already */ } }
    return { ok: false, error: String(e && e.message ? e.message : e), where: begun ? `statement ${statement + 1}` : 'begin' };
  }
}

// The log into the database, then cut to nothing: what secure_delete zeroed in the pages is then
// all that is left of a deleted row. Outside any transaction (a checkpoint cannot run in one).
function scrubFiles() {
  try {
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return { ok: true, rows: [] };
  } catch (e) {
    return { ok: false, error: String(e && e.message ? e.message : e), where: 'scrub' };
  }
}

onmessage = async (event) => {
  const id = event.data && event.data.id;
  let outcome;
  try {
    await ready;
    const batch = event.data.batch;
    if (batch && batch.scrub === true) outcome = db ? scrubFiles() : { ok: false, error: 'no store in this browser', where: 'store' };
    else if (!Array.isArray(batch)) outcome = { ok: false, error: 'the request has no batch of statements', where: 'request' };
    else outcome = db ? runBatch(batch) : { ok: false, error: 'no store in this browser', where: 'store' };
  } catch (e) {
    outcome = { ok: false, error: String(e && e.message ? e.message : e), where: 'worker' };
  }
  postMessage({ type: 'result', id, ...outcome });
};
