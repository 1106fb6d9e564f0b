// The list behind web_product_hooks (web_product_hooks.h): each capability a product asked for
// adds its hooks, and the runner's two pointers call them all in the order they were added.
#include "platform/web/web_product_hooks.h"

#include <cassert>

namespace idekort::platform {

namespace {
constexpr int max_hooks = 4;   // file exports and the live channel so far
WebProductHooks g_hooks[max_hooks];
int g_count = 0;

void offer_all(AppEnvironment& env) {
    for (int i = 0; i < g_count; ++i)
        if (g_hooks[i].offer) g_hooks[i].offer(env);
}

bool after_frame_all() {
    bool again = false;
    for (int i = 0; i < g_count; ++i)
        if (g_hooks[i].after_frame && g_hooks[i].after_frame()) again = true;
    return again;
}
} // namespace

void add_web_product_hooks(WebProductHooks hooks) {
    for (int i = 0; i < g_count; ++i)
        if (g_hooks[i].offer == hooks.offer && g_hooks[i].after_frame == hooks.after_frame) return;   // asked twice
    assert(g_count < max_hooks);
    g_hooks[g_count++] = hooks;
    web_product_hooks = {&offer_all, &after_frame_all};
}

} // namespace idekort::platform
