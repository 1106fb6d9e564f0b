// idekort-loader.js: boots the wasm app from web/index.html.
// - Checks for WebGL2 before downloading anything, and says so clearly when it is missing.
// - Streams idekort.wasm with a real progress bar and compiles it while it downloads; fetches
//   the asset pack (strings, fonts) alongside and hands it to C++ before main() runs.
// - Starts the store worker (idekort-db-worker.js: sqlite-wasm on OPFS) and relays SQL between
//   it and C++; asks for persistent storage and keeps the answer in window.idekort.storage.
// - Exposes window.idekort for tests and diagnostics: firstFrameAt, items(), state(), errors,
//   storage; and performance marks idekort-wasm-ready, idekort-store-ready, idekort-first-frame
//   (bench/web_load_bench.mjs reads them).
// - Started by idekort-pwa.js, which maps file names to this build's hashed URLs (shellUrl)
//   and is told of the first frame and of the storage (tellPwa) to show its notices.
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  document.documentElement.lang = /^en\b/i.test(navigator.language || '') ? 'en' : 'da';

  var api = window.idekort = {
    firstFrameAt: null,       // performance.now() when the first frame reached the canvas
    runnerMsToFirstFrame: null,
    errors: [],               // fatal errors shown to the user
    storage: { durable: null, where: null, reason: null, persisted: null },
    items: function () { return JSON.parse(Module.ccall('idekort_items_json', 'string', [], [])); },
    state: function () { return JSON.parse(Module.ccall('idekort_state_json', 'string', [], [])); },
  };

  // [SECTION] The PWA layer (idekort-pwa.js): this build's file URLs, and the moments it needs.
  function shellUrl(name) { return window.idekortPwa ? window.idekortPwa.url(name) : name; }
  function shellSize(name) { return window.idekortPwa ? window.idekortPwa.size(name) : 0; }
  function tellPwa(what) { if (window.idekortPwa && window.idekortPwa[what]) window.idekortPwa[what](api); }

  function fail(kind, detail) {
    api.errors.push({ kind: kind, detail: String(detail || '') });
    $('loader').hidden = true;
    var blocks = document.querySelectorAll('[data-error]');
    for (var i = 0; i < blocks.length; i++) blocks[i].hidden = blocks[i].getAttribute('data-error') !== kind;
    $('error-detail').textContent = detail ? String(detail) : '';
    $('error').hidden = false;
  }

  var probe = document.createElement('canvas');
  if (!probe.getContext('webgl2')) { fail('webgl2', 'WebGL2 context unavailable'); return; }

  // Progress over the two downloads, both counted here as their bytes arrive.
  var parts = { wasm: [0, 0], assets: [0, 0] };
  function showProgress() {
    var loaded = parts.wasm[0] + parts.assets[0], total = parts.wasm[1] + parts.assets[1];
    if (total > 0) {
      $('progress').value = Math.min(1, loaded / total);
      $('progress-text').textContent = Math.round(loaded / 1024) + ' / ' + Math.round(total / 1024) + ' KB';
    }
  }

  // A Response whose body counts into parts[part] as it is read. The size comes from the build
  // (Content-Length is the compressed size when the server sends brotli or gzip).
  function counted(response, part, contentType, name) {
    if (!response.ok) throw new Error(response.url + ': HTTP ' + response.status);
    var total = shellSize(name) || Number(response.headers.get('Content-Length')) || 0;
    parts[part] = [0, total];
    if (!response.body || !total) return response;
    var reader = response.body.getReader();
    var stream = new ReadableStream({
      pull: function (controller) {
        return reader.read().then(function (chunk) {
          if (chunk.done) { controller.close(); return; }
          parts[part][0] += chunk.value.byteLength;
          showProgress();
          controller.enqueue(chunk.value);
        });
      },
    });
    return new Response(stream, { headers: { 'Content-Type': contentType } });
  }

  var assets = fetch(shellUrl('idekort-assets.pack'), { credentials: 'same-origin' })
    .then(function (response) { return counted(response, 'assets', 'application/octet-stream', 'idekort-assets.pack').arrayBuffer(); });
  assets.catch(function () {}); // reported where it is awaited

  // [SECTION] The store worker. Started now, so it opens the database while the wasm loads.
  function cString(text) {
    var size = Module.lengthBytesUTF8(text) + 1;
    var ptr = Module._malloc(size);
    Module.stringToUTF8(text, ptr, size);
    return ptr;
  }
  var dbWorker = null;
  var dbReady = new Promise(function (resolve) {
    try {
      dbWorker = new Worker(shellUrl('idekort-db-worker.js'), { type: 'module' });
    } catch (e) {
      resolve({ durable: false, reason: 'failed', where: 'no store: ' + e.message });
      return;
    }
    dbWorker.addEventListener('error', function (e) {
      resolve({ durable: false, reason: 'failed', where: 'no store: the worker failed (' + (e.message || 'unknown') + ')' });
    });
    dbWorker.addEventListener('message', function (e) {
      var m = e.data;
      if (m.type === 'ready') { performance.mark('idekort-store-ready'); resolve(m); return; }
      if (m.type !== 'result') return;
      var json = m.ok ? JSON.stringify(m.rows) : JSON.stringify({ error: m.error, where: m.where });
      var ptr = cString(json);
      Module._idekort_db_result(m.id, m.ok ? 1 : 0, ptr);
      Module._free(ptr);
    });
  });
  // A hidden tab gets no frames and may be discarded without another event: let C++ save now.
  function pageHidden() { if (Module._idekort_page_hidden && api.firstFrameAt !== null) Module._idekort_page_hidden(); }
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') pageHidden(); });
  window.addEventListener('pagehide', pageHidden);

  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().then(function (granted) { api.storage.persisted = granted; tellPwa('storageKnown'); },
                                     function () { api.storage.persisted = false; tellPwa('storageKnown'); });
  }

  // main() waits for the asset pack only (C++ reads its strings and fonts at start-up). The store
  // worker opens the database meanwhile; the app draws at once, says "opening the device store"
  // until the worker answers, and its first requests wait in the worker's queue, so no keystroke
  // typed meanwhile is lost. A returning visit (service worker, warm caches) is then never
  // slower than a first one because OPFS happened to answer late.
  function startWithAssets() {
    performance.mark('idekort-wasm-ready');
    assets.then(function (pack) {
      var bytes = new Uint8Array(pack);
      var ptr = Module._malloc(bytes.length);
      Module.HEAPU8.set(bytes, ptr);
      var ok = Module._idekort_load_asset_pack(ptr, bytes.length);
      Module._free(ptr);
      if (!ok) return;
      // The browser is the web channel; ?kiosk turns a wall-mounted tablet into a kiosk: the
      // on-screen keyboard, the attract screen and the idle wipe, as in the native kiosk.
      var args = ['--channel', 'web'];
      var query = new URLSearchParams(location.search);
      if (/[?&]kiosk(=1|=true)?(&|$)/.test(location.search)) args.push('--kiosk');
      // ?idle=SECONDS: a tablet kiosk's quiet time before "Er du der stadig?" (a busy lobby may
      // want less than 90). Held to the app's 5-3600 here: a mistyped link still opens the app.
      var idle = parseInt(query.get('idle') || '', 10);
      if (idle > 0) args.push('--idle-timeout', String(Math.min(3600, Math.max(5, idle))));
      // The workshop's join link (the QR code on the wall): /workshop/?workshop=CODE (issue 16),
      // the participant's page; with the code empty, the page where it is typed.
      if (query.has('workshop')) args.push('--workshop', query.get('workshop'));
      Module.callMain(args);
      return dbReady.then(function (db) {
        api.storage.durable = !!db.durable;
        api.storage.where = db.where;
        api.storage.reason = db.reason || null;
        api.storage.timings = db.timings || null;
        tellPwa('storageKnown');
        var where = cString(db.where || '');
        // 1: durable (OPFS); 2: memory only because another tab holds the store; 0: memory only.
        Module._idekort_db_ready(db.durable ? 1 : db.reason === 'other-tab' ? 2 : 0, where);
        Module._free(where);
      });
    }).catch(function (e) { fail('load', e && e.message ? e.message : e); });
  }

  window.Module = {
    canvas: $('canvas'),
    instantiateWasm: function (imports, receive) {
      fetch(shellUrl('idekort.wasm'), { credentials: 'same-origin' })
        .then(function (response) {
          return WebAssembly.instantiateStreaming(counted(response, 'wasm', 'application/wasm', 'idekort.wasm'), imports);
        })
        .then(function (result) { receive(result.instance, result.module); })
        .catch(function (e) { fail('load', e && e.message ? e.message : e); });
      return {}; // exports arrive asynchronously through receive()
    },
    noInitialRun: true,
    onRuntimeInitialized: startWithAssets,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) { fail('start', what); },
    idekortFirstFrame: function (runnerMs) {
      api.firstFrameAt = performance.now();
      api.runnerMsToFirstFrame = runnerMs;
      performance.mark('idekort-first-frame');
      $('loader').hidden = true;
      $('canvas').focus();
      tellPwa('firstFrame');
    },
    idekortFatal: function (kind, detail) { fail(kind, detail); },
    idekortDb: {
      run: function (id, batchJson) {
        if (dbWorker) { dbWorker.postMessage({ id: id, batch: JSON.parse(batchJson) }); return; }
        var ptr = cString(JSON.stringify({ error: 'no store in this browser', where: 'store' }));
        Module._idekort_db_result(id, 0, ptr);
        Module._free(ptr);
      },
    },
  };

  var script = document.createElement('script');
  script.src = shellUrl('idekort.js');
  script.onerror = function () { fail('load', 'idekort.js could not be loaded'); };
  document.body.appendChild(script);
})();
