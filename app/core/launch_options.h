// LaunchOptions: the app's command line, parsed without any platform code so it is testable,
// and split into what the runner needs (RunnerOptions) and what the product is asked to be
// (CaptureSettings). The browser build gets its few arguments from the page's loader
// (--channel web, and --kiosk for ?kiosk).
#pragma once

#include "app/core/kiosk_config.h"
#include "common/status.h"

#include <optional>
#include <string>
#include <vector>

namespace idekort {

// What the runner needs: the window, the device store's file, and the test and benchmark
// switches. Nothing here says what the product does.
struct RunnerOptions {
    int frames = -1;                 // > 0: draw this many frames continuously, then exit
    std::string screenshot_path;     // PNG of the last frame (native)
    std::string items_path;          // JSON of the last frame's widgets, written at exit
    std::string state_path;          // the app's state JSON, written at exit (tests)
    std::string assets_dir;          // default: the assets/ folder beside the executable
    std::string database_path;       // default: $XDG_DATA_HOME/idekort/idekort.db
    std::string export_dir;          // exports (the office's CSV, PNG); default: ~/Downloads
    std::vector<std::string> presses; // --press: widgets pressed in order once each shows (tests)
    int width = 1280, height = 800;  // initial window size in logical pixels
    float ui_scale = 0;              // 0: from the display's DPI
    bool fullscreen = false;         // fullscreen, no window decorations, keyboard focus taken
    bool print_timing = false;       // print a JSON line when the first frame is presented
};

// What the capture product is asked to be: kiosk or personal device, which language, where
// completed cards go. The product composes its store and sync engine from these.
struct CaptureSettings {
    bool kiosk = false;              // a shared kiosk: attract screen, idle wipe, own keyboard
    bool large_text = false;         // --large-text: start in large-text mode (a kiosk's toggle changes it)
    bool web_channel = false;        // --channel web: cards say they came from a browser
    KioskSettings kiosk_settings;    // loaded by main() from LaunchOptions::kiosk_config_path
    std::string language;            // "da" (default) or "en"
    std::string server_url;          // idekort-server to send cards to; empty: a kiosk's enrollment
    std::string submission_key;      // the deployment's submission key (personal devices, no enrollment)
    // --workshop CODE: a participant joining a live workshop (issue 16); set but empty: the
    // participant's screen, where the code is typed (the browser's /workshop/ page without one).
    std::optional<std::string> workshop_code;
    std::string preview;             // --preview SCREEN: open a screen with the example card
    bool allow_plain_http = false;   // --allow-http: plain http:// to another machine is allowed
    int keep_sent_days = 30;         // --keep-sent-days: a received card's idea and contact stay this
                                     // long on a personal device (a kiosk: not at all)
};

// The command line, split by who it is for.
struct LaunchOptions {
    RunnerOptions runner;
    CaptureSettings capture;
    std::string kiosk_config_path;   // --kiosk-config: admin PIN and idle timeout (kiosk_config.h)
    int idle_timeout = 0;            // --idle-timeout: overrides the config's; 0 = keep
    bool help = false;
};

// The device store's file for a product beside the capture app ("idekort-office.db"): in
// $XDG_DATA_HOME/idekort/, else ~/.local/share/idekort/, so that two apps on one machine never
// share a store.
std::string product_database_path(const std::string& file_name);

Expected<LaunchOptions> parse_launch_options(const std::vector<std::string>& args);

// The screens --preview accepts: the wizard's step keys plus start, attract, thanks, keyboard
// (a step with the on-screen keyboard up) and still_there (the idle question).
const std::vector<std::string>& preview_screens();

// The --help text.
std::string launch_options_usage();

} // namespace idekort
