// Baseline for the start-up benchmark: the least an SDL2 + OpenGL program can do before its
// first frame is on screen (SDL_Init, window, GL 3 context, clear, swap), with no ImGui, fonts
// or app. bench/run_benchmarks.py runs it beside idekort, so the figures show how much of the
// start-up is ours and how much is SDL and the GL driver.
#include <SDL.h>
#include <SDL_opengl.h>

#include <chrono>
#include <cstdio>

int main() {
    const auto start = std::chrono::steady_clock::now();
    if (SDL_Init(SDL_INIT_VIDEO) != 0) { std::fprintf(stderr, "%s\n", SDL_GetError()); return 1; }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_Window* window = SDL_CreateWindow("bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                          SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window) { std::fprintf(stderr, "%s\n", SDL_GetError()); return 1; }
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    if (!gl) { std::fprintf(stderr, "%s\n", SDL_GetError()); return 1; }
    glClearColor(0.98f, 0.98f, 0.97f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    SDL_GL_SwapWindow(window);
    const auto wall = std::chrono::system_clock::now().time_since_epoch();
    std::printf("{\"event\":\"first_frame\",\"ms_since_main\":%.1f,\"realtime_ns\":%lld}\n",
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count()));
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
