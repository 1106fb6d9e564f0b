// The browser build links no SDL software blitter. The app draws only with WebGL; SDL reaches
// its blitters only through SDL surfaces (colour cursors, window icons, window framebuffers),
// and nothing in the web runner or ImGui's SDL2 backend makes one (cursors are the system ones).
// Yet SDL_pixels.c's SDL_MapSurface names SDL_CalculateBlit, which links SDL_blit.c and with it
// SDL_blit_slow.c and SDL_blit_copy.c. This definition comes first, so the archive's is never
// pulled in; a surface blit now fails with an SDL error instead of running (docs/BENCHMARKS.md,
// "Web size" under issue 11). Only the web build compiles this file.
#include <SDL.h>

extern "C" int SDL_CalculateBlit(SDL_Surface* surface) {
    (void)surface;
    return SDL_SetError("SDL surface blits are not part of idekort's web build");
}
