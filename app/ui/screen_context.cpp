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
    // No ImGui scrollbar: it took width when it came and went, so the layout jumped sideways,
    // and it is a desktop bar on a touch screen. Fingers drag the page (touch_scroll), the
    // mouse wheel scrolls, and end_screen() draws a thin indicator over the content.
    ImGui::Begin(id, nullptr, flags);
    ImGui::PopStyleVar();

    // Content in a readable column, centred on wide screens.
    const float avail = ImGui::GetContentRegionAvail().x;
    ctx.content_width = std::min(avail, 820.0f * s);
    const float indent = (avail - ctx.content_width) / 2;

    // Language switch, top right: switching keeps everything typed.
    const std::string& other = ctx("language.switch");
    const float target = min_touch_target * s;
    const float w = std::max(ImGui::CalcTextSize(other.c_str()).x + ImGui::GetStyle().FramePadding.x * 2, target * 2.5f);
    float speech_w = 0;
    std::string speech_label;
    if (ctx.speech_on) {
        // The accessibility button: speech on a kiosk, which cannot run the person's own screen
        // reader (EN 301 549 5.1). Left of the language switch, on every screen.
        speech_label = ctx(*ctx.speech_on ? "a11y.speech.turn_off" : "a11y.speech.turn_on");
        speech_w = std::max(ImGui::CalcTextSize(speech_label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2, target * 2.5f);
    }
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent + ctx.content_width - w - (ctx.speech_on ? speech_w + ImGui::GetStyle().ItemSpacing.x : 0));
    if (ctx.speech_on) {
        if (ImGui::Button(speech_label.c_str(), ImVec2(speech_w, target))) *ctx.speech_on = !*ctx.speech_on;
        ImGui::SameLine();
    }
    const bool switched = ImGui::Button(other.c_str(), ImVec2(w, target));
    if (switched) ctx.strings.set_language(ctx.language() == "da" ? "en" : "da");
    if (indent > 0) ImGui::Indent(indent);
    return switched;
}

void end_screen() {
    // Undo the centring indent, if any, before the window closes.
    const float indent = ImGui::GetCursorPosX() - ImGui::GetStyle().WindowPadding.x;
    if (indent > 0.5f) ImGui::Unindent(indent);
    // Where the page is: a thin bar at the right edge, over the margin, only when it scrolls.
    const float max_scroll = ImGui::GetScrollMaxY();
    if (max_scroll > 0) {
        const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        const float width = 4.0f * std::max(1.0f, size.x / 1000.0f);
        const float track = size.y - 8.0f;
        const float thumb = std::max(track * size.y / (size.y + max_scroll), 24.0f);
        const float top = pos.y + 4.0f + (track - thumb) * ImGui::GetScrollY() / max_scroll;
        const float x = pos.x + size.x - width - 3.0f;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), false);
        draw->AddRectFilled(ImVec2(x, top), ImVec2(x + width, top + thumb), IM_COL32(0x6B, 0x6B, 0x6B, 0xB0), width / 2);
        draw->PopClipRect();
    }
    ImGui::End();
}

} // namespace idekort::ui
