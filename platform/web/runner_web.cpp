// The web runner: SDL2 + WebGL2 under Emscripten, in the browser's frame loop.
//
// Implements:
//  [X] emscripten_set_main_loop_arg with the same FramePacer as native: an idle page does not
//      redraw (WebGL keeps the last frame on the canvas until we draw again)
//  [X] HiDPI (canvas backing store at devicePixelRatio) and CSS-driven resizing, both by SDL
//  [X] Touch as touch (SDL synthesises mouse events marked SDL_TOUCH_MOUSEID)
//  [X] A first-frame signal and the item registry / app state exposed to JS (js_bridge.h)
//  [X] The DOM input bridge for phone keyboards (TextInputBridge, web/idekort-text-bridge.js)
//  [X] The device store: sqlite-wasm on OPFS in a Worker (web_sql_executor.h)
//  [X] The sync engine on fetch (fetch_transport.h), configured by the page (js_bridge.h),
//      retrying at once on the browser's online event
#include "platform/frame_pacer.h"
#include "platform/runner.h"
#include "platform/sdl/sdl_session.h"
#include "platform/web/js_bridge.h"
#include "platform/web/fetch_transport.h"
#include "platform/web/web_sql_executor.h"

#include "app/core/semantic_item.h"
#include "app/core/sync_engine.h"

#include <cereal/archives/json.hpp> // RapidJSON's configuration, the same in every file
#include <rapidjson/document.h>

#include <emscripten/emscripten.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace idekort::platform {

namespace {

// Everything the browser's frame loop needs; it lives for the page's lifetime.
struct WebLoop {
    SdlSession session;
    Application* app = nullptr;
    FramePacer pacer;
    double started_ms = 0;
    double last_frame_s = 0;
    long long frame_number = 0;
    Connection told_connection = Connection::Unknown;   // last told to the page
};

WebLoop* g_loop = nullptr;
std::optional<PackedAssets> g_assets; // set by idekort_load_asset_pack before main()
std::optional<WebSqlExecutor> g_store; // set by idekort_db_ready before main()
FetchTransport g_transport;
std::optional<SyncEngine> g_sync;      // when there is a store

// The page's sync configuration (idekort_js_sync_config): a deployment submission key.
SyncSettings page_sync_settings() {
    SyncSettings s;
    char* json = idekort_js_sync_config();
    rapidjson::Document doc;
    doc.Parse(json);
    std::free(json);
    if (!doc.HasParseError() && doc.IsObject()) {
        if (doc.HasMember("server") && doc["server"].IsString()) s.server_url = doc["server"].GetString();
        if (doc.HasMember("key") && doc["key"].IsString()) s.credential = doc["key"].GetString();
    }
    s.credential_kind = CredentialKind::SubmissionKey;
    return s;
}

// The DOM input bridge's C++ half: tells the page where the edited field is, and keeps the
// page's edit until the app's next frame takes it.
class WebTextBridge final : public TextInputBridge {
public:
    void focus_changed(const TextFieldFocus& f) override {
        idekort_js_text_focus(f.field_id, f.rect.x, f.rect.y, f.rect.width, f.rect.height, f.text.c_str(), f.cursor,
                              static_cast<int>(f.kind));
    }
    bool take_edit(TextFieldEdit& out) override {
        if (!m_waiting) return false;
        out = std::move(m_edit);
        m_waiting = false;
        return true;
    }
    void receive(TextFieldEdit edit) {
        m_edit = std::move(edit);
        m_waiting = true;
    }

private:
    TextFieldEdit m_edit;
    bool m_waiting = false;
};
WebTextBridge g_text_bridge;

void tick(void* arg) {
    WebLoop& loop = *static_cast<WebLoop*>(arg);
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        loop.pacer.on_input();
        loop.session.process_event(event, *loop.app); // a browser tab has no "quit"
    }
    if (g_store && g_store->deliver() > 0) loop.pacer.on_input(); // a store answer may change the screen
    if (g_transport.deliver() > 0) loop.pacer.on_input();          // so may a card's arrival
    if (g_sync) {
        g_sync->tick();
        // The page's offline notice follows the engine's view of the server, not navigator.onLine
        // (a captive portal is "online" to the browser).
        const Connection connection = g_sync->status().connection;
        if (connection != loop.told_connection && connection != Connection::Unknown) {
            loop.told_connection = connection;
            idekort_js_network_state(connection == Connection::Online ? 1 : 0);
        }
    }
    const double now = (emscripten_get_now() - loop.started_ms) / 1000.0;
    if (!loop.pacer.should_draw(now)) return;
    FrameInput input{now, loop.frame_number == 0 ? 0.0 : now - loop.last_frame_s, loop.frame_number};
    const FrameRequest request = loop.session.draw_frame(*loop.app, input);
    // The browser presents what was drawn when this callback returns; no swap needed.
    loop.pacer.on_frame_drawn(now, request, loop.session.text_input_active());
    loop.last_frame_s = now;
    if (loop.frame_number++ == 0) idekort_js_first_frame(emscripten_get_now() - loop.started_ms);
}

} // namespace

int run(Application& app, const LaunchOptions& options) {
    g_loop = new WebLoop(); // never freed: the page owns the app until it closes
    g_loop->app = &app;
    g_loop->started_ms = emscripten_get_now();
    if (auto opened = g_loop->session.open(options, "web", false); !opened) {
        idekort_js_fatal("webgl2", opened.error().describe().c_str());
        return 1;
    }
    if (!g_assets) {
        idekort_js_fatal("start", "the asset pack was not loaded before main()");
        return 1;
    }
    AppEnvironment env = g_loop->session.environment();
    env.assets = &*g_assets;
    env.store = g_store ? &*g_store : nullptr;
    env.kiosk = options.kiosk;
    env.kiosk_settings = options.kiosk_settings;
    // A browser kiosk draws its own keyboard; everywhere else the device's keyboard is used.
    env.text_input = options.kiosk ? nullptr : &g_text_bridge;
    env.language_changed = [](std::string_view language) { idekort_js_language(std::string(language).c_str()); };
    if (g_store) {
        g_sync.emplace(*g_store, g_transport);
        g_sync->configure(page_sync_settings());
        env.sync = &*g_sync;
    }
    if (auto status = app.init(env); !status) {
        idekort_js_fatal("start", status.error().describe().c_str());
        return 1;
    }
    if (g_sync) {
        g_sync->start();
        idekort_js_watch_network();
    }
    emscripten_set_main_loop_arg(tick, g_loop, 0, false);
    return 0;
}

} // namespace idekort::platform

extern "C" {

EMSCRIPTEN_KEEPALIVE int idekort_load_asset_pack(const char* data, int size) {
    auto pack = idekort::PackedAssets::parse(std::string_view(data, static_cast<std::size_t>(size)));
    if (!pack) {
        idekort_js_fatal("start", pack.error().describe().c_str());
        return 0;
    }
    idekort::platform::g_assets = std::move(pack).value();
    return 1;
}

EMSCRIPTEN_KEEPALIVE void idekort_page_hidden() {
    using idekort::platform::g_loop;
    if (g_loop && g_loop->app) g_loop->app->event(idekort::AppEvent{idekort::AppEventKind::Hidden});
}

EMSCRIPTEN_KEEPALIVE void idekort_db_ready(int durable, const char* where) {
    idekort::platform::g_store.emplace(durable != 0, where ? where : "");
}

EMSCRIPTEN_KEEPALIVE void idekort_db_result(int id, int ok, const char* json) {
    if (idekort::platform::g_store) idekort::platform::g_store->on_result(id, ok != 0, json ? json : "");
}

EMSCRIPTEN_KEEPALIVE void idekort_http_result(int id, int status, const char* headers_json, const char* body, const char* error) {
    idekort::platform::g_transport.on_result(id, status, headers_json, body, error);
}

EMSCRIPTEN_KEEPALIVE void idekort_network_changed(int online) {
    if (idekort::platform::g_sync) idekort::platform::g_sync->network_changed(online != 0);
}

EMSCRIPTEN_KEEPALIVE const char* idekort_sync_status_json() {
    static std::string json;
    json = idekort::platform::g_sync ? idekort::to_json(idekort::platform::g_sync->status()) : "null";
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* idekort_sync_card_json(const char* card_id) {
    static std::string json;
    json = idekort::platform::g_sync ? idekort::to_json(idekort::platform::g_sync->card_state(card_id ? card_id : "")) : "null";
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE void idekort_sync_send_now() {
    if (idekort::platform::g_sync) idekort::platform::g_sync->send_now();
}

EMSCRIPTEN_KEEPALIVE void idekort_text_edit(unsigned field_id, const char* text, int selection_start, int selection_end) {
    using idekort::platform::g_loop;
    idekort::platform::g_text_bridge.receive(idekort::TextFieldEdit{field_id, text ? text : "", selection_start, selection_end});
    if (g_loop) g_loop->pacer.on_input(); // draw the frame that applies it
}

EMSCRIPTEN_KEEPALIVE const char* idekort_items_json() {
    static std::string json;
    using idekort::platform::g_loop;
    json = g_loop && g_loop->app ? idekort::to_json(g_loop->app->semantic_items()) : "[]";
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* idekort_state_json() {
    static std::string json;
    using idekort::platform::g_loop;
    json = g_loop && g_loop->app ? g_loop->app->state_json() : "{}";
    return json.c_str();
}

} // extern "C"

// [SECTION] Download size
// SDL's EGL layer links eglGetProcAddress, and Emscripten's version (libGL's libprocaddr.c)
// references every GL entry point, which puts the whole WebGL binding into idekort.js and
// idekort.wasm. The app never looks GL functions up by name: ImGui's GLES 3 backend and our code
// call them directly. So this definition takes precedence and the lookup answers "not found".
// Consequence: SDL_GL_GetProcAddress returns NULL in the browser build. Measured effect in
// docs/BENCHMARKS.md.
extern "C" void* eglGetProcAddress(const char*) { return nullptr; }
