// idekort-wall, the live workshop's wall (issue 16): parses the command line, builds the wall
// with its settings and hands it to the platform runner. The runner's options are the capture
// app's (--size, --kiosk for fullscreen, --frames, --screenshot, ...); the wall adds --workshop CODE, and
// a facilitator's session from IDEKORT_WALL_SESSION skips the sign-in (never on the command
// line, which every user of the machine can read).
#include "app/core/launch_options.h"
#include "app/wall/wall_app.h"
#include "platform/runner.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {
const char* const usage =
    "Usage: idekort-wall --server URL [--workshop CODE] [options of idekort: --lang, --allow-http,\n"
    "                    --size WxH, --kiosk (fullscreen), --scale, --frames, --screenshot, ...]\n"
    "  --server URL       idekort-server (plain http:// only to this machine, or with --allow-http)\n"
    "  --workshop CODE    open this workshop at once (with IDEKORT_WALL_SESSION set)\n"
    "  IDEKORT_WALL_SESSION  a facilitator's session token: the wall starts signed in\n";
}

int main(int argc, char** argv) {
    std::vector<std::string> args;
    idekort::wall::WallSettings settings;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--workshop") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "idekort-wall: --workshop: expects a workshop code\n%s", usage);
                return 2;
            }
            settings.workshop_code = argv[++i];
        } else {
            args.push_back(a);
        }
    }
    const auto options = idekort::parse_launch_options(args);
    if (!options) {
        std::fprintf(stderr, "idekort-wall: %s\n%s", options.error().describe().c_str(), usage);
        return 2;
    }
    if (options.value().help) {
        std::fputs(usage, stdout);
        return 0;
    }
    idekort::LaunchOptions launch = options.value();
    // Its own file (the kept session and workshop), never the capture app's on the same machine.
    if (launch.runner.database_path.empty()) launch.runner.database_path = idekort::product_database_path("idekort-wall.db");
    settings.server_url = launch.capture.server_url;
    settings.language = launch.capture.language;
    if (const char* token = std::getenv("IDEKORT_WALL_SESSION")) settings.session_token = token;
    // The app outlives main() in the browser, where the runner returns at once.
    static idekort::wall::WallApp app(settings);
    // The wall follows the workshop over a WebSocket (natively Beast, in the browser the
    // browser's own) and polls while that is closed or blocked.
    idekort::platform::offer_live_channel();
    // The ending's exports (CSV, JSON, the printable summary): natively into --export-dir, in
    // the browser as downloads.
    idekort::platform::offer_file_exports();
    return idekort::platform::run(app, launch.runner);
}
