// The runner seam (docs/ARCHITECTURE.md, after sokol and Tracy): the app exposes init / frame / event /
// shutdown and never owns the loop. A platform runner (native, web or null) owns the window, the
// GL context and the ImGui context, and calls these in order:
//
//     init(environment)  once, after the ImGui context exists and before the first frame
//     event(e)           for app-level events (quit requested, display scale changed, ...)
//     update(now)        every turn of the loop, drawn or not, after the runner delivered the
//                        store's and the network's answers: work done without drawing (sending
//                        the outbox); returns the seconds until it is next due
//     frame(input)       between ImGui::NewFrame() and ImGui::Render(); returns what the
//                        runner needs to pace the next frame
//     shutdown()         once, before the ImGui context is destroyed
//
// The runner offers capabilities (a SQL executor, an HTTP transport, the text bridge, the
// page's settings, a way to tell the page things); the app composes its own services from
// them (DraftShelf, SyncEngine, ...). So a new service never means editing every platform.
//
// Input (mouse, touch, keys, text) reaches ImGui directly through the runner's backend; the app
// sees it as ImGui state. This header is plain C++ so that platform/ can depend on it.
#pragma once

#include "app/core/asset_source.h"
#include "app/core/http_transport.h"
#include "app/core/live_channel.h"
#include "app/core/sql_executor.h"
#include "app/core/semantic_item.h"
#include "app/core/text_input_bridge.h"
#include "common/status.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace idekort {

class SpeechOutput;   // app/core/narrator.h

// What the runner offers the app: where it runs and the capabilities it has. Everything here is
// owned by the runner and outlives the app; a capability the platform lacks is null or empty.
struct AppEnvironment {
    std::string platform_name;     // "native", "web" or "null": for logs and diagnostics only
    const AssetSource* assets = nullptr; // fonts/, strings/ ...
    float ui_scale = 1.0f;         // logical enlargement (e.g. 2 on a 4K kiosk, from DPI)
    float pixel_ratio = 1.0f;      // framebuffer pixels per logical pixel (browser HiDPI)
    SqlExecutor* store = nullptr;  // the device database; its answers are delivered each turn
    HttpTransport* http = nullptr; // asynchronous HTTP; answers delivered each turn
    LiveChannel* live = nullptr;   // a WebSocket to the server (native), or null: poll instead
    TextInputBridge* text_input = nullptr; // the platform's own text entry (browser), or null
    SpeechOutput* speech = nullptr; // the kiosk's voice (espeak-ng, native), or null: no speech button
    // Settings the page carries (the browser: a JSON object with "server" and "key", from the
    // page's meta tags); empty where there is no page.
    std::string page_settings_json;
    // Told the UI language at start and whenever the person switches it ("da", "en"), so the
    // platform's own texts (the browser page's notices) follow; may be empty.
    std::function<void(std::string_view)> language_changed;
    // Told whether idekort-server answers (the page's offline notice follows the app's view of
    // the server, not the browser's guess); may be empty.
    std::function<void(bool online)> server_reachable;
    // Reads an asset that the first download leaves out (the extra glyphs, issue 12 point 4) and
    // calls `done` on the frame thread. The browser fetches it on first need (the service worker
    // keeps it for offline use); empty (native, headless): the app reads `assets` at once.
    std::function<void(std::string name, std::function<void(Expected<std::string>)> done)> fetch_asset;
    // Saves a file the person asked for (an export such as the office dashboard's CSV): natively
    // into the export folder (--export-dir), in a test wherever the test says. `done` gets where
    // it went, or the error, on the frame thread. Empty: the platform cannot save files yet.
    std::function<void(std::string name, std::string bytes, std::function<void(Expected<std::string>)> done)> save_file;
    // Saves the next frame drawn as a PNG file named `name`, where save_file puts files (the
    // office dashboard's picture for a report). Empty where nothing is drawn (the headless runner).
    std::function<void(std::string name, std::function<void(Expected<std::string>)> done)> save_frame_png;
    // Leaves for another page of the app on the same server, `path` relative to this page's
    // folder ("workshop/?workshop=CODE": the participant's page). The browser only; empty where
    // the app is the whole program (native, headless).
    std::function<void(std::string path)> open_page;
};

// What the accessibility mirror asks of an item (same order as ui::ItemRegistry::Action).
enum class AccessibilityAction { Focus, Activate, Edit };

struct FrameInput {
    double time_seconds = 0;       // monotonic, since the runner started
    double delta_seconds = 0;
    long long frame_number = 0;
};

// What the app asks of the runner after a frame. The native runner sleeps until the next input
// unless the app says it is animating or asks to be woken by a timer.
struct FrameRequest {
    static constexpr double never = std::numeric_limits<double>::infinity();
    bool animating = false;           // keep drawing (a transition is running)
    double wake_in_seconds = never;   // draw again after this long, even without input
    bool quit = false;                // the app wants to end (e.g. after --frames)
};

enum class AppEventKind {
    QuitRequested,        // window closed or SIGTERM: save what must be saved
    DisplayScaleChanged,  // moved to another monitor, or the browser zoom changed
    Hidden,               // the window or browser tab was hidden: it may be closed without warning
    NetworkChanged,       // the platform's view of the network changed (the browser's online event)
};

struct AppEvent {
    AppEventKind kind;
    float ui_scale = 1.0f;
    float pixel_ratio = 1.0f;
    bool online = true;   // NetworkChanged
};

class Application {
public:
    virtual ~Application() = default;

    // A failure here stops the start-up with the error's message: the app never runs with half
    // a configuration.
    virtual Status init(const AppEnvironment& environment) = 0;
    // Work done whether or not a frame is drawn; `now` is the runner's monotonic time in seconds.
    // Returns the seconds until update() has something to do again (infinity: only an answer or
    // an event will give it work).
    virtual double update(double now) {
        (void)now;
        return FrameRequest::never;
    }
    virtual FrameRequest frame(const FrameInput& input) = 0;
    virtual void event(const AppEvent& event) = 0;
    virtual void shutdown() = 0;

    // The widgets of the last completed frame: what tests click by label, and what the
    // browser's accessibility mirror will show.
    virtual const std::vector<SemanticItem>& semantic_items() const = 0;
    // Grows whenever semantic_items() changed in a way a person notices (never for hover): the
    // browser rebuilds its accessibility mirror only then. 0 = the app does not say.
    virtual std::uint64_t semantic_generation() const { return 0; }
    // The accessibility mirror's request (a screen reader, a keyboard on the page): focus the
    // item, press or toggle it, or put its text field in edit. Carried out over the next frames.
    virtual void accessibility_action(std::uint32_t item_id, AccessibilityAction action) {
        (void)item_id;
        (void)action;
    }

    // A JSON object describing the app's state for tests and diagnostics: the screen, the card's
    // idea text as typed (what the person sees anyway), never contact details.
    virtual std::string state_json() const = 0;

    // Named read-only reports and commands for the page and its tests (the browser exports them:
    // "sync.status", "sync.card" with a card id; the command "sync.send_now"). Unknown names
    // answer "null" and do nothing.
    virtual std::string report(std::string_view name, std::string_view argument) const {
        (void)name;
        (void)argument;
        return "null";
    }
    virtual void command(std::string_view name) { (void)name; }
};

} // namespace idekort
