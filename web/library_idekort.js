// JS side of platform/web/js_bridge.h (C++ -> JS calls), linked with --js-library.
// Each call forwards to a hook that web/idekort-loader.js puts on Module, so the page decides
// what the user sees; without the loader (e.g. a bare test page) they fall back to the console.
mergeInto(LibraryManager.library, {
  idekort_js_first_frame: function (msSinceRunnerStart) {
    if (Module['idekortFirstFrame']) Module['idekortFirstFrame'](msSinceRunnerStart);
  },
  idekort_js_cursor: function (cssCursor) {
    var canvas = document.getElementById('canvas');
    if (canvas) canvas.style.cursor = UTF8ToString(cssCursor);
  },
  idekort_js_db_run: function (id, batchJson) {
    Module['idekortDb'].run(id, UTF8ToString(batchJson));
  },
  idekort_js_text_focus: function (id, x, y, w, h, text, cursor, kind) {
    if (window['idekortTextBridge']) window['idekortTextBridge'].focus(id >>> 0, x, y, w, h, UTF8ToString(text), cursor, kind);
  },
  // The widgets changed in a way a person notices: the ARIA mirror follows (web/idekort-aria-mirror.js).
  idekort_js_items_changed: function (itemsJson) {
    if (typeof window !== 'undefined' && window['idekortAriaMirror']) window['idekortAriaMirror'].update(UTF8ToString(itemsJson));
  },
  // What the page knows about the device store and the browser's storage, for an about or
  // settings screen: JSON {"durable","reason","where","persisted","timings"} (persisted: true,
  // false, or null while the browser has not answered). The caller frees the string.
  idekort_js_storage_json__deps: ['$stringToNewUTF8'],
  idekort_js_storage_json: function () {
    var storage = (typeof window !== 'undefined' && window.idekort && window.idekort.storage) || {};
    return stringToNewUTF8(JSON.stringify(storage));
  },
  // The sync engine's view of the server: the page shows or hides its offline notice.
  idekort_js_network_state: function (online) {
    if (typeof window !== 'undefined' && window.idekort && window.idekort.setNetworkState) window.idekort.setNetworkState(!!online);
  },
  // The app's language changed ("da", "en"): the page's notices follow it.
  idekort_js_language: function (language) {
    if (typeof window !== 'undefined' && window.idekort && window.idekort.setLanguage) window.idekort.setLanguage(UTF8ToString(language));
  },
  // Another page of the app (the participant's, /workshop/): leaving is a pagehide, which saves.
  idekort_js_open_page: function (path) {
    location.assign(new URL(UTF8ToString(path), location.href).href);
  },
  idekort_js_fatal: function (kind, detail) {
    var k = UTF8ToString(kind), d = UTF8ToString(detail);
    if (Module['idekortFatal']) Module['idekortFatal'](k, d);
    else console.error('idekort: ' + k + ': ' + d);
  },
  // [SECTION] Sync (platform/web/fetch_transport.h)
  idekort_js_http_send: function (id, method, url, headersJson, body, bodyLength, timeoutMs) {
    var m = UTF8ToString(method), u = UTF8ToString(url), h = JSON.parse(UTF8ToString(headersJson));
    var b = (m === 'GET' || m === 'HEAD') ? undefined : Module.HEAPU8.slice(body, body + bodyLength);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, timeoutMs);
    function answer(status, headers, text, error) {
      clearTimeout(timer);
      var ptrs = [JSON.stringify(headers), text, error].map(function (s) {
        var size = Module.lengthBytesUTF8(s) + 1, ptr = Module._malloc(size);
        Module.stringToUTF8(s, ptr, size);
        return ptr;
      });
      Module._idekort_http_result(id, status, ptrs[0], ptrs[1], ptrs[2]);
      ptrs.forEach(function (p) { Module._free(p); });
    }
    // No cookies, no HTTP cache, and no redirects followed: a captive portal's redirect must
    // not turn into somebody else's 200.
    fetch(u, { method: m, headers: h, body: b, signal: controller.signal, cache: 'no-store', credentials: 'omit', redirect: 'manual' })
      .then(function (r) {
        if (r.type === 'opaqueredirect') return answer(0, [], '', 'redirected (a Wi-Fi login page or a proxy)');
        return r.text().then(function (text) {
          var headers = [];
          r.headers.forEach(function (value, name) { headers.push([name, value]); });
          answer(r.status, headers, text, '');
        });
      })
      .catch(function (e) {
        answer(0, [], '', controller.signal.aborted ? 'timed out after ' + timeoutMs + ' ms' : String((e && e.message) || e));
      });
  },
  // [SECTION] Live channel (platform/web/web_live_channel.h): the browser's own WebSocket, one at a
  // time. Each message and the end go to C++ through the function pointer `arrived`; a socket
  // replaced or closed by the app reports nothing more. window.idekort.live says what the socket
  // does, for tests and diagnostics ("connecting", "open", "closed: ...").
  idekort_js_live_open__deps: ['$getWasmTableEntry', 'idekort_js_live_close'],
  idekort_js_live_open: function (generation, url, first, arrived) {
    var u = UTF8ToString(url), f = UTF8ToString(first), call = {{{ makeDynCall('viii', 'arrived') }}};
    var live = Module['idekortLive'] || (Module['idekortLive'] = {});
    function state(s) { if (window.idekort) window.idekort.live = s; }
    function tell(closed, text) {
      if (live.generation !== generation) return;
      if (closed) { live.generation = 0; live.socket = null; state('closed: ' + text); }
      var size = Module.lengthBytesUTF8(text) + 1, ptr = Module._malloc(size);
      Module.stringToUTF8(text, ptr, size);
      call(generation, closed ? 1 : 0, ptr);
      Module._free(ptr);
    }
    _idekort_js_live_close();
    live.generation = generation;
    var socket;
    // A refused address (an https page's ws://) throws here: it ends as a close, after this call.
    try { socket = new WebSocket(u); } catch (e) {
      setTimeout(function () { tell(true, 'refused: ' + ((e && e.message) || e)); }, 0);
      return;
    }
    live.socket = socket;
    state('connecting');
    // A lost network leaves a socket "open" in the browser until TCP gives up, minutes later, and
    // the wall would wait on it, stale. The browser's offline event ends it at once: the wall polls
    // (and says it is offline) and opens it again, from its revision, once the network is back.
    if (!live.watching) {
      live.watching = true;
      addEventListener('offline', function () { if (live.close) live.close('the browser went offline'); });
    }
    live.close = function (why) {
      if (live.socket !== socket) return;
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close();
      tell(true, why);
    };
    socket.onopen = function () { state('open'); socket.send(f); };
    socket.onmessage = function (e) { if (typeof e.data === 'string') tell(false, e.data); };
    // A proxy that refuses the upgrade, a dropped network, the server's close: all end here.
    socket.onclose = function (e) { tell(true, 'closed (' + e.code + (e.reason ? ', ' + e.reason : '') + ')'); };
  },
  idekort_js_live_close: function () {
    var live = Module['idekortLive'];
    if (!live || !live.socket) return;
    var socket = live.socket;
    live.socket = null;
    live.generation = 0;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close();
  },
  // [SECTION] Assets fetched on need (the extra glyphs): the hashed URL from idekort-pwa.js.
  // [SECTION] Exports (the office dashboard's CSV and PNG): a download through a Blob. The page's
  // window.idekort.lastDownload says what went, for tests.
  idekort_js_download: function (name, mime, data, length) {
    var n = UTF8ToString(name);
    var blob = new Blob([HEAPU8.slice(data, data + length)], { type: UTF8ToString(mime) });
    var url = URL.createObjectURL(blob), a = document.createElement('a');
    a.href = url; a.download = n; a.style.display = 'none';
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    if (window.idekort) window.idekort.lastDownload = { name: n, size: blob.size };
  },
  idekort_js_download_canvas: function (name) {
    var n = UTF8ToString(name), canvas = Module['canvas'];
    if (!canvas || !canvas.toBlob) return 0;
    canvas.toBlob(function (blob) {
      if (!blob) return;
      var url = URL.createObjectURL(blob), a = document.createElement('a');
      a.href = url; a.download = n; a.style.display = 'none';
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      if (window.idekort) window.idekort.lastDownload = { name: n, size: blob.size, width: canvas.width, height: canvas.height };
    }, 'image/png');
    return 1;
  },
  idekort_js_fetch_asset: function (id, name) {
    var n = UTF8ToString(name);
    var url = (window.idekortPwa && window.idekortPwa.url) ? window.idekortPwa.url(n) : n;
    function answer(bytes, error) {
      var data = 0, size = 0, e = 0;
      if (bytes) { size = bytes.length; data = Module._malloc(size || 1); Module.HEAPU8.set(bytes, data); }
      else { var length = Module.lengthBytesUTF8(error) + 1; e = Module._malloc(length); Module.stringToUTF8(error, e, length); }
      Module._idekort_asset_result(id, data, size, e);
      if (data) Module._free(data);
      if (e) Module._free(e);
    }
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r.arrayBuffer();
      })
      .then(function (buffer) {
        answer(new Uint8Array(buffer), '');
        // A page the service worker does not control yet (a first visit) fetched past it: ask it
        // to keep the file, so the glyphs are there offline too.
        if (navigator.serviceWorker) {
          navigator.serviceWorker.ready.then(function (reg) {
            if (reg.active) reg.active.postMessage({ type: 'keep', url: url });
          });
        }
      })
      .catch(function (e) { answer(null, String((e && e.message) || e)); });
  },
  idekort_js_watch_network: function () {
    addEventListener('online', function () { Module._idekort_network_changed(1); });
    addEventListener('offline', function () { Module._idekort_network_changed(0); });
  },
  idekort_js_sync_config: function () {
    var c = globalThis.idekortSyncConfig || {};
    function meta(name) {
      var el = typeof document !== 'undefined' && document.querySelector('meta[name="' + name + '"]');
      return el ? el.getAttribute('content') || '' : '';
    }
    var key = c.key || meta('idekort-submission-key');
    var server = c.server || meta('idekort-server') || (key ? location.origin : '');
    // origin: the page's own server, where a workshop's join link (/?workshop=CODE) leads.
    var s = JSON.stringify({ server: server, key: key, origin: location.origin });
    var size = Module.lengthBytesUTF8(s) + 1, ptr = Module._malloc(size);
    Module.stringToUTF8(s, ptr, size);
    return ptr;
  },
});
