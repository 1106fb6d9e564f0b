// Screenshot of the back buffer as PNG, for the window smoke test and for people to look at.
#pragma once

#include "common/status.h"

#include <SDL.h>

#include <string>

namespace idekort::platform {

// Reads the current back buffer of `window` (call after rendering, before swapping).
Status write_screenshot(SDL_Window* window, const std::string& path);

} // namespace idekort::platform
