// The web runner: WebGL2 and the page's events under Emscripten (web_session.h; no SDL in the
// browser), in the browser's frame loop.
//
// Implements:
//  [X] emscripten_set_main_loop_arg with the same FramePacer as native: an idle page does not
//      redraw (WebGL keeps the last frame on the canvas until we draw again)
//  [X] HiDPI (canvas backing store at devicePixelRatio) and CSS-driven resizing (WebSession)
//  [X] Touch as touch (WebSession: the first finger is ImGui's pointer, as a touchscreen)
//  [X] A first-frame signal and the item registry / app state exposed to JS (js_bridge.h)
//  [X] The ARIA mirror: the widgets pushed to web/idekort-aria-mirror.js when they change in a
//      way a person notices (never on a mouse move), and its actions back (idekort_a11y_action)
//  [X] The DOM input bridge for phone keyboards (TextInputBridge, web/idekort-text-bridge.js)
//  [X] Capabilities for the app: the device store (sqlite-wasm on OPFS in a Worker,
//      web_sql_executor.h), usable before the worker has opened it, so the first frame never
//      waits for the store; HTTP on fetch (fetch_transport.h); the page's settings (the sync
//      configuration, js_bridge.h); the browser's online/offline events as app events
//  [X] The app's reports and commands exported to the page and its tests (idekort_sync_*)
//  [X] Exports (save_file, save_frame_png) when the product asks for them (offer_file_exports,
//      web/file_exports_web.cpp): after each frame drawn, the hook there copies the canvas
//  [X] The live channel (AppEnvironment::live, the browser's WebSocket) when the product asks
//      for it (offer_live_channel, web/web_live_channel.h): an arrival wakes the loop
//      (wake_web_loop), and the hook after the frame delivers it (web/web_product_hooks.h)
#include "platform/frame_pacer.h"
#include "platform/runner.h"
#include "platform/web/js_bridge.h"
#include "platform/web/fetch_transport.h"
#include "platform/web/web_sql_executor.h"
#include "platform/web/web_product_hooks.h"
#include "platform/web/web_session.h"

#include "app/core/semantic_item.h"

#include <emscripten/emscripten.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace idekort::platform {

WebProductHooks web_product_hooks;   // empty until the product asks (offer_file_exports, offer_live_channel)

namespace {

// Everything the browser's frame loop needs; it lives for the page's lifetime.
struct WebLoop {
    WebSession session;
    Application* app = nullptr;
    FramePacer pacer;
    double started_ms = 0;
    double last_frame_s = 0;
    long long frame_number = 0;
    double app_due = 0;   // when app.update() has work again (seconds since start)
    std::uint64_t mirrored_generation = 0;   // the item generation the ARIA mirror shows
};

WebLoop* g_loop = nullptr;
std::optional<PackedAssets> g_assets; // set by idekort_load_asset_pack before main()
WebSqlExecutor g_store;                // opened by the worker; idekort_db_ready says how
FetchTransport g_transport;

// The page's settings (idekort_js_sync_config): JSON {"server", "key"}.
std::string page_settings() {
    char* json = idekort_js_sync_config();
    std::string text = json ? json : "";
    std::free(json);
    return text;
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

// Assets fetched on need (AppEnvironment::fetch_asset): the callbacks waiting for the page.
std::map<int, std::function<void(Expected<std::string>)>> g_asset_requests;
int g_next_asset_request = 1;

void tick(void* arg) {
    WebLoop& loop = *static_cast<WebLoop*>(arg);
    // The page's events were handed to ImGui as they came (WebSession); a resize or zoom fits
    // the canvas now, before the frame that is laid out for it.
    loop.session.refresh_display_scale(*loop.app);
    if (loop.session.take_input()) loop.pacer.on_input();
    if (g_store.deliver() > 0) loop.pacer.on_input();      // a store answer may change the screen
    if (g_transport.deliver() > 0) loop.pacer.on_input();  // so may a card's arrival
    const double now = (emscripten_get_now() - loop.started_ms) / 1000.0;
    // The browser calls us every animation frame anyway; update() is cheap when nothing is due.
    if (now >= loop.app_due || loop.pacer.should_draw(now)) loop.app_due = now + loop.app->update(now);
    if (!loop.pacer.should_draw(now)) return;
    FrameInput input{now, loop.frame_number == 0 ? 0.0 : now - loop.last_frame_s, loop.frame_number};
    const FrameRequest request = loop.session.draw_frame(*loop.app, input);
    // The product's hooks: an exported picture is copied now, a live message delivered (it woke
    // this frame); either may change what the next frame shows.
    if (web_product_hooks.after_frame && web_product_hooks.after_frame()) loop.pacer.on_input();
    // The browser presents what was drawn when this callback returns; no swap needed.
    loop.pacer.on_frame_drawn(now, request, loop.session.text_input_active(), loop.session.input_pending());
    loop.last_frame_s = now;
    if (const std::uint64_t generation = loop.app->semantic_generation(); generation != loop.mirrored_generation) {
        loop.mirrored_generation = generation;
        idekort_js_items_changed(to_json(loop.app->semantic_items()).c_str());
    }
    if (loop.frame_number++ == 0) idekort_js_first_frame(emscripten_get_now() - loop.started_ms);
}

} // namespace

void wake_web_loop() {
    if (g_loop) g_loop->pacer.on_input();
}

int run(Application& app, const RunnerOptions& options) {
    g_loop = new WebLoop(); // never freed: the page owns the app until it closes
    g_loop->app = &app;
    g_loop->started_ms = emscripten_get_now();
    // A page does not make itself fullscreen (outside a user's gesture Chromium refuses): a
    // browser kiosk is fullscreen because the browser runs in its own kiosk mode (chromium
    // --kiosk); the app's kiosk behaviour (attract screen, idle wipe, own keyboard) does not
    // need it. So options.fullscreen means nothing here.
    if (auto opened = g_loop->session.open(options, "web"); !opened) {
        idekort_js_fatal("webgl2", opened.error().describe().c_str());
        return 1;
    }
    if (!g_assets) {
        idekort_js_fatal("start", "the asset pack was not loaded before main()");
        return 1;
    }
    AppEnvironment env = g_loop->session.environment();
    env.assets = &*g_assets;
    env.store = &g_store;
    env.http = &g_transport;
    env.text_input = &g_text_bridge;   // a browser kiosk may choose its own keyboard instead
    env.page_settings_json = page_settings();
    env.language_changed = [](std::string_view language) { idekort_js_language(std::string(language).c_str()); };
    // The page's offline notice follows the app's view of the server, not navigator.onLine (a
    // captive portal is "online" to the browser).
    env.server_reachable = [](bool online) { idekort_js_network_state(online ? 1 : 0); };
    env.open_page = [](std::string path) { idekort_js_open_page(path.c_str()); };
    // The extra glyphs are not in the first download: the page fetches them when text needs them.
    env.fetch_asset = [](std::string name, std::function<void(Expected<std::string>)> done) {
        const int id = g_next_asset_request++;
        g_asset_requests.emplace(id, std::move(done));
        idekort_js_fetch_asset(id, name.c_str());
    };
    if (web_product_hooks.offer) web_product_hooks.offer(env);
    if (auto status = app.init(env); !status) {
        idekort_js_fatal("start", status.error().describe().c_str());
        return 1;
    }
    idekort_js_watch_network();
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

EMSCRIPTEN_KEEPALIVE void idekort_db_ready(int condition, const char* where) {
    using idekort::StoreCondition;
    const StoreCondition c = condition == 1 ? StoreCondition::Durable : condition == 2 ? StoreCondition::HeldElsewhere
                                                                                       : StoreCondition::MemoryOnly;
    idekort::platform::g_store.opened(c, where ? where : "");
    if (idekort::platform::g_loop) idekort::platform::g_loop->pacer.on_input(); // the notice changes
}

EMSCRIPTEN_KEEPALIVE void idekort_db_result(int id, int ok, const char* json) {
    idekort::platform::g_store.on_result(id, ok != 0, json ? json : "");
}

EMSCRIPTEN_KEEPALIVE void idekort_http_result(int id, int status, const char* headers_json, const char* body, const char* error) {
    idekort::platform::g_transport.on_result(id, status, headers_json, body, error);
}

EMSCRIPTEN_KEEPALIVE void idekort_network_changed(int online) {
    using idekort::platform::g_loop;
    if (!g_loop || !g_loop->app) return;
    idekort::AppEvent event{idekort::AppEventKind::NetworkChanged};
    event.online = online != 0;
    g_loop->app->event(event);
    g_loop->app_due = 0; // update() at the next turn: retrying may be due now
}

// The app's reports (Application::report) for the page's tests and diagnostics.
EMSCRIPTEN_KEEPALIVE const char* idekort_sync_status_json() {
    static std::string json;
    using idekort::platform::g_loop;
    json = g_loop && g_loop->app ? g_loop->app->report("sync.status", "") : "null";
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* idekort_sync_card_json(const char* card_id) {
    static std::string json;
    using idekort::platform::g_loop;
    json = g_loop && g_loop->app ? g_loop->app->report("sync.card", card_id ? card_id : "") : "null";
    return json.c_str();
}

EMSCRIPTEN_KEEPALIVE void idekort_sync_send_now() {
    using idekort::platform::g_loop;
    if (!g_loop || !g_loop->app) return;
    g_loop->app->command("sync.send_now");
    g_loop->app_due = 0;
}

EMSCRIPTEN_KEEPALIVE void idekort_a11y_action(unsigned item_id, int action) {
    using idekort::platform::g_loop;
    if (!g_loop || !g_loop->app || action < 0 || action > 2) return;
    g_loop->app->accessibility_action(item_id, static_cast<idekort::AccessibilityAction>(action));
    g_loop->pacer.on_input(); // draw the frame that carries it out
}

EMSCRIPTEN_KEEPALIVE void idekort_text_edit(unsigned field_id, const char* text, int selection_start, int selection_end) {
    using idekort::platform::g_loop;
    idekort::platform::g_text_bridge.receive(idekort::TextFieldEdit{field_id, text ? text : "", selection_start, selection_end});
    if (g_loop) g_loop->pacer.on_input(); // draw the frame that applies it
}

EMSCRIPTEN_KEEPALIVE void idekort_asset_result(int id, const char* data, int size, const char* error) {
    using namespace idekort::platform;
    const auto it = g_asset_requests.find(id);
    if (it == g_asset_requests.end()) return;
    auto done = std::move(it->second);
    g_asset_requests.erase(it);
    if (data) done(std::string(data, static_cast<std::size_t>(size)));
    else done(idekort::Error{error ? error : "no answer", "fetching an asset"});
    if (g_loop) {
        g_loop->pacer.on_input();   // draw with the new glyphs
        g_loop->app_due = 0;
    }
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
