// One ImGui frame with the OpenGL3 renderer (see imgui_gl_frame.h).
#include "platform/imgui_gl_frame.h"

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"

// One GL header per GL flavour, chosen by CMake (IDEKORT_GL_ES for WebGL2 and GLES kiosks).
#if defined(IDEKORT_GL_ES)
#include <GLES3/gl3.h>
#else
#include <GL/gl.h>
#endif

#include <algorithm>
#include <chrono>

namespace idekort::platform::imgui_gl_frame {

void begin(bool& fonts_dirty, double& last_frame_seconds) {
    ImGui_ImplOpenGL3_NewFrame();
    // The app rebuilds its font atlas when told the display scale changed; upload the new one
    // before it is used (the backend created the first texture in its NewFrame).
    if (fonts_dirty || !ImGui::GetIO().Fonts->IsBuilt()) {
        fonts_dirty = false;
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    // ImGui's time step from the steady clock, whatever the window library's own clock does:
    // when the browser's SDL was built without timers its counter stood still, ImGui's clock
    // crawled 1 ms a frame, a modal dialog's dimming took minutes to fade in (the kiosk's "Er du
    // der stadig?" stood undimmed over the wizard), and two taps a second apart were a double-click.
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (last_frame_seconds > 0) ImGui::GetIO().DeltaTime = static_cast<float>(std::max(now - last_frame_seconds, 1e-4));
    last_frame_seconds = now;
}

void end(int framebuffer_width, int framebuffer_height) {
    ImGui::Render();
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glViewport(0, 0, framebuffer_width, framebuffer_height);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// The pacer redraws for the caret's blink only; a steady caret (the kiosk's) needs no frames.
bool text_input_active() {
    return ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput && ImGui::GetIO().ConfigInputTextCursorBlink;
}

bool input_pending() { return ImGui::GetCurrentContext() && !GImGui->InputEventsQueue.empty(); }

AppEnvironment environment(const char* platform_name, float ui_scale, float pixel_ratio) {
    AppEnvironment env;
    env.platform_name = platform_name;
    env.ui_scale = ui_scale;
    env.pixel_ratio = pixel_ratio;
    return env;
}

} // namespace idekort::platform::imgui_gl_frame
