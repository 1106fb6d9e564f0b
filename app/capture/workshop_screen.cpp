// WorkshopScreen drawing (see workshop_screen.h).
#include "app/capture/workshop_screen.h"

#include "app/core/card_wizard.h"
#include "common/card_validation.h"
#include "common/idea_card.h"

#include "imgui.h"

#include <algorithm>

namespace idekort::capture {

namespace {

// The card's own rules for the three fields a participant writes (required, the length limits,
// readable text), as the wizard applies them.
std::vector<FieldProblem> short_card_problems(const std::string& title, const std::string& challenge, const std::string& idea,
                                              const ProgrammeConfig& programme) {
    IdeaCard card;
    card.title = title;
    card.challenge = challenge;
    card.idea = idea;
    std::vector<FieldProblem> problems;
    for (FieldProblem& p : validate_card(card, programme, CardCheck::Complete))
        if (p.field == "title" || p.field == "challenge" || p.field == "idea") problems.push_back(std::move(p));
    return problems;
}

const FieldProblem* problem_for(const std::vector<FieldProblem>& problems, std::string_view field) {
    for (const FieldProblem& p : problems)
        if (p.field == field) return &p;
    return nullptr;
}

std::string problem_words(WorkshopProblem p, const std::string& code, ScreenContext& ctx) {
    if (p == WorkshopProblem::None) return {};
    return ctx.strings("workshop.problem." + std::string(to_string(p)), {{"code", code}});
}

} // namespace

void WorkshopScreen::open(WorkshopParticipant& participant, const std::string& code) {
    m_code = code;
    m_scroll = {};
    m_tried_send = false;
    if (code.empty()) participant.close();
    else participant.join(code);
}

void WorkshopScreen::reset() {
    m_code.clear();
    m_title.clear();
    m_challenge.clear();
    m_idea.clear();
    m_tried_send = false;
    m_save_failed = false;
    m_scroll = {};
}

bool WorkshopScreen::field(ScreenContext& ctx, const std::vector<FieldProblem>& problems, const char* name, std::string& value, int lines) {
    const std::string key = std::string("field.") + name;
    const std::string& label = ctx(key + ".label");
    // Too long is said while typing; a missing answer after "Send".
    const FieldProblem* p = problem_for(problems, name);
    if (p && p->rule == "required" && !m_tried_send) p = nullptr;
    ctx.registry.mute_text(true);
    wrapped_text(label, ctx.content_width);
    if (p) ctx.registry.set_next_item_error(describe_problem(*p, ctx.strings));
    const std::string id = std::string("##workshop_") + name;
    const bool edited = text_field(ctx.entry, ctx.registry, id.c_str(), label, value,
                                   lines > 1 ? TextFieldKind::MultiLine : TextFieldKind::Text, ctx.content_width, ctx.ui_scale, lines, p != nullptr);
    if (p) problem_text(describe_problem(*p, ctx.strings), ctx.content_width);
    ctx.registry.mute_text(false);
    gap(8, ctx.ui_scale);
    return edited;
}

void WorkshopScreen::draw_code_entry(WorkshopParticipant& participant, ScreenContext& ctx) {
    const float s = ctx.ui_scale, cw = ctx.content_width;
    heading_text(ctx("workshop.heading"), ctx.fonts, cw);
    wrapped_text(ctx("workshop.intro"), cw);
    gap(8, s);
    const std::string& label = ctx("workshop.code_label");
    const bool bad_code = participant.problem() == WorkshopProblem::BadCode || participant.problem() == WorkshopProblem::NoWorkshop;
    const std::string words = problem_words(participant.problem(), participant.code().empty() ? m_code : participant.code(), ctx);
    ctx.registry.mute_text(true);
    wrapped_text(label, cw);
    if (bad_code) ctx.registry.set_next_item_error(words);
    text_field(ctx.entry, ctx.registry, "##workshop_code", label, m_code, TextFieldKind::Text, std::min(cw, 360 * s), s, 1, bad_code);
    if (bad_code) problem_text(words, cw);
    ctx.registry.mute_text(false);
    gap(6, s);
    const bool joining = participant.join_state() == WorkshopJoin::Joining;
    ImGui::BeginDisabled(joining);
    if (big_button(ctx(participant.join_state() == WorkshopJoin::Failed ? "workshop.try_again" : "workshop.join"), std::min(cw, 360 * s), s, true))
        participant.join(m_code);
    ImGui::EndDisabled();
    if (joining) status_text(ctx.strings("workshop.joining", {{"code", participant.code()}}), cw);
    else if (participant.join_state() == WorkshopJoin::Failed && !bad_code) problem_text(words, cw);
}

void WorkshopScreen::draw_card_form(WorkshopParticipant& participant, ScreenContext& ctx) {
    const float s = ctx.ui_scale, cw = ctx.content_width;
    subheading_text(ctx("workshop.write_heading"), cw);
    const auto problems = short_card_problems(m_title, m_challenge, m_idea, ctx.programme);
    field(ctx, problems, "title", m_title, 1);
    field(ctx, problems, "challenge", m_challenge, 3);
    field(ctx, problems, "idea", m_idea, 4);
    ImGui::BeginDisabled(m_saving);
    if (big_button(ctx("workshop.send"), std::min(cw, 360 * s), s, true)) {
        m_tried_send = true;
        if (problems.empty()) {
            protocol::WorkshopCardRequest card;
            card.title = m_title;
            card.challenge = m_challenge;
            card.idea = m_idea;
            m_saving = true;
            m_save_failed = false;
            participant.write_card(std::move(card), [this](Status saved) {
                m_saving = false;
                if (!saved) {
                    m_save_failed = true;   // the words stay in the fields
                    return;
                }
                // On the device now: the form is free for the next card.
                m_title.clear();
                m_challenge.clear();
                m_idea.clear();
                m_tried_send = false;
            });
            ctx.entry.forget();
        }
    }
    ImGui::EndDisabled();
    if (m_save_failed) problem_text(ctx("workshop.save_failed"), cw);
    // The connection's state stands below the form, by the cards it concerns: shown above the
    // form, it came and went with every poll on a flaky network and moved the fields under a
    // person's finger (a tap meant for a field landed on its label, and what was typed was lost).
    const WorkshopProblem connection = participant.problem();
    if (connection == WorkshopProblem::Offline || connection == WorkshopProblem::Server)
        status_text(problem_words(connection, participant.code(), ctx), cw);

    // This participant's cards: on the wall, or waiting on the device (they go by themselves).
    for (const WorkshopOutboxCard& c : participant.outbox()) {
        ImGui::PushID(c.card_id.c_str());
        const char* key = c.state == WorkshopOutboxCard::State::Sent      ? "workshop.mine.sent"
                          : c.state == WorkshopOutboxCard::State::Refused ? "workshop.mine.refused"
                                                                          : "workshop.mine.waiting";
        status_text(ctx.strings(key, {{"title", c.title}, {"field", c.refused_field}}), cw);
        ImGui::PopID();
    }
}

void WorkshopScreen::draw_cards(WorkshopParticipant& participant, ScreenContext& ctx) {
    const float s = ctx.ui_scale, cw = ctx.content_width;
    subheading_text(ctx("workshop.cards_heading"), cw);
    const bool voting = participant.info() && participant.info()->voting_open;
    status_text(voting ? ctx.strings(participant.dots_left() == 1 ? "workshop.dots_left_one" : "workshop.dots_left",
                                     {{"n", std::to_string(participant.dots_left())}})
                       : ctx("workshop.voting_not_open"),
                cw);
    const WorkshopProblem p = participant.problem();
    if (p == WorkshopProblem::VotingClosed || p == WorkshopProblem::TooManyDots) problem_text(problem_words(p, participant.code(), ctx), cw);
    const auto ranked = participant.ranking();
    if (ranked.empty()) help_text(ctx("workshop.no_cards"), cw);
    int place = 0;
    for (const protocol::WallCard* card : ranked) {
        ++place;
        ImGui::PushID(card->card_id.c_str());
        rule(cw, s);
        wrapped_text(ctx.strings(card->dots == 1 ? "workshop.card_line_one" : "workshop.card_line", {{"place", std::to_string(place)}, {"title", card->title},
                                                        {"dots", std::to_string(card->dots)}}),
                     cw);
        if (!card->idea.empty()) help_text(card->idea, cw);
        const std::int64_t mine = participant.my_dots(card->card_id);
        if (mine > 0) help_text(ctx.strings("workshop.my_dots", {{"n", std::to_string(mine)}}), cw);
        if (voting) {
            const float bw = std::min(cw, 240 * s);
            ImGui::BeginDisabled(participant.voting() || participant.dots_left() <= 0);
            ctx.registry.label_next_item(ctx("workshop.give_dot") + ": " + card->title);
            if (big_button(ctx("workshop.give_dot"), bw, s, true)) participant.vote(card->card_id, mine + 1);
            ImGui::EndDisabled();
            if (mine > 0) {
                ImGui::BeginDisabled(participant.voting());
                ctx.registry.label_next_item(ctx("workshop.take_dot") + ": " + card->title);
                if (big_button(ctx("workshop.take_dot"), bw, s)) participant.vote(card->card_id, mine - 1);
                ImGui::EndDisabled();
            }
        }
        ImGui::PopID();
    }
}

WorkshopScreen::Action WorkshopScreen::draw(WorkshopParticipant& participant, ScreenContext& ctx, float bottom_reserved) {
    Action action = Action::None;
    const float s = ctx.ui_scale;
    begin_screen("##workshop", ctx, bottom_reserved);
    const float cw = ctx.content_width;
    if (participant.join_state() != WorkshopJoin::Joined) {
        draw_code_entry(participant, ctx);
    } else {
        const auto& info = participant.info();
        heading_text(info ? info->title : ctx.strings("workshop.untitled", {{"code", participant.code()}}), ctx.fonts, cw);
        help_text(ctx.strings("workshop.joined_as", {{"code", participant.code()}}), cw);
        gap(8, s);
        draw_card_form(participant, ctx);
        gap(16, s);
        draw_cards(participant, ctx);
    }
    gap(16, s);
    if (big_button(ctx("workshop.back"), std::min(cw, 240 * s), s)) action = Action::Back;
    gap(24, s);
    touch_scroll(m_scroll, s);
    end_screen();
    return action;
}

} // namespace idekort::capture
