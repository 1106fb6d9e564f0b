// AdminScreen drawing (see admin_screen.h).
#include "app/capture/admin_screen.h"
#include "app/capture/sync_view.h"

#include "imgui.h"

#include <algorithm>
#include <memory>

namespace idekort::capture {

void AdminScreen::reset() {
    m_server_url.clear();
    m_code.clear();
    m_device_name = "kiosk";
    m_enrolling = false;
    m_message.clear();
    m_message_is_error = false;
    m_alive = std::make_shared<bool>(true); // answers to the old screen are dropped
}

AdminScreen::Action AdminScreen::draw(SyncEngine* sync, ScreenContext& ctx, float bottom_reserved) {
    Action action = Action::None;
    const float s = ctx.ui_scale;
    begin_screen("##admin", ctx, bottom_reserved);
    const float w = ctx.content_width;
    heading_text(ctx("admin.heading"), ctx.fonts, w);

    if (sync) {
        const SyncStatus st = sync->status();
        if (!st.configured) help_text(ctx("sync.not_configured"), w);
        wrapped_text(ctx.strings("admin.outbox", {{"count", std::to_string(st.waiting + st.sending)}}), w);
        if (st.needs_attention > 0) problem_text(ctx.strings("admin.needs_attention", {{"count", std::to_string(st.needs_attention)}}), w);
        wrapped_text(ctx.strings("admin.last_success", {{"time", st.last_success_at.empty() ? ctx("admin.never") : readable_time(st.last_success_at)}}), w);
        if (!st.last_error.empty()) problem_text(ctx.strings("admin.last_error", {{"error", st.last_error}}), w);
        if (st.credential_rejected) problem_text(ctx("sync.reason.credential"), w);
    }

    gap(12, s);
    rule(w, s);
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::SetWindowFontScale(0.7f);
    wrapped_text(ctx("admin.enroll_heading"), w);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    help_text(ctx("admin.enroll_help"), w);
    const auto field = [&](const char* id, const char* label_key, std::string& value, TextFieldKind kind) {
        const std::string& label = ctx(label_key);
        wrapped_text(label, w);
        text_field(ctx.entry, ctx.registry, id, label, value, kind, w, s);
        gap(6, s);
    };
    field("##server_url", "admin.server_url", m_server_url, TextFieldKind::Text);
    field("##code", "admin.code", m_code, TextFieldKind::Text);
    field("##device_name", "admin.device_name", m_device_name, TextFieldKind::Text);
    ImGui::BeginDisabled(m_enrolling || !sync || m_server_url.empty() || m_code.empty());
    if (big_button(ctx(m_enrolling ? "admin.enrolling" : "admin.enroll"), std::min(w, 260 * s), s, true) && sync) {
        m_enrolling = true;
        m_message.clear();
        std::weak_ptr<bool> alive = m_alive;
        UiStrings& strings = ctx.strings; // the app's, alive as long as the app: ctx is this frame's
        sync->enroll(m_server_url, m_code, m_device_name.empty() ? "kiosk" : m_device_name, [this, alive, &strings](Status result) {
            if (alive.expired()) return;
            m_enrolling = false;
            m_message_is_error = !result;
            if (result) {
                m_message = strings("admin.enrolled");
                m_code.clear(); // one-time: no use keeping it on screen
            } else {
                const std::string key = "enroll.error." + result.error().where;
                m_message = strings("admin.enroll_failed", {{"error", strings.has(key) ? strings(key) : result.error().message}});
            }
        });
    }
    ImGui::EndDisabled();
    if (!m_message.empty()) (m_message_is_error ? problem_text : wrapped_text)(m_message, w);

    gap(16, s);
    rule(w, s);
    const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (big_button(ctx("admin.back"), half, s)) action = Action::Back;
    ImGui::SameLine();
    if (big_button(ctx("admin.exit"), half, s)) action = Action::LeaveKiosk;
    gap(24, s);
    touch_scroll(m_scroll, s);
    end_screen();
    return action;
}

} // namespace idekort::capture
