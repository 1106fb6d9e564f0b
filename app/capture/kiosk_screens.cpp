// Kiosk screens (see kiosk_screens.h).
#include "app/capture/kiosk_screens.h"

#include "app/ui/widgets.h"

#include "imgui.h"

#include <algorithm>
#include <cmath>

namespace idekort::capture {

namespace {

constexpr float corner_size = 96.0f;      // logical px of the top-left corner
constexpr int taps_needed = 5;
constexpr double gesture_window = 3.0;    // seconds for all five taps

// A centred window over everything, dimming what is behind it; for the mirror a dialog named
// `title` (end_dialog() closes both).
void begin_dialog(const char* id, const std::string& title, float width, ScreenContext& ctx) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(width, vp->WorkSize.x - 24 * ctx.ui_scale), 0));
    ImGui::OpenPopup(id);
    ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ctx.content_width = ImGui::GetContentRegionAvail().x;
    ctx.registry.begin_group(SemanticRole::Dialog, title);
}

void end_dialog(ScreenContext& ctx) {
    ctx.registry.end_group();
    ImGui::EndPopup();
}

} // namespace

bool draw_attract_screen(ScreenContext& ctx, bool* follow) {
    const float s = ctx.ui_scale;
    begin_screen("##attract", ctx, 0);
    const float cw = ctx.content_width;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    gap(std::max(0.0f, vp->WorkSize.y / s * 0.18f), s);
    // The screen's heading for a screen reader too (it was drawn as plain text, so the kiosk's
    // first screen had no heading in Chromium's tree).
    display_heading_text(ctx("attract.heading"), ctx.fonts, cw);
    gap(12, s);
    wrapped_text(ctx("attract.body"), cw);
    gap(28, s);
    // One big button; the rest of the screen starts a card too (below), so any tap works.
    bool start = big_button(ctx("attract.start"), std::min(cw, 520 * s), s, true);
    if (follow) {
        gap(12, s);
        *follow = big_button(ctx("follow.start"), std::min(cw, 520 * s), s);
    }
    const ImGuiIO& io = ImGui::GetIO();
    if (!start && ImGui::IsWindowHovered() && io.MouseReleased[0] && !ImGui::IsAnyItemHovered() &&
        io.MousePos.y > vp->WorkPos.y + corner_size * s)
        start = true;
    end_screen();
    return start;
}

bool draw_still_there(int seconds_left, ScreenContext& ctx) {
    const float s = ctx.ui_scale;
    begin_dialog("##still_there", ctx("idle.question"), 640 * s, ctx);
    heading_text(ctx("idle.question"), ctx.fonts, ctx.content_width);
    status_text(ctx.strings("idle.body", {{"seconds", std::to_string(seconds_left)}}), ctx.content_width);   // announced as it counts
    gap(12, s);
    const bool yes = big_button(ctx("idle.yes"), ctx.content_width, s, true);
    if (yes) ImGui::CloseCurrentPopup();
    end_dialog(ctx);
    return yes;
}

bool KioskExit::watch_gesture(double now, float ui_scale, bool pin_configured) {
    if (!pin_configured || m_open) return false;
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.MouseClicked[0]) return false;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const bool in_corner = io.MousePos.x < vp->WorkPos.x + corner_size * ui_scale && io.MousePos.y < vp->WorkPos.y + corner_size * ui_scale;
    if (!in_corner) {
        m_taps = 0;
        return false;
    }
    if (now - m_first_tap > gesture_window) {
        m_first_tap = now;
        m_taps = 0;
    }
    if (++m_taps < taps_needed) return false;
    m_taps = 0;
    m_open = true;
    m_typed.clear();
    m_wrong = false;
    return true;
}

bool KioskExit::draw_pin_pad(const std::string& admin_pin, double wall_now, ScreenContext& ctx) {
    if (!m_open) return false;
    const float s = ctx.ui_scale;
    begin_dialog("##kiosk_exit", ctx("kiosk.exit.heading"), 420 * s, ctx);
    const float cw = ctx.content_width;
    heading_text(ctx("kiosk.exit.heading"), ctx.fonts, cw);
    wrapped_text(ctx("kiosk.exit.pin_label"), cw);
    // Dots, not digits: someone may be looking over the administrator's shoulder.
    std::string dots;
    for (std::size_t i = 0; i < m_typed.size(); ++i) dots += "• ";
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::TextUnformatted(dots.empty() ? " " : dots.c_str());
    ImGui::PopFont();
    if (m_wrong) problem_text(ctx("kiosk.exit.wrong"), cw);
    const bool locked = m_guard.locked(wall_now);
    if (locked) {
        std::string wait = ctx("kiosk.exit.locked");
        const auto at = wait.find("{seconds}");
        if (at != std::string::npos) wait.replace(at, 9, std::to_string(static_cast<long long>(std::ceil(m_guard.seconds_left(wall_now)))));
        problem_text(wait, cw);
    }
    const float key = (cw - ImGui::GetStyle().ItemSpacing.x * 2) / 3;
    const char* digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", ""};
    ImGui::BeginDisabled(locked);
    for (int i = 0; i < 12; ++i) {
        if (i % 3) ImGui::SameLine();
        if (!*digits[i]) {
            ImGui::Dummy(ImVec2(key, min_touch_target * s * 1.3f));
            continue;
        }
        if (ImGui::Button(digits[i], ImVec2(key, min_touch_target * s * 1.3f)) && m_typed.size() < 8) {
            m_typed += digits[i];
            m_wrong = false;
        }
    }
    ImGui::EndDisabled();
    gap(8, s);
    const float half = (cw - ImGui::GetStyle().ItemSpacing.x) / 2;
    bool leave = false;
    if (big_button(ctx("kiosk.exit.cancel"), half, s)) {
        m_open = false;
        m_typed.clear();
        m_wrong = false;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(locked || m_typed.empty());
    if (big_button(ctx("kiosk.exit.confirm"), half, s, true)) {
        if (!admin_pin.empty() && m_typed == admin_pin) {
            leave = true;
            if (m_guard.failures() > 0) m_guard_changed = true;
            m_guard.succeeded();
        } else {
            m_wrong = true;
            m_typed.clear();
            m_guard.failed(wall_now);
            m_guard_changed = true;
        }
    }
    ImGui::EndDisabled();
    if (leave || !m_open) ImGui::CloseCurrentPopup();
    end_dialog(ctx);
    return leave;
}

} // namespace idekort::capture
