// The web runner's hooks for file exports (platform/runner.h, offer_file_exports): empty unless
// the product asked for exports, in which case web/file_exports_web.cpp fills them. A hook
// through a pointer, not a call, so that the capture app, which never asks, links none of it.
#pragma once

#include "app/core/application.h"

namespace idekort::platform {

struct WebFileExports {
    void (*offer)(AppEnvironment& env) = nullptr;   // fills env.save_file and env.save_frame_png
    bool (*after_frame)() = nullptr;                // copies the canvas just drawn; true if it did
};
extern WebFileExports web_file_exports;

} // namespace idekort::platform
