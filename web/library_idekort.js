// JS side of platform/web/js_bridge.h (C++ -> JS calls), linked with --js-library.
// Each call forwards to a hook that web/idekort-loader.js puts on Module, so the page decides
// what the user sees; without the loader (e.g. a bare test page) they fall back to the console.
mergeInto(LibraryManager.library, {
  idekort_js_first_frame: function (msSinceRunnerStart) {
    if (Module['idekortFirstFrame']) Module['idekortFirstFrame'](msSinceRunnerStart);
  },
  idekort_js_db_run: function (id, batchJson) {
    Module['idekortDb'].run(id, UTF8ToString(batchJson));
  },
  idekort_js_text_focus: function (id, x, y, w, h, text, cursor, kind) {
    if (window['idekortTextBridge']) window['idekortTextBridge'].focus(id >>> 0, x, y, w, h, UTF8ToString(text), cursor, kind);
  },
  idekort_js_fatal: function (kind, detail) {
    var k = UTF8ToString(kind), d = UTF8ToString(detail);
    if (Module['idekortFatal']) Module['idekortFatal'](k, d);
    else console.error('idekort: ' + k + ': ' + d);
  },
});
