// File exports in the browser (platform/runner.h, offer_file_exports): a CSV or any bytes become
// a download through a Blob; a picture of the view is the canvas copied right after the frame
// that asked for it was drawn (WebGL clears the drawing buffer once the frame is shown, so it
// cannot wait). Where a download lands is the browser's to say, so the app is told its name.
#include "platform/runner.h"
#include "platform/web/js_bridge.h"
#include "platform/web/web_product_hooks.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace idekort::platform {

namespace {
// Pictures of the view asked for during a frame, written after it is drawn.
std::vector<std::pair<std::string, std::function<void(Expected<std::string>)>>> g_frame_pngs;

const char* mime_of(const std::string& name) {
    const auto ends = [&](const char* ext) {
        const std::string e(ext);
        return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".csv")) return "text/csv;charset=utf-8";
    if (ends(".png")) return "image/png";
    if (ends(".svg")) return "image/svg+xml";   // the wall's join sheet, opened and printed by the browser
    if (ends(".json")) return "application/json";
    if (ends(".txt")) return "text/plain;charset=utf-8";
    if (ends(".html")) return "text/html;charset=utf-8";   // the workshop's summary, to print
    return "application/octet-stream";
}

void offer(AppEnvironment& env) {
    env.save_file = [](std::string name, std::string bytes, std::function<void(Expected<std::string>)> done) {
        idekort_js_download(name.c_str(), mime_of(name), bytes.data(), static_cast<int>(bytes.size()));
        done(name);
    };
    env.save_frame_png = [](std::string name, std::function<void(Expected<std::string>)> done) {
        g_frame_pngs.emplace_back(std::move(name), std::move(done));
    };
}

bool after_frame() {
    if (g_frame_pngs.empty()) return false;
    for (auto& [name, done] : std::exchange(g_frame_pngs, {})) {
        if (idekort_js_download_canvas(name.c_str())) done(name);
        else done(Error{"this browser cannot make a picture of the page", name});
    }
    return true;
}
} // namespace

void offer_file_exports() { add_web_product_hooks({&offer, &after_frame}); }

} // namespace idekort::platform
