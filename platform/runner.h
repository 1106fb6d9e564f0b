// The platform runner: owns the loop, the window, the GL context and the ImGui context, and
// drives an Application (app/core/application.h). CMake links exactly one implementation:
// native/runner_native.cpp (SDL2 + OpenGL 3 / GLES 3) or web/runner_web.cpp (SDL2 + WebGL2).
// The headless runner for tests is separate (null/null_runner.h) because tests script it.
#pragma once

#include "app/core/application.h"
#include "app/core/launch_options.h"

namespace idekort::platform {

// Runs `app` until it quits or the window closes, offering it the platform's capabilities (the
// device store, HTTP, the text bridge) through AppEnvironment. Returns the process exit code.
// In the browser it returns at once and the browser's frame loop takes over.
int run(Application& app, const RunnerOptions& options);

// File exports (AppEnvironment::save_file and save_frame_png): natively files in --export-dir,
// in the browser the browser's downloads. A product that exports (the office's dashboard) calls
// this before run(); in the browser the code is its own object file, so a product that does not
// call it (the capture app) does not carry it in its download.
void offer_file_exports();

// The live channel (AppEnvironment::live, a WebSocket to the server, issue 16). A product that
// follows the server live (the wall) calls this before run(). In the browser it is the browser's
// WebSocket (web/web_live_channel.h), code and JS that only such a product carries; natively
// the Boost.Beast client (native/beast_live_channel.h). A product that does not ask gets none
// and polls.
void offer_live_channel();

} // namespace idekort::platform
