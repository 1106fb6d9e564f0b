// WebSession: the browser's window onto the app, on Emscripten's HTML5 API alone: a WebGL2
// context on the page's #canvas, the ImGui context with its OpenGL3 backend, the page's input
// events fed to ImGui as they arrive, and drawing one frame of an Application.
//
// Why not SDL2 (as the kiosk): in the browser SDL2 is a layer between the DOM's events and
// ImGui that the app does not need (no audio, no joystick, no surfaces), and it was the largest
// piece of the capture page's download that was not the app or ImGui (docs/BENCHMARKS.md, "Web
// size" under issue 11). What SDL did for us here, this class does, and keeps its behaviour:
//  [X] Mouse: press on the canvas, release anywhere on the page (a drag that leaves the canvas
//      still ends), wheel steps as SDL's (100 CSS pixels a step), leaving the canvas = no hover
//  [X] Touch as touch: the first finger is ImGui's pointer (ImGuiMouseSource_TouchScreen), the
//      browser does not also scroll or zoom for it, and a lifted finger leaves no hover behind
//  [X] Keys by their place (KeyboardEvent.code), text from keypress; Backspace and Tab are kept
//      from the browser (it would navigate), every other key still reaches the page
//  [X] HiDPI: the canvas's backing store is its CSS size times devicePixelRatio, followed on
//      every resize (rotation, browser zoom); a new pixel ratio is reported to the app
//  [X] The mouse cursor ImGui asks for (a text field's I-beam), as the canvas's CSS cursor
//  [X] Window focus: keys held when the page lost focus are released in ImGui
#pragma once

#include "app/core/application.h"
#include "app/core/launch_options.h"

namespace idekort::platform {

class WebSession {
public:
    WebSession() = default;
    WebSession(const WebSession&) = delete;
    WebSession& operator=(const WebSession&) = delete;

    // The WebGL2 context, ImGui and the page's event listeners. Fails (with the browser's
    // reason as far as it gives one) where WebGL2 is not available.
    Status open(const RunnerOptions& options, const char* platform_name);

    AppEnvironment environment() const;

    // Input arrived since the last call (an event listener ran): the loop draws a frame.
    bool take_input();

    // The page was resized or zoomed since the last frame: fits the canvas and tells the app
    // when the pixel ratio changed. Cheap when nothing changed (no DOM access).
    void refresh_display_scale(Application& app);

    // Draws one frame of `app`; the browser presents it when the frame callback returns.
    FrameRequest draw_frame(Application& app, const FrameInput& input);

    // The pacer's reasons to draw without new input (imgui_gl_frame.h); false before open().
    bool text_input_active() const;
    bool input_pending() const;

    // Called by the event listeners (web_session.cpp); not for the runner.
    void pointer_moved(float x, float y, bool touch);
    void pointer_button(int button, bool down, bool touch);
    void pointer_left();
    void finger_down(long id, float x, float y);
    void finger_moved(long id, float x, float y);
    void finger_up(long id);
    void resized() { m_resized = true; m_input = true; }
    void input() { m_input = true; }

private:
    void fit_canvas();

    bool m_input = false;            // an event arrived since take_input()
    bool m_resized = true;           // fit the canvas before the next frame
    int m_buttons_down = 0;          // ImGui's mouse buttons held (bit per button)
    bool m_finger_down = false;      // a finger is ImGui's pointer: the touch with m_finger_id
    long m_finger_id = 0;
    bool m_fonts_dirty = false;      // the app rebuilt its atlas: re-upload the texture
    double m_last_frame_seconds = 0; // steady clock at the last frame: ImGui's time step
    int m_cursor = -2;               // the ImGuiMouseCursor the canvas shows (-2: not set yet)
    int m_width = 1, m_height = 1;   // the canvas's CSS size, whole pixels: ImGui's display size
    int m_backing_width = 1, m_backing_height = 1;   // its backing store, device pixels
    float m_pixel_ratio = 1;
    float m_ui_scale = 1;
    const char* m_platform_name = "web";
};

} // namespace idekort::platform
