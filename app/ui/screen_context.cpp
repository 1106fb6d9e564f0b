// The full-screen window of every screen (see screen_context.h).
#include "app/ui/screen_context.h"

#include "app/ui/widgets.h"

#include "imgui.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

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
    ctx.content_width = std::min(avail, ctx.column_limit * s);
    const float indent = (avail - ctx.content_width) / 2;

    // Language switch, top right: switching keeps everything typed.
    const float target = min_touch_target * s;
    // The accessibility buttons, left of the language switch on every screen: speech on a
    // kiosk, which cannot run the person's own screen reader (EN 301 549 5.1), and large text.
    struct TopButton {
        std::string label;
        bool* toggles;   // null: the language switch
        float width;
    };
    std::vector<TopButton> buttons;
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto add = [&](std::string label, bool* toggles) {
        const float width = std::max(ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2, target * 2.5f);
        buttons.push_back({std::move(label), toggles, width});
    };
    if (ctx.speech_on) add(ctx(*ctx.speech_on ? "a11y.speech.turn_off" : "a11y.speech.turn_on"), ctx.speech_on);
    if (ctx.large_text) add(ctx(*ctx.large_text ? "a11y.large_text.turn_off" : "a11y.large_text.turn_on"), ctx.large_text);
    add(ctx("language.switch"), nullptr);
    float row = -style.ItemSpacing.x;
    for (const TopButton& b : buttons) row += b.width + style.ItemSpacing.x;
    // Right-aligned in the column; a row wider than the column (large text on a portrait
    // screen) starts at the column's left edge and wraps, so no button runs off the screen.
    const float row_x = ImGui::GetCursorPosX() + indent;
    float used = std::max(0.0f, ctx.content_width - row);
    // On a whole pixel: a 1 px border drawn across two half pixels is blurred to half its
    // contrast (the wall's wide column put "English" at x 1743.5: 2.2:1 against 3:1 needed).
    used = std::floor(row_x + used) - row_x;
    ImGui::SetCursorPosX(row_x + used);
    bool switched = false;
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        const TopButton& b = buttons[i];
        if (i > 0) {
            if (used + b.width > ctx.content_width + 0.5f) {
                used = 0;
                ImGui::SetCursorPosX(row_x);
            } else {
                ImGui::SameLine();
            }
        }
        used += b.width + style.ItemSpacing.x;
        if (!ImGui::Button(b.label.c_str(), ImVec2(b.width, target))) continue;
        if (b.toggles) *b.toggles = !*b.toggles;
        else switched = true;
    }
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
