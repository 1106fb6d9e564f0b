// The web runner's hooks for capabilities only some products ask for (platform/runner.h): file
// exports (offer_file_exports, the office) and the live channel (offer_live_channel, the wall).
// Empty unless a product asked; a hook through a pointer, not a call, so that the capture app,
// which asks for none, links none of their code or JS (its download stays as it is).
#pragma once

#include "app/core/application.h"

namespace idekort::platform {

struct WebProductHooks {
    void (*offer)(AppEnvironment& env) = nullptr;   // fills the environment's capabilities
    bool (*after_frame)() = nullptr;                // after each frame drawn; true: draw another
};
// What the runner calls: every added hook in turn (web_product_hooks.cpp), or nothing.
extern WebProductHooks web_product_hooks;

// Something arrived outside the frame loop (a live message): the loop draws a frame at once.
// Defined by the runner (runner_web.cpp).
void wake_web_loop();

// Adds a capability's hooks to those already asked for (a product may ask for several; asking
// twice adds them once).
void add_web_product_hooks(WebProductHooks hooks);

} // namespace idekort::platform
