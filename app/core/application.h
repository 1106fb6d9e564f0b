// The runner seam (DESIGN.md §2, after sokol and Tracy): the app exposes init / frame / event /
// shutdown and never owns the loop. A platform runner (native, web or null) owns the window, the
// GL context and the ImGui context, and calls these in order:
//
//     init(environment)  once, after the ImGui context exists and before the first frame
//     event(e)           for app-level events (quit requested, display scale changed, ...)
//     frame(input)       between ImGui::NewFrame() and ImGui::Render(); returns what the
//                        runner needs to pace the next frame
//     shutdown()         once, before the ImGui context is destroyed
//
// Input (mouse, touch, keys, text) reaches ImGui directly through the runner's backend; the app
// sees it as ImGui state. This header is plain C++ so that platform/ can depend on it.
#pragma once

#include "app/core/asset_source.h"
#include "app/core/kiosk_config.h"
#include "app/core/sql_executor.h"
#include "app/core/semantic_item.h"
#include "app/core/text_input_bridge.h"
#include "common/status.h"

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace idekort {

class SyncEngine;

// What the runner tells the app about where it runs.
struct AppEnvironment {
    std::string platform_name;     // "native", "web" or "null"
    const AssetSource* assets = nullptr; // fonts/, strings/ ...; owned by the runner
    float ui_scale = 1.0f;         // logical enlargement (e.g. 2 on a 4K kiosk, from DPI)
    float pixel_ratio = 1.0f;      // framebuffer pixels per logical pixel (browser HiDPI)
    std::string language;          // "da" or "en"; empty means the default (Danish)
    SqlExecutor* store = nullptr;  // the device store; owned by the runner, delivered each frame
    bool kiosk = false;            // a shared kiosk: never list drafts, forget people quickly
    KioskSettings kiosk_settings;  // admin PIN, idle timeout (kiosk mode only)
    TextInputBridge* text_input = nullptr; // the platform's own text entry (browser), or null
    std::string preview;           // open this screen with the example card (launch_options.h)
    // Told the UI language at start and whenever the person switches it ("da", "en"), so the
    // platform's own texts (the browser page's notices) follow; may be empty.
    std::function<void(std::string_view)> language_changed;
    // Sends completed cards to idekort-server (app/core/sync_engine.h); owned and ticked by the
    // runner. The UI reads status() and card_state(), calls send_now(), enroll(), and
    // outbox_changed() after CardStore::complete(). Null when there is no store.
    SyncEngine* sync = nullptr;
};

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
};

struct AppEvent {
    AppEventKind kind;
    float ui_scale = 1.0f;
    float pixel_ratio = 1.0f;
};

class Application {
public:
    virtual ~Application() = default;

    // A failure here stops the start-up with the error's message: the app never runs with half
    // a configuration.
    virtual Status init(const AppEnvironment& environment) = 0;
    virtual FrameRequest frame(const FrameInput& input) = 0;
    virtual void event(const AppEvent& event) = 0;
    virtual void shutdown() = 0;

    // The widgets of the last completed frame: what tests click by label, and what the
    // browser's accessibility mirror will show.
    virtual const std::vector<SemanticItem>& semantic_items() const = 0;

    // A JSON object describing the app's state for tests and diagnostics: the screen, the card's
    // idea text as typed (what the person sees anyway), never contact details.
    virtual std::string state_json() const = 0;
};

} // namespace idekort
