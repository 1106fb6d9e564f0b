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
  idekort_js_fatal: function (kind, detail) {
    var k = UTF8ToString(kind), d = UTF8ToString(detail);
    if (Module['idekortFatal']) Module['idekortFatal'](k, d);
    else console.error('idekort: ' + k + ': ' + d);
  },
});
