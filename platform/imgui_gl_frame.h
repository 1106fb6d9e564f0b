// What both windows onto the app do around one ImGui frame drawn with ImGui's OpenGL3 renderer:
// the kiosk's SdlSession (platform/sdl) and the browser's WebSession (platform/web). They differ
// in where events and the window come from; the frame itself is the same.
#pragma once

#include "app/core/application.h"

namespace idekort::platform::imgui_gl_frame {

// Before ImGui::NewFrame(): the renderer's frame, the font atlas uploaded again when the app
// rebuilt it (`fonts_dirty`, or an atlas not built yet), and ImGui's time step from the steady
// clock (`last_frame_seconds` is the clock at the previous frame, 0 before the first).
void begin(bool& fonts_dirty, double& last_frame_seconds);

// After the app's frame: ImGui's draw data rendered over the theme's background, into a
// framebuffer of this many device pixels.
void end(int framebuffer_width, int framebuffer_height);

// A text field is in edit and its caret blinks: the pacer's reason to redraw without input.
bool text_input_active();
// Input events ImGui has queued for a later frame (it takes a touch's move, press and release in
// separate frames): the pacer keeps drawing until they are taken (FramePacer).
bool input_pending();

// The environment a window offers the app before the runner adds its capabilities.
AppEnvironment environment(const char* platform_name, float ui_scale, float pixel_ratio);

} // namespace idekort::platform::imgui_gl_frame
