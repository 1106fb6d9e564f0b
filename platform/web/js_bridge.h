// Every call between C++ and the page's JavaScript, in one place (after Godot's godot_js.h).
// The JS side is web/library_idekort.js (linked with --js-library) and web/idekort-loader.js,
// which defines the Module hooks these forward to.
//
// C++ -> JS: declared here, implemented in web/library_idekort.js.
// JS -> C++: exported functions (EMSCRIPTEN_KEEPALIVE), defined in runner_web.cpp and listed in
//            app/CMakeLists.txt's EXPORTED_FUNCTIONS.
#pragma once

extern "C" {

// [SECTION] C++ -> JS

// The first frame is on the canvas: the page hides the loader and records the time
// (window.idekort.firstFrameAt and a performance mark "idekort-first-frame").
void idekort_js_first_frame(double ms_since_runner_start);

// The mouse cursor ImGui asks for, as a CSS cursor name ("text", "pointer", "default"): the
// page sets it on the canvas.
void idekort_js_cursor(const char* css_cursor);

// The app cannot run (no WebGL2 context, broken assets). `kind` picks the page's message
// ("webgl2", "start"); `detail` is the technical reason, shown small beneath it.
void idekort_js_fatal(const char* kind, const char* detail);

// Sends one batch of SQL (JSON, see web_sql_executor.h) to the store worker. The answer comes
// back through idekort_db_result with the same id.
void idekort_js_db_run(int id, const char* batch_json);

// The text field being edited changed (field_id 0: none): web/idekort-text-bridge.js puts its
// hidden textarea there, so the phone's keyboard, paste, dead keys and IME work. Rect in CSS
// pixels of the canvas, cursor in code points, kind = TextFieldKind.
void idekort_js_text_focus(unsigned field_id, float x, float y, float width, float height, const char* text, int cursor, int kind);

// The device store and the browser's storage as the page knows them, for an about or settings
// screen: JSON {"durable":bool,"reason":"opfs|no-opfs|other-tab|failed","where":"...",
// "persisted":true|false|null,"timings":{...}} (persisted: whether the browser granted persistent
// storage, null until it answers; timings: the store worker's start-up, for diagnostics).
// Returns a malloc'ed string: the caller frees it.
char* idekort_js_storage_json();

// The sync engine's view of the server changed (1: reachable, 0: not, whatever the browser's
// navigator.onLine says): the page shows or hides its offline notice. Until the first call the
// page follows navigator.onLine (web/idekort-pwa.js, window.idekort.setNetworkState).
void idekort_js_network_state(int online);

// The app's language changed ("da" or "en"): the page's own notices (offline, new version) and
// its loading and error texts follow it. Until the first call they follow the browser's language.
void idekort_js_language(const char* language);

// Leaves for another page of the app, `path` relative to this page ("workshop/?workshop=CODE").
void idekort_js_open_page(const char* path);

// One HTTP exchange by fetch() (platform/web/fetch_transport.h). `headers_json` is an object
// of request headers; the body is `body_length` bytes at `body`. The answer comes back through
// idekort_http_result with the same id.
void idekort_js_http_send(int id, const char* method, const char* url, const char* headers_json, const char* body,
                          int body_length, int timeout_ms);

// Hands `length` bytes at `data` to the browser as a download named `name` (a Blob of type
// `mime`): the office dashboard's CSV export.
void idekort_js_download(const char* name, const char* mime, const char* data, int length);

// Downloads the canvas as it was just drawn, as a PNG named `name` (call right after drawing,
// before the frame's callback returns: the canvas is copied at once). Returns 0 when the
// browser cannot (no canvas.toBlob).
int idekort_js_download_canvas(const char* name);

// Starts forwarding the browser's online/offline events to idekort_network_changed.
void idekort_js_watch_network();

// The sync configuration of this deployment as JSON {"server": "...", "key": "...", "origin":
// "..."} (empty strings when not configured; origin: the page's own, where a workshop is joined), from globalThis.idekortSyncConfig or the page's
// <meta name="idekort-server"> / <meta name="idekort-submission-key">; the server defaults to
// the page's own origin. Allocated with malloc; the caller frees it.
char* idekort_js_sync_config();

// Fetches an asset the first download leaves out (the extra glyphs, issue 12 point 4) by its
// name ("glyphs/Symbola-emoji.ttf"), at this build's hashed URL; the bytes or the reason come
// back through idekort_asset_result with the same id. The service worker keeps the file once
// fetched, so it is there offline afterwards.
void idekort_js_fetch_asset(int id, const char* name);

// The widgets changed in a way a person notices (ItemRegistry::generation): the ARIA mirror
// (web/idekort-aria-mirror.js) updates its DOM from `items_json` (semantic_item.h's JSON, CSS
// pixels of the canvas). Never called for hover or a frame that changed nothing.
void idekort_js_items_changed(const char* items_json);

// The live channel (platform/web/web_live_channel.h), only in a product that asked for it: opens
// the browser's WebSocket to `url` (closing the one before), sends `first` once it is open, and
// reports each text message (closed 0) and, last, its end (closed 1, text: why) through
// `arrived`, a C++ function pointer called between frames, with this `generation`.
void idekort_js_live_open(int generation, const char* url, const char* first,
                          void (*arrived)(int generation, int closed, const char* text));
// Closes the socket without reporting its end (the app closed it).
void idekort_js_live_close();

// [SECTION] JS -> C++ (exported)

// Once the store worker has opened its database (before or after main(): the app draws its
// first frame without waiting): condition 1 = durable (OPFS), 2 = memory only because another
// tab holds the store, 0 = memory only for another reason; `where` in words ("OPFS ...",
// "memory only: ...").
void idekort_db_ready(int condition, const char* where);

// The store worker's answer to request `id`: rows JSON when ok, else {"error", "where"}.
void idekort_db_result(int id, int ok, const char* json);

// Hands the asset pack (app/core/asset_source.h) to C++ before main() runs. Returns 1 when it
// parsed; otherwise reports through idekort_js_fatal("start", ...) and returns 0. The bytes are
// copied, so the caller frees its buffer afterwards.
int idekort_load_asset_pack(const char* data, int size);

// The page was hidden or is being left (visibilitychange, pagehide). Called directly, because a
// hidden tab gets no animation frames to run the frame loop in.
void idekort_page_hidden();

// fetch `id` finished: the status (0 when there was no answer, with `error` saying why), the
// response headers as JSON [[name, value], ...] and the body text.
void idekort_http_result(int id, int status, const char* headers_json, const char* body, const char* error);

// The browser's online (1) / offline (0) event.
void idekort_network_changed(int online);

// The sync engine's status as JSON (app/core/sync_engine.h, to_json), for tests and diagnostics.
const char* idekort_sync_status_json();

// A card's sync state as JSON {"phase", "receipt", "reason_key", ...}.
const char* idekort_sync_card_json(const char* card_id);

// "Send now": every waiting card is tried at once.
void idekort_sync_send_now();

// The last frame's widgets as JSON (app/core/semantic_item.h), in CSS pixels of the canvas.
const char* idekort_items_json();

// The ARIA mirror's request for item `item_id`: 0 focus, 1 press or toggle, 2 edit its text
// (AccessibilityAction). Carried out over the next frames.
void idekort_a11y_action(unsigned item_id, int action);

// The person edited the mirrored field in the textarea: its whole new value and selection.
void idekort_text_edit(unsigned field_id, const char* text, int selection_start, int selection_end);

// The app's state as JSON, for tests and diagnostics (never contact details).
const char* idekort_state_json();

// idekort_js_fetch_asset `id` finished: `size` bytes at `data`, or (data null) `error` in words.
// The bytes are copied; the caller frees its buffer afterwards.
void idekort_asset_result(int id, const char* data, int size, const char* error);

} // extern "C"
