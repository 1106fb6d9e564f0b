// StartScreen drawing (see start_screen.h).
#include "app/capture/start_screen.h"

#include "app/capture/sync_view.h"
#include "common/text.h"

#include "imgui.h"

#include <algorithm>

namespace idekort::capture {

namespace {

// "Uden titel: »Lange ventetider på …«": the draft's first words, cut at a word within 40 characters.
std::string untitled_name(const std::string& opening, const ScreenContext& ctx) {
    std::string words = opening.substr(0, opening.find('\n'));
    constexpr std::size_t most = 40;
    if (text::count_characters(words) > most) {
        words.resize(text::byte_offset_of_character(words, most));
        if (const auto space = words.rfind(' '); space != std::string::npos && space > 10) words.resize(space);
        words += " …";
    }
    if (words.empty()) return ctx("drafts.untitled");
    return ctx.strings("drafts.untitled_with", {{"words", words}});
}

} // namespace

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
    if (big_button(ctx("follow.start"), std::min(cw, 360 * s), s)) action.kind = Action::Follow;
    if (big_button(ctx("workshop.start"), std::min(cw, 360 * s), s)) action.kind = Action::Workshop;
    if (!store_notice.empty()) {
        gap(8, s);
        problem_text(ctx(store_notice), cw);
    }
    gap(6, s);
    if (draw_sync_line(sync, ctx, page_says_offline)) action.kind = Action::SendNow;

    if (shelf && !shelf->entries().empty()) {
        gap(16, s);
        wrapped_text(ctx("drafts.heading"), cw);
        rule(cw, s);
        for (const ShelfEntry& e : shelf->entries()) {
            ImGui::PushID(e.id.c_str());
            // A draft without a title is named by its first words, and each says when it was
            // last edited, so a person can tell two drafts apart.
            const std::string name = e.title.empty() ? untitled_name(e.opening, ctx) : e.title;
            wrapped_text(name, cw);
            std::string about = ctx(label_key(e, store_durable));
            if (!e.updated_at.empty()) about += "  ·  " + ctx.strings("drafts.edited", {{"time", readable_time(e.updated_at)}});
            help_text(about, cw);
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
            help_text(words.state + " · " + ctx("sent.receipt") + " " + words.receipt, cw);
            if (!words.reason.empty()) (words.attention ? problem_text : help_text)(words.reason, cw);
            // Issue 15: tapping a finished card asks where it is now.
            ImGui::PushID(e.id.c_str());
            ctx.registry.label_next_item(ctx("follow.card") + ": " + e.title);
            if (big_button(ctx("follow.card"), std::min(cw, 240 * s), s)) action = {Action::Follow, {}, words.receipt};
            ImGui::PopID();
            gap(6, s);
        }
    }
    gap(24, s);
    touch_scroll(m_scroll, s);
    end_screen();
    return action;
}

} // namespace idekort::capture
