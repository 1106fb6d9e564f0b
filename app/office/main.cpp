// idekort-office, the office app: parses the command line (the same options as the capture
// app's; --server, --lang, --database and the runner's; and its own --open-card ID, a card's
// pipeline page once signed in: the screenshots, a link), builds the product and hands it to the
// platform runner. Nothing else lives here.
#include "app/core/launch_options.h"
#include "app/office/office_app.h"
#include "platform/runner.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string open_card;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] != "--open-card") continue;
        open_card = args[i + 1];
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        break;
    }
    const auto options = idekort::parse_launch_options(args);
    if (!options) {
        std::fprintf(stderr, "idekort-office: %s\n%s", options.error().describe().c_str(), idekort::launch_options_usage().c_str());
        return 2;
    }
    if (options.value().help) {
        std::fputs(idekort::launch_options_usage().c_str(), stdout);
        return 0;
    }
    idekort::LaunchOptions launch = options.value();
    // Its own file beside the capture app's, so that the two apps on one desk never share a store.
    if (launch.runner.database_path.empty()) launch.runner.database_path = idekort::product_database_path("idekort-office.db");
    idekort::office::OfficeSettings settings;
    settings.language = launch.capture.language;
    settings.server_url = launch.capture.server_url;
    settings.open_card = open_card;
    // The app outlives main() in the browser, where the runner returns at once.
    static idekort::office::OfficeApp app(settings);
    idekort::platform::offer_file_exports();   // the dashboard's CSV and PNG
    return idekort::platform::run(app, launch.runner);
}
