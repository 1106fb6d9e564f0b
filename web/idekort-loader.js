// idekort-loader.js: boots the wasm app from web/index.html.
// - Checks for WebGL2 before downloading anything, and says so clearly when it is missing.
// - Streams idekort.wasm with a real progress bar and compiles it while it downloads.
// - Exposes window.idekort for tests and diagnostics: firstFrameAt, items(), state(), errors.
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  document.documentElement.lang = /^en\b/i.test(navigator.language || '') ? 'en' : 'da';

  var api = window.idekort = {
    firstFrameAt: null,       // performance.now() when the first frame reached the canvas
    runnerMsToFirstFrame: null,
    errors: [],               // fatal errors shown to the user
    items: function () { return JSON.parse(Module.ccall('idekort_items_json', 'string', [], [])); },
    state: function () { return JSON.parse(Module.ccall('idekort_state_json', 'string', [], [])); },
  };

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

  // Progress over the two downloads: the wasm (streamed here) and the preloaded assets
  // (reported by Emscripten through setStatus).
  var parts = { wasm: [0, 0], data: [0, 0] };
  function showProgress() {
    var loaded = parts.wasm[0] + parts.data[0], total = parts.wasm[1] + parts.data[1];
    if (total > 0) {
      $('progress').value = Math.min(1, loaded / total);
      $('progress-text').textContent = Math.round(loaded / 1024) + ' / ' + Math.round(total / 1024) + ' KB';
    }
  }

  function streamWithProgress(response) {
    var total = Number(response.headers.get('Content-Length')) || 0;
    parts.wasm = [0, total];
    if (!response.body || !total) return response;
    var reader = response.body.getReader();
    var stream = new ReadableStream({
      pull: function (controller) {
        return reader.read().then(function (chunk) {
          if (chunk.done) { controller.close(); return; }
          parts.wasm[0] += chunk.value.byteLength;
          showProgress();
          controller.enqueue(chunk.value);
        });
      },
    });
    return new Response(stream, { headers: { 'Content-Type': 'application/wasm' } });
  }

  window.Module = {
    canvas: $('canvas'),
    instantiateWasm: function (imports, receive) {
      fetch('idekort.wasm', { credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) throw new Error('idekort.wasm: HTTP ' + response.status);
          return WebAssembly.instantiateStreaming(streamWithProgress(response), imports);
        })
        .then(function (result) { receive(result.instance, result.module); })
        .catch(function (e) { fail('load', e && e.message ? e.message : e); });
      return {}; // exports arrive asynchronously through receive()
    },
    setStatus: function (text) {
      var m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
      if (m) { parts.data = [Number(m[1]), Number(m[2])]; showProgress(); }
    },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) { fail('start', what); },
    idekortFirstFrame: function (runnerMs) {
      api.firstFrameAt = performance.now();
      api.runnerMsToFirstFrame = runnerMs;
      performance.mark('idekort-first-frame');
      $('loader').hidden = true;
      $('canvas').focus();
    },
    idekortFatal: function (kind, detail) { fail(kind, detail); },
  };

  var script = document.createElement('script');
  script.src = 'idekort.js';
  script.onerror = function () { fail('load', 'idekort.js could not be loaded'); };
  document.body.appendChild(script);
})();
