// Command-line parsing for the app (see launch_options.h). Every bad value gets a message that
// names the option, because kiosk start scripts are edited by hand.
#include "app/core/launch_options.h"

#include "app/core/sync_protocol.h"

#include <cstdlib>

namespace idekort {

namespace {

bool parse_int(const std::string& s, int lo, int hi, int& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (*end != '\0' || v < lo || v > hi) return false;
    out = static_cast<int>(v);
    return true;
}

} // namespace

std::string product_database_path(const std::string& file_name) {
    const char* data = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    const std::string base = data && *data ? data : std::string(home ? home : ".") + "/.local/share";
    return base + "/idekort/" + file_name;
}

Expected<LaunchOptions> parse_launch_options(const std::vector<std::string>& args) {
    LaunchOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const auto value = [&](std::string& out) -> Status {
            if (i + 1 >= args.size()) return Error{"needs a value", a};
            out = args[++i];
            return {};
        };
        std::string v;
        if (a == "--help" || a == "-h") { o.help = true; continue; }
        if (a == "--kiosk") { o.capture.kiosk = o.runner.fullscreen = true; continue; }
        if (a == "--large-text") { o.capture.large_text = true; continue; }
        if (a == "--print-timing") { o.runner.print_timing = true; continue; }
        if (a == "--frames") {
            if (auto s = value(v); !s) return s.error();
            if (!parse_int(v, 1, 1000000, o.runner.frames)) return Error{"expects a whole number from 1, got '" + v + "'", a};
        } else if (a == "--screenshot") {
            if (auto s = value(o.runner.screenshot_path); !s) return s.error();
        } else if (a == "--items") {
            if (auto s = value(o.runner.items_path); !s) return s.error();
        } else if (a == "--state") {
            if (auto s = value(o.runner.state_path); !s) return s.error();
        } else if (a == "--export-dir") {
            if (auto s = value(o.runner.export_dir); !s) return s.error();
        } else if (a == "--press") {
            if (auto s = value(v); !s) return s.error();
            o.runner.presses.push_back(v);
        } else if (a == "--database") {
            if (auto s = value(o.runner.database_path); !s) return s.error();
        } else if (a == "--assets") {
            if (auto s = value(o.runner.assets_dir); !s) return s.error();
        } else if (a == "--kiosk-config") {
            if (auto s = value(o.kiosk_config_path); !s) return s.error();
        } else if (a == "--idle-timeout") {
            if (auto s = value(v); !s) return s.error();
            if (!parse_int(v, 5, 3600, o.idle_timeout)) return Error{"expects seconds from 5 to 3600, got '" + v + "'", a};
        } else if (a == "--allow-http") {
            o.capture.allow_plain_http = true;
        } else if (a == "--keep-sent-days") {
            if (auto s = value(v); !s) return s.error();
            if (!parse_int(v, 0, 3650, o.capture.keep_sent_days)) return Error{"expects days from 0 to 3650, got '" + v + "'", a};
        } else if (a == "--preview") {
            if (auto s = value(o.capture.preview); !s) return s.error();
            bool known = false;
            for (const std::string& p : preview_screens()) known = known || p == o.capture.preview;
            if (!known) {
                std::string list;
                for (const std::string& p : preview_screens()) list += (list.empty() ? "" : ", ") + p;
                return Error{"unknown screen '" + o.capture.preview + "' (one of: " + list + ")", a};
            }
        } else if (a == "--lang") {
            if (auto s = value(o.capture.language); !s) return s.error();
            if (o.capture.language != "da" && o.capture.language != "en") return Error{"expects 'da' or 'en', got '" + o.capture.language + "'", a};
        } else if (a == "--channel") {
            if (auto s = value(v); !s) return s.error();
            if (v != "web" && v != "kiosk") return Error{"expects 'web' or 'kiosk', got '" + v + "'", a};
            o.capture.web_channel = v == "web";
        } else if (a == "--server") {
            if (auto s = value(o.capture.server_url); !s) return s.error();
            if (o.capture.server_url.rfind("http://", 0) != 0 && o.capture.server_url.rfind("https://", 0) != 0)
                return Error{"expects a URL starting with http:// or https://, got '" + o.capture.server_url + "'", a};
        } else if (a == "--workshop") {
            // The join link's ?workshop=CODE (the browser's loader passes it on): open the
            // participant's screen on that workshop. A code that cannot be one is said there.
            if (auto s = value(v); !s) return s.error();
            o.capture.workshop_code = v;
        } else if (a == "--submission-key") {
            if (auto s = value(o.capture.submission_key); !s) return s.error();
            // The server refuses shorter keys; saying so here beats a 401 at the first card.
            if (o.capture.submission_key.size() < 16) return Error{"expects a key of at least 16 characters", a};
        } else if (a == "--size") {
            if (auto s = value(v); !s) return s.error();
            const auto x = v.find('x');
            if (x == std::string::npos || !parse_int(v.substr(0, x), 200, 16384, o.runner.width) ||
                !parse_int(v.substr(x + 1), 200, 16384, o.runner.height))
                return Error{"expects WIDTHxHEIGHT such as 1280x800, got '" + v + "'", a};
        } else if (a == "--scale") {
            if (auto s = value(v); !s) return s.error();
            char* end = nullptr;
            o.runner.ui_scale = std::strtof(v.c_str(), &end);
            if (*end != '\0' || !(o.runner.ui_scale >= 0.5f && o.runner.ui_scale <= 4.0f))
                return Error{"expects a number from 0.5 to 4, got '" + v + "'", a};
        } else {
            return Error{"unknown option (see --help)", a};
        }
    }
    // After the loop: --allow-http may come after --server.
    if (!o.capture.server_url.empty())
        if (auto allowed = sync::check_server_url(o.capture.server_url, o.capture.allow_plain_http); !allowed)
            return Error{allowed.error().message, "--server"};
    return o;
}

const std::vector<std::string>& preview_screens() {
    static const std::vector<std::string> screens = {"start", "attract", "theme", "challenge", "idea", "gain", "involved",
                                                     "first_test", "about_you", "review", "thanks", "keyboard", "still_there"};
    return screens;
}

std::string launch_options_usage() {
    return "usage: idekort [options]\n"
           "  --kiosk              fullscreen kiosk mode\n"
           "  --large-text         start with large text (the whole UI larger; a kiosk has a button for it)\n"
           "  --kiosk-config FILE  kiosk settings (JSON: admin_pin, idle_timeout_seconds, countdown_seconds)\n"
           "  --idle-timeout S     seconds without input before a kiosk asks \"are you still there?\" (default 90)\n"
           "  --lang da|en         language at start (default: da)\n"
           "  --size WxH           initial window size in logical pixels (default 1280x800)\n"
           "  --scale S            UI scale 0.5-4 (default: from the display's DPI)\n"
           "  --assets DIR         asset folder (default: assets/ beside the executable)\n"
           "  --database FILE      the device store (default: $XDG_DATA_HOME/idekort/idekort.db)\n"
           "  --channel web|kiosk  where cards say they came from (default: kiosk; the browser's loader says web)\n"
           "  --server URL         idekort-server to send completed cards to (default: from enrollment)\n"
           "  --workshop CODE      join the live workshop CODE as a participant (the join link's ?workshop=)\n"
           "  --submission-key K   the deployment's submission key, for a device that is not enrolled\n"
           "  --allow-http         allow plain http:// to a server on another machine (default: https://\n"
           "                       only, plain http:// only to this machine)\n"
           "  --keep-sent-days N   days a received card's idea and contact stay on this device (default 30;\n"
           "                       a kiosk forgets them at once); receipt, title and state stay\n"
           "  --frames N           draw N frames continuously, then exit (tests, benchmarks); with --press,\n"
           "                       N frames after the last press (each waits up to 60 s for its widget)\n"
           "  --screenshot FILE    write the last frame as PNG (with --frames)\n"
           "  --items FILE         write the last frame's widgets as JSON at exit\n"
           "  --export-dir DIR     where exports the person asks for are saved (default ~/Downloads)\n"
           "  --press LABEL        press the widget named LABEL once it shows (tests; may repeat, in order)\n"
           "  --state FILE         write the app's state as JSON at exit (tests)\n"
           "  --preview SCREEN     open SCREEN with an example card (docs; see docs/SCREENSHOTS.md)\n"
           "  --print-timing       print a JSON line when the first frame is on screen\n"
           "  --help               this text\n";
}

} // namespace idekort
