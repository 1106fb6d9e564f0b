// FollowScreen drawing (see follow_screen.h).
#include "app/capture/follow_screen.h"

#include "imgui.h"

#include <algorithm>

namespace idekort::capture {

namespace {

// The server's words in the language on screen (the reply carries both).
const std::string& in_language(const protocol::BilingualText& text, const ScreenContext& ctx) {
    return ctx.strings.language() == "en" && !text.en.empty() ? text.en : text.da;
}

// What the screen says when there is no stage to show, and whether it is a problem.
std::string failure_words(const FollowAnswer& a, const ScreenContext& ctx) {
    switch (a.outcome) {
    case FollowOutcome::BadCode: return ctx("follow.bad_code");
    case FollowOutcome::Unknown: return ctx.strings("follow.unknown", {{"code", a.receipt}});
    case FollowOutcome::NoServer: return ctx("follow.no_server");
    case FollowOutcome::Offline: return ctx("follow.offline");
    case FollowOutcome::TooMany: return ctx("follow.too_many");
    case FollowOutcome::ServerError: return ctx.strings("follow.server_error", {{"status", std::to_string(a.http_status)}});
    default: return {};
    }
}

} // namespace

void FollowScreen::open(CardFollow& follow, const std::string& receipt, const std::string& server_url) {
    m_code = receipt;
    m_scroll = {};
    if (receipt.empty()) follow.forget();
    else follow.ask(receipt, server_url);
}

void FollowScreen::reset() {
    m_code.clear();
    m_scroll = {};
}

FollowScreen::Action FollowScreen::draw(CardFollow& follow, const std::string& server_url, ScreenContext& ctx, float bottom_reserved) {
    Action action = Action::None;
    const float s = ctx.ui_scale;
    begin_screen("##follow", ctx, bottom_reserved);
    const float cw = ctx.content_width;
    heading_text(ctx("follow.heading"), ctx.fonts, cw);
    wrapped_text(ctx("follow.intro"), cw);
    gap(8, s);
    const std::string& label = ctx("follow.code_label");
    const FollowAnswer& answer = follow.answer();
    // What is no code is said at the field, as the wizard says a field's problem: the label and
    // the words are the field's name and error for the mirror, not text of their own.
    const bool code_problem = answer.outcome == FollowOutcome::BadCode;
    ctx.registry.mute_text(true);
    wrapped_text(label, cw);
    if (code_problem) ctx.registry.set_next_item_error(failure_words(answer, ctx));
    text_field(ctx.entry, ctx.registry, "##receipt", label, m_code, TextFieldKind::Text, std::min(cw, 360 * s), s, 1, code_problem);
    if (code_problem) problem_text(failure_words(answer, ctx), cw);
    ctx.registry.mute_text(false);
    const bool asking = answer.outcome == FollowOutcome::Asking;
    gap(6, s);
    // Asking again is the way on after any failure: the code is still in the field.
    const bool failed = answer.outcome != FollowOutcome::None && answer.outcome != FollowOutcome::Asking &&
                        answer.outcome != FollowOutcome::Found;
    ImGui::BeginDisabled(asking);
    if (big_button(ctx(failed ? "follow.try_again" : "follow.ask"), std::min(cw, 360 * s), s, true)) follow.ask(m_code, server_url);
    ImGui::EndDisabled();
    gap(12, s);

    if (asking) {
        status_text(ctx.strings("follow.asking", {{"code", answer.receipt}}), cw);
    } else if (answer.outcome == FollowOutcome::Found) {
        const protocol::CardStatusReply& st = answer.status;
        rule(cw, s);
        subheading_text(ctx.strings("follow.status_of", {{"code", st.receipt}}), cw);
        // A server before issue 14 says only the state: the app's own words for it then.
        const std::string stage = st.stage ? in_language(*st.stage, ctx)
                                           : ctx.strings("status.stage." + std::string(to_string(st.state)), {{"step", ""}});
        status_text(stage, cw);
        if (st.next) {
            gap(6, s);
            wrapped_text(in_language(*st.next, ctx), cw);
        }
        if (st.state == CardState::Closed && !st.feedback.empty()) {
            gap(10, s);
            subheading_text(ctx("follow.feedback_heading"), cw);
            wrapped_text(st.feedback, cw);
        }
        if (!st.changed_on.empty()) help_text(ctx.strings("follow.changed_on", {{"date", st.changed_on}}), cw);
    } else if (failed && !code_problem) {
        problem_text(failure_words(answer, ctx), cw);
    }

    gap(16, s);
    if (big_button(ctx("follow.back"), std::min(cw, 240 * s), s)) action = Action::Back;
    gap(24, s);
    touch_scroll(m_scroll, s);
    end_screen();
    return action;
}

} // namespace idekort::capture
