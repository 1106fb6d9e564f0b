// The X screen's size for the kiosk (see x11_screen.h).
#include "platform/native/x11_screen.h"

#include <SDL_syswm.h>
#include <X11/Xlib.h>

namespace idekort::platform {

namespace {
int randr_event_base = -1;   // X's first RANDR event type, once asked

Display* x_display(SDL_Window* window, Window* root) {
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!window || !SDL_GetWindowWMInfo(window, &info) || info.subsystem != SDL_SYSWM_X11) return nullptr;
    if (root) *root = DefaultRootWindow(info.info.x11.display);
    return info.info.x11.display;
}
} // namespace

bool x11_watch_screen(SDL_Window* window) {
    Display* display = x_display(window, nullptr);
    if (!display) return false;
    int opcode = 0, event_base = 0, error_base = 0;
    // SDL itself selects RROutputChangeNotify on the root window; the events only need passing on.
    if (!XQueryExtension(display, "RANDR", &opcode, &event_base, &error_base)) return false;
    randr_event_base = event_base;
    SDL_EventState(SDL_SYSWMEVENT, SDL_ENABLE);
    return true;
}

bool x11_screen_changed(const SDL_Event& event) {
    if (event.type != SDL_SYSWMEVENT || randr_event_base < 0 || !event.syswm.msg || event.syswm.msg->subsystem != SDL_SYSWM_X11)
        return false;
    const int type = event.syswm.msg->msg.x11.event.type;
    return type == randr_event_base || type == randr_event_base + 1;   // RRScreenChangeNotify, RRNotify
}

bool x11_screen_size(SDL_Window* window, int& width, int& height) {
    Window root = 0;
    Display* display = x_display(window, &root);
    if (!display) return false;
    XWindowAttributes attributes{};
    if (!XGetWindowAttributes(display, root, &attributes) || attributes.width <= 0 || attributes.height <= 0) return false;
    width = attributes.width;
    height = attributes.height;
    return true;
}

} // namespace idekort::platform
