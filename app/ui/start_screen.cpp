// StartScreen and ThanksScreen drawing (see start_screen.h).
#include "app/ui/start_screen.h"

#include "app/ui/sync_view.h"

#include "imgui.h"

#include <algorithm>

namespace idekort::ui {

std::string_view sent_state_key(OutboxState state) {
    switch (state) {
    case OutboxState::Queued: return "sent.queued";
    case OutboxState::Sending: return "sent.sending";
    case OutboxState::Received: return "sent.received";
    case OutboxState::Conflict:
    case OutboxState::Failed: return "sent.attention";
    }
    return "sent.queued";
}

StartScreen::Action StartScreen::draw(const DraftShelf* shelf, const SyncEngine* sync, bool store_durable, std::string_view store_notice,
                                      ScreenContext& ctx) {
    Action action;
    const float s = ctx.ui_scale;
    begin_screen("##start", ctx, 0);
    const float cw = ctx.content_width;
    heading_text(ctx("start.heading"), ctx.fonts, cw);
    wrapped_text(ctx("start.intro"), cw);
    gap(12, s);
    if (big_button(ctx("start.new_card"), std::min(cw, 360 * s), s, true)) action.kind = Action::NewCard;
    if (!store_notice.empty()) {
        gap(8, s);
        problem_text(ctx(store_notice), cw);
    }
    gap(6, s);
    if (draw_sync_line(sync, ctx)) action.kind = Action::SendNow;

    if (shelf && !shelf->entries().empty()) {
        gap(16, s);
        wrapped_text(ctx("drafts.heading"), cw);
        rule(cw, s);
        for (const ShelfEntry& e : shelf->entries()) {
            ImGui::PushID(e.id.c_str());
            wrapped_text(e.title.empty() ? ctx("drafts.untitled") : e.title, cw);
            help_text(ctx(label_key(e, store_durable)), cw);
            const std::string name = e.title.empty() ? ctx("drafts.untitled") : e.title;
            if (m_confirm_delete == e.id) {
                problem_text(ctx("drafts.delete_question"), cw);
                ctx.registry.label_next_item(ctx("drafts.delete_yes") + ": " + name);
                if (big_button(ctx("drafts.delete_yes"), 220 * s, s)) {
                    action = {Action::Delete, e.id};
                    m_confirm_delete.clear();
                }
                ImGui::SameLine();
                ctx.registry.label_next_item(ctx("drafts.delete_no") + ": " + name);
                if (big_button(ctx("drafts.delete_no"), 220 * s, s)) m_confirm_delete.clear();
            } else {
                // Named with the draft's title, so each button says which draft it acts on.
                ctx.registry.label_next_item(ctx("drafts.resume") + ": " + name);
                if (big_button(ctx("drafts.resume"), 180 * s, s)) action = {Action::Resume, e.id};
                ImGui::SameLine();
                ctx.registry.label_next_item(ctx("drafts.delete") + ": " + name);
                if (big_button(ctx("drafts.delete"), 140 * s, s)) m_confirm_delete = e.id;
            }
            gap(8, s);
            ImGui::PopID();
        }
    }

    if (shelf && !shelf->sent().empty()) {
        gap(16, s);
        wrapped_text(ctx("start.sent_heading"), cw);
        rule(cw, s);
        for (const SentEntry& e : shelf->sent()) {
            wrapped_text(e.title, cw);
            const SentWords words = sent_words(e, sync, ctx);
            help_text(words.state + " · " + ctx("sent.receipt") + " " + e.receipt, cw);
            if (!words.reason.empty()) (words.attention ? problem_text : help_text)(words.reason, cw);
            gap(6, s);
        }
    }
    gap(24, s);
    touch_scroll(m_scroll, s);
    end_screen();
    return action;
}

bool ThanksScreen::draw(const std::string& receipt, bool received, ScreenContext& ctx) {
    const float s = ctx.ui_scale;
    begin_screen("##thanks", ctx, 0);
    const float cw = ctx.content_width;
    heading_text(ctx("thanks.heading"), ctx.fonts, cw);
    gap(12, s);
    wrapped_text(ctx("thanks.receipt_label"), cw);
    // The code in a box, about three times body size: read aloud over the phone, copied by hand.
    // On a phone it shrinks to fit the width rather than run off the screen.
    const float pad = 18 * s;
    ImGui::PushFont(ctx.fonts.display);
    const float natural = ImGui::CalcTextSize(receipt.c_str()).x;
    ImGui::SetWindowFontScale(std::min(1.0f, natural > 0 ? (cw - pad * 2) / natural : 1.0f));
    const ImVec2 size = ImGui::CalcTextSize(receipt.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x + pad * 2, at.y + size.y + pad * 2), IM_COL32(0xE3, 0xEB, 0xF3, 255), 10 * s);
    ImGui::SetCursorScreenPos(ImVec2(at.x + pad, at.y + pad));
    ImGui::TextUnformatted(receipt.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + size.y + pad * 2 + ImGui::GetStyle().ItemSpacing.y));
    help_text(ctx("thanks.receipt_help"), cw);
    gap(10, s);
    wrapped_text(ctx(received ? "thanks.received" : "thanks.queued"), cw);
    gap(16, s);
    const bool done = big_button(ctx("thanks.done"), std::min(cw, 320 * s), s, true);
    touch_scroll(m_scroll, s);
    end_screen();
    return done;
}

} // namespace idekort::ui
