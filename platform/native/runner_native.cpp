// The native runner: SDL2 + OpenGL 3 (or GLES 3 on arm kiosks) on Linux.
//
// Implements:
//  [X] Event-driven loop: blocks in SDL_WaitEventTimeout and draws only on input, timers, the
//      caret blink and for a moment after animations (FramePacer). Idle CPU is near zero.
//  [X] --frames N: draw N frames back to back, then exit (tests and benchmarks)
//  [X] --screenshot FILE (PNG of the last frame), --items FILE (its widgets as JSON) and
//      --state FILE (the app's state), the last two written at exit
//  [X] --print-timing: a JSON line when the first frame is presented
//  [X] --press LABEL: presses a widget by its label once it shows and rests, as a mouse would
//      (real SDL events), for tests of actions the window must draw (the office's PNG export)
//  [X] Exports (save_file, save_frame_png), for a product that calls offer_file_exports(), go into --export-dir, by
//      default ~/Downloads, never over an earlier file
//  [X] SIGTERM/SIGINT end the loop cleanly, like closing the window
//  [X] The live channel (AppEnvironment::live, Boost.Beast, native/beast_live_channel.h) for a
//      product that calls offer_live_channel() (the wall); its worker wakes the loop
//  [X] Speech for the kiosk (espeak-ng on its own thread, platform/native/espeak_speech.h), where
//      libespeak-ng was found at build time
//  [X] Capabilities for the app: the device store (SQLite on a worker thread) and HTTP on
//      libcurl (a worker thread too). Their answers wake the loop; app.update() runs every turn
//      and says when it is next due, so an idle kiosk still sends its outbox without drawing
#include "platform/native/curl_transport.h"
#ifdef IDEKORT_HAS_LIVE
#include "platform/native/beast_live_channel.h"
#endif
#ifdef IDEKORT_HAS_SPEECH   // platform/CMakeLists.txt: only where libespeak-ng was found
#include "platform/native/espeak_speech.h"
#endif
#include "platform/native/screenshot.h"
#include "platform/native/sqlite_executor.h"
#include "platform/frame_pacer.h"
#include "platform/runner.h"
#include "platform/sdl/sdl_session.h"

#include "app/core/semantic_item.h"
#include "common/file_io.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <utility>
#include <cmath>
#include <csignal>
#include <thread>
#include <cstdio>

namespace idekort::platform {

namespace {

volatile std::sig_atomic_t g_stop_requested = 0;

// Thread-safe; wakes SDL_WaitEvent so the loop delivers a worker thread's answers.
void wake_loop() {
    SDL_Event wake{};
    wake.type = SDL_USEREVENT;
    SDL_PushEvent(&wake);
}

void on_stop_signal(int) {
    g_stop_requested = 1;
    // Wake the loop from SDL_WaitEventTimeout; SDL_PushEvent is documented thread- and
    // signal-safe enough for this (it only locks SDL's event queue).
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    SDL_PushEvent(&quit);
}

std::string default_asset_dir() {
    char* base = SDL_GetBasePath();
    std::string dir = base ? std::string(base) + "assets" : "assets";
    SDL_free(base);
    return dir;
}

// A file named `name` in `dir` that does not exist yet: "name.csv", then "name (2).csv", ...
std::string free_name(const std::string& dir, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path wanted = fs::path(dir) / name;
    if (!fs::exists(wanted)) return wanted.string();
    for (int n = 2;; ++n) {
        const fs::path candidate = fs::path(dir) / (wanted.stem().string() + " (" + std::to_string(n) + ")" + wanted.extension().string());
        if (!fs::exists(candidate)) return candidate.string();
    }
}

bool g_file_exports = false;   // offer_file_exports() was called: the product exports
bool g_live_channel = false;   // offer_live_channel() was called: the product follows the server live

std::string export_dir_of(const RunnerOptions& options) {
    if (!options.export_dir.empty()) return options.export_dir;
    const char* home = std::getenv("HOME");
    return std::string(home ? home : ".") + "/Downloads";
}

Expected<std::string> prepare_export(const std::string& dir, const std::string& name) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{"cannot make the export folder: " + ec.message(), dir};
    return free_name(dir, name);
}

// --press: the next label's widget, once it has stayed in one place for two frames, is pressed
// with the mouse through SDL's own queue (motion, down, and up a frame later).
struct ScriptedPresses {
    std::vector<std::string> labels;
    std::size_t next = 0;
    SemanticRect last{-1, -1, -1, -1};
    bool release = false;

    void after_frame(const Application& app, SDL_Window* window) {
        SDL_Event e{};
        if (release) {
            e.type = SDL_MOUSEBUTTONUP;
            e.button.button = SDL_BUTTON_LEFT;
            e.button.state = SDL_RELEASED;
            e.button.x = static_cast<int>(last.centre_x());
            e.button.y = static_cast<int>(last.centre_y());
            e.button.windowID = SDL_GetWindowID(window);
            SDL_PushEvent(&e);
            release = false;
            ++next;
            last = SemanticRect{-1, -1, -1, -1};
            return;
        }
        if (next >= labels.size()) return;
        const SemanticItem* found = nullptr;
        for (const auto& item : app.semantic_items())
            if (item.label == labels[next]) found = &item;
        if (!found) return;
        const SemanticRect r = found->rect;
        const bool resting = r.x == last.x && r.y == last.y && r.width == last.width && r.height == last.height;
        last = r;
        if (!resting) return;
        const int x = static_cast<int>(r.centre_x()), y = static_cast<int>(r.centre_y());
        SDL_WarpMouseInWindow(window, x, y);
        e.type = SDL_MOUSEMOTION;
        e.motion.x = x;
        e.motion.y = y;
        e.motion.windowID = SDL_GetWindowID(window);
        SDL_PushEvent(&e);
        SDL_Event down{};
        down.type = SDL_MOUSEBUTTONDOWN;
        down.button.button = SDL_BUTTON_LEFT;
        down.button.state = SDL_PRESSED;
        down.button.clicks = 1;
        down.button.x = x;
        down.button.y = y;
        down.button.windowID = SDL_GetWindowID(window);
        SDL_PushEvent(&down);
        release = true;
    }
    bool done() const { return next >= labels.size(); }
};

} // namespace

void offer_file_exports() { g_file_exports = true; }
void offer_live_channel() { g_live_channel = true; }

int run(Application& app, const RunnerOptions& options) {
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    const auto seconds_since_start = [&] {
        return std::chrono::duration<double>(clock::now() - started).count();
    };

    SdlSession session;
    if (auto opened = session.open_display(options, "native", true); !opened) {
        std::fprintf(stderr, "idekort: cannot open the display: %s\n", opened.error().describe().c_str());
        return 1;
    }
    // The app loads its strings and rasterises its fonts while the window and GL context are
    // created: both take tens of milliseconds on a kiosk, and the first frame needs both.
    const DirectoryAssets assets(options.assets_dir.empty() ? default_asset_dir() : options.assets_dir);
    // The device store. If its file cannot be opened the app still runs, in memory, and says so
    // on screen: a kiosk that cannot save must not also refuse to take ideas.
    const std::string database = options.database_path.empty() ? default_database_path() : options.database_path;
    auto opened_store = SqliteExecutor::open(database);
    if (!opened_store) {
        std::fprintf(stderr, "idekort: the store cannot be opened, keeping drafts in memory only: %s\n",
                     opened_store.error().describe().c_str());
        opened_store = SqliteExecutor::open(":memory:");
    }
    std::unique_ptr<SqliteExecutor> store = opened_store ? std::move(opened_store).value() : nullptr;
    if (store) store->set_wake(wake_loop);
    CurlTransport transport;
    transport.set_wake(wake_loop);
    AppEnvironment env = session.environment();
    env.assets = &assets;
    env.store = store.get();
    env.http = &transport;
#ifdef IDEKORT_HAS_LIVE
    BeastLiveChannel live;   // the workshop wall's WebSocket
    live.set_wake(wake_loop);
    if (g_live_channel) env.live = &live;
#endif
    const std::string export_dir = export_dir_of(options);
    if (g_file_exports) env.save_file = [export_dir](std::string name, std::string bytes, std::function<void(Expected<std::string>)> done) {
        auto path = prepare_export(export_dir, name);
        if (!path) return done(path.error());
        if (auto written = file_io::write_file(path.value(), bytes); !written) return done(written.error());
        done(path.value());
    };
    // Frames asked for are written after the frame that asked is drawn, before it is shown.
    std::vector<std::pair<std::string, std::function<void(Expected<std::string>)>>> frame_pngs;
    if (g_file_exports) env.save_frame_png = [&frame_pngs](std::string name, std::function<void(Expected<std::string>)> done) {
        frame_pngs.emplace_back(std::move(name), std::move(done));
    };
    ScriptedPresses presses{options.presses};
#ifdef IDEKORT_HAS_SPEECH
    // The kiosk's voice: started here (its worker loads the voices), silent until the person
    // turns speech on with the accessibility button.
    EspeakSpeech speech;
    env.speech = &speech;
#endif
    // --print-timing also says where the time to the first frame went (docs/BENCHMARKS.md).
    const double display_ms = seconds_since_start() * 1000.0;
    double init_ms = 0, window_ms = 0;
    Status app_started;
    std::thread app_init([&] {
        app_started = app.init(env);
        init_ms = seconds_since_start() * 1000.0;
    });
    const Status window_opened = session.open_window(options);
    window_ms = seconds_since_start() * 1000.0;
    app_init.join();
    if (!window_opened) {
        std::fprintf(stderr, "idekort: cannot open a window: %s\n", window_opened.error().describe().c_str());
        return 1;
    }
    if (!app_started) {
        std::fprintf(stderr, "idekort: cannot start: %s\n", app_started.error().describe().c_str());
        return 1;
    }
    session.attach_imgui();
    session.refresh_display_scale(app); // the pixel ratio is known only now (Wayland HiDPI)
    const double attached_ms = seconds_since_start() * 1000.0;
    double drawn_ms = 0;
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);

    FramePacer pacer(options.frames > 0);
    double app_due = 0;   // when app.update() has work again (monotonic seconds)
    long long frame_number = 0;
    // --frames N counts the frames after the scripted presses are done: a press waits for its
    // widget, which may wait for the server, and a busy machine must not turn that wait into a
    // run that ended before the press (the office's PNG export was never pressed, 1 run in CI).
    // Presses still waiting after this long end the run as if done; the test then sees why.
    constexpr double press_deadline_seconds = 60;
    long long frames_counted = 0;
    double last_frame_time = 0;
    bool running = true;
    while (running && !g_stop_requested) {
        double wait = std::min(pacer.wait_seconds(seconds_since_start()), app_due - seconds_since_start());
        SDL_Event event;
        bool have_event;
        if (wait <= 0) have_event = SDL_PollEvent(&event);
        else if (std::isinf(wait)) have_event = SDL_WaitEvent(&event);
        else have_event = SDL_WaitEventTimeout(&event, static_cast<int>(std::ceil(wait * 1000.0)));
        while (have_event) {
            pacer.on_input();
            if (!session.process_event(event, app)) running = false;
            have_event = SDL_PollEvent(&event);
        }
        if (!running) break;
        if (store && store->deliver() > 0) pacer.on_input(); // a store answer may change the screen
        if (transport.deliver() > 0) pacer.on_input();       // so may a card's arrival
#ifdef IDEKORT_HAS_LIVE
        if (live.deliver() > 0) pacer.on_input();            // or a live message (the wall)
#endif
        const double now = seconds_since_start();
        app_due = now + app.update(now);
        if (!pacer.should_draw(now)) continue;

        FrameInput input{now, frame_number == 0 ? 0.0 : now - last_frame_time, frame_number};
        const FrameRequest request = session.draw_frame(app, input);
        if (frame_number == 0) drawn_ms = seconds_since_start() * 1000.0;
        const bool pressing = !presses.done() && now < press_deadline_seconds;
        const bool last = request.quit || (options.frames > 0 && !pressing && frames_counted + 1 >= options.frames);
        if (!pressing) ++frames_counted;
        if (last && !options.screenshot_path.empty()) {
            if (auto shot = write_screenshot(session.window(), options.screenshot_path); !shot)
                std::fprintf(stderr, "idekort: screenshot failed: %s\n", shot.error().describe().c_str());
        }
        for (auto& [name, done] : std::exchange(frame_pngs, {})) {
            auto path = prepare_export(export_dir, name);
            if (path) {
                if (auto shot = write_screenshot(session.window(), path.value()); !shot) path = shot.error();
            }
            done(path);
            pacer.on_input();   // the app says where the file went: draw that
        }
        session.swap();
        presses.after_frame(app, session.window());
        if (!presses.done()) pacer.on_input();
        if (frame_number == 0 && options.print_timing) {
            const auto wall = std::chrono::system_clock::now().time_since_epoch();
            const double shown_ms = seconds_since_start() * 1000.0;
            std::printf("{\"event\":\"first_frame\",\"ms_since_main\":%.1f,\"realtime_ns\":%lld,\"display_ms\":%.1f,"
                        "\"window_ms\":%.1f,\"init_ms\":%.1f,\"attached_ms\":%.1f,\"drawn_ms\":%.1f}\n",
                        shown_ms, static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count()),
                        display_ms, window_ms, init_ms, attached_ms, drawn_ms);
            std::fflush(stdout);
        }
        pacer.on_frame_drawn(now, request, session.text_input_active(), session.input_pending());
        last_frame_time = now;
        ++frame_number;
        if (last) running = false;
    }

    if (!options.items_path.empty()) {
        if (auto written = file_io::write_file(options.items_path, to_json(app.semantic_items())); !written)
            std::fprintf(stderr, "idekort: %s\n", written.error().describe().c_str());
    }
    if (!options.state_path.empty()) {
        if (auto written = file_io::write_file(options.state_path, app.state_json()); !written)
            std::fprintf(stderr, "idekort: %s\n", written.error().describe().c_str());
    }
    app.event(AppEvent{AppEventKind::QuitRequested});
    // Receipts that arrived are saved before we go; exchanges still running are abandoned, and
    // their cards are sent again at the next start (the server answers with the same receipt).
    transport.deliver();
    app.update(seconds_since_start());
    if (store) {
        store->wait_idle(); // every save the user made is committed before we go
        store->deliver();
    }
    app.shutdown();
#ifdef IDEKORT_HAS_LIVE
    live.close();
#endif
    return 0;
}

} // namespace idekort::platform
