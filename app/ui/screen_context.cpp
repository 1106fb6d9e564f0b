// The full-screen window of every screen (see screen_context.h).
#include "app/ui/screen_context.h"

#include "app/ui/widgets.h"

#include "imgui.h"

#include <algorithm>

namespace idekort::ui {

bool begin_screen(const char* id, ScreenContext& ctx, float bottom_reserved) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, std::max(viewport->WorkSize.y - bottom_reserved, 100.0f)));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    // Phones get a narrower margin: 32 px on each side of a 390 px screen wastes a sixth of it.
    const float s = ctx.ui_scale;
    const bool narrow = viewport->WorkSize.x < 600.0f * s;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2((narrow ? 16.0f : 32.0f) * s, 20.0f * s));
    // The scrollbar stays for mouse users; fingers drag the page (touch_scroll).
    ImGui::Begin(id, nullptr, flags & ~ImGuiWindowFlags_NoScrollbar);
    ImGui::PopStyleVar();

    // Content in a readable column, centred on wide screens.
    const float avail = ImGui::GetContentRegionAvail().x;
    ctx.content_width = std::min(avail, 820.0f * s);
    const float indent = (avail - ctx.content_width) / 2;

    // Language switch, top right: switching keeps everything typed.
    const std::string& other = ctx("language.switch");
    const float target = min_touch_target * s;
    const float w = std::max(ImGui::CalcTextSize(other.c_str()).x + ImGui::GetStyle().FramePadding.x * 2, target * 2.5f);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent + ctx.content_width - w);
    const bool switched = ImGui::Button(other.c_str(), ImVec2(w, target));
    if (switched) ctx.strings.set_language(ctx.language() == "da" ? "en" : "da");
    if (indent > 0) ImGui::Indent(indent);
    return switched;
}

void end_screen() {
    // Undo the centring indent, if any, before the window closes.
    const float indent = ImGui::GetCursorPosX() - ImGui::GetStyle().WindowPadding.x;
    if (indent > 0.5f) ImGui::Unindent(indent);
    ImGui::End();
}

} // namespace idekort::ui
