// idekort, the capture app: parses the command line, builds the product with its settings and
// hands it to the platform runner with the runner's options. Nothing else lives here, so that
// every piece of logic sits in a library that tests link.
#include "app/core/launch_options.h"
#include "app/capture/capture_app.h"
#include "platform/runner.h"

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto options = idekort::parse_launch_options(args);
    if (!options) {
        std::fprintf(stderr, "idekort: %s\n%s", options.error().describe().c_str(),
                     idekort::launch_options_usage().c_str());
        return 2;
    }
    if (options.value().help) {
        std::fputs(idekort::launch_options_usage().c_str(), stdout);
        return 0;
    }
    idekort::LaunchOptions launch = options.value();
    if (!launch.kiosk_config_path.empty()) {
        auto settings = idekort::load_kiosk_config(launch.kiosk_config_path);
        if (!settings) {
            std::fprintf(stderr, "idekort: %s\n", settings.error().describe().c_str());
            return 2;
        }
        launch.capture.kiosk_settings = std::move(settings).value();
    }
    if (launch.idle_timeout > 0) launch.capture.kiosk_settings.idle_timeout_seconds = launch.idle_timeout;
    // The app outlives main() in the browser, where the runner returns at once and the
    // browser's frame loop keeps calling it.
    static idekort::capture::CaptureApp app(launch.capture);
    return idekort::platform::run(app, launch.runner);
}
