// The X screen's own size for the kiosk's window (issue 12, point 13). SDL 2.26 reads a display's
// size once: when xrandr (a monitor turned to portrait, replaced, or resized) changes the mode of
// an output it already knows, SDL neither sends an event nor updates SDL_GetDisplayBounds (its
// X11_HandleXRandROutputChange leaves "update rotation or current mode" as a FIXME). So the kiosk
// listens to X's own RANDR notifications through SDL's window-manager events and asks X for the
// root window's size. X11 only; elsewhere (Wayland under cage, the browser) SDL's view is used.
#pragma once

#include <SDL.h>

namespace idekort::platform {

// Starts passing X's events through SDL (SDL_SYSWMEVENT) when `window` is on X; false otherwise.
bool x11_watch_screen(SDL_Window* window);
// True when `event` is X's notification that an output or the screen changed.
bool x11_screen_changed(const SDL_Event& event);
// The X screen's size now (the root window's), or false when `window` is not on X.
bool x11_screen_size(SDL_Window* window, int& width, int& height);

} // namespace idekort::platform
