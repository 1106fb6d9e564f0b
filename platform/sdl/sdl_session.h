// SdlSession: the kiosk's window onto the app: an SDL2 window with a GL context (desktop GL 3
// or GLES 3), the ImGui context with its SDL2 + OpenGL3 backends, event translation, and
// drawing one frame of an Application. (The browser has its own, platform/web/web_session.h.)
//
// Implements:
//  [X] Mouse, keyboard, text input and touch (through imgui_impl_sdl2; touch arrives as
//      ImGuiMouseSource_TouchScreen, and a lifted finger leaves no hover behind)
//  [X] HiDPI: fonts rasterised at the framebuffer's pixel ratio; ui_scale from the display DPI
//  [X] Window resizing; display-scale changes reported to the app
//  [X] Font atlas re-upload when the app rebuilt it
//  [ ] Finger-drag scrolling of long content (capture UI issue)
#pragma once

#include "app/core/application.h"
#include "app/core/launch_options.h"

#include <SDL.h>

#include <string>

namespace idekort::platform {

class SdlSession {
public:
    SdlSession() = default;
    SdlSession(const SdlSession&) = delete;
    SdlSession& operator=(const SdlSession&) = delete;
    ~SdlSession();

    // Creates the window, the GL context and the ImGui context with its backends: the three
    // steps below in order.
    // dpi_scaling: derive ui_scale from the display DPI (a kiosk; false: ui_scale 1 unless
    // forced, HiDPI is the pixel ratio alone).
    Status open(const RunnerOptions& options, const char* platform_name, bool dpi_scaling);

    // Step by step, so a runner can build the app's fonts while the window and GL context are
    // created (both are slow on a kiosk; see docs/BENCHMARKS.md):
    //  1. open_display: SDL video and the ImGui context; environment() is valid after it,
    //     except that pixel_ratio is assumed 1 until the window exists.
    //  2. open_window: window and GL context. Touches no ImGui state, so app.init() may run on
    //     another thread meanwhile.
    //  3. attach_imgui: the SDL2 and OpenGL3 backends; then call refresh_display_scale().
    Status open_display(const RunnerOptions& options, const char* platform_name, bool dpi_scaling);
    Status open_window(const RunnerOptions& options);
    void attach_imgui();

    // Translates one SDL event. Returns false when the event asks the app to quit.
    bool process_event(const SDL_Event& event, Application& app);

    // Draws one frame of `app` to the back buffer (the caller swaps).
    FrameRequest draw_frame(Application& app, const FrameInput& input);
    void swap();

    // Checks whether the display scale changed (monitor move, browser zoom) and tells the app.
    void refresh_display_scale(Application& app);

    AppEnvironment environment() const;
    // A text field is in edit and its caret blinks: the pacer's reason to redraw without input.
    bool text_input_active() const;
    // Input events ImGui has queued for a later frame (it takes a touch's move, press and release
    // in separate frames): the pacer keeps drawing until they are taken (FramePacer).
    bool input_pending() const;
    SDL_Window* window() const { return m_window; }
    void close();

private:
    float detect_ui_scale() const;
    float detect_pixel_ratio() const;
    // Kiosk: the window is the display's rectangle, also after the display changed.
    void fit_kiosk_window();

    SDL_Window* m_window = nullptr;
    SDL_GLContext m_gl = nullptr;
    bool m_imgui_context = false;
    bool m_imgui_ready = false;      // backends attached
    bool m_finger_lifted = false;    // the pointer was parked off-screen after a touch release
    bool m_fonts_dirty = false;      // the app rebuilt its atlas: re-upload the texture
    double m_last_frame_seconds = 0; // steady clock at the last frame: ImGui's time step (draw_frame)
    bool m_take_keyboard_focus = false;   // kiosk mode: take focus even without a WM
    bool m_kiosk_window = false;          // kiosk mode: the window covers its display
    std::string m_platform_name;
    float m_forced_ui_scale = 0;
    bool m_dpi_scaling = true;
    bool m_sdl_ready = false;
    float m_ui_scale = 1;
    float m_pixel_ratio = 1;
};

} // namespace idekort::platform
