// JourneyScreen (see journey_screen.h).
#include "app/office/journey_screen.h"

#include "app/office/office_words.h"
#include "app/ui/widgets.h"
#include "common/protocol/message.h"
#include "common/rfc3339.h"

#include "imgui.h"

#include <algorithm>
#include <cmath>

namespace idekort::office {

using ui::ScreenContext;

namespace {
const char* const decisions[] = {"next_step", "stop", "hand_on"};

// The date of the last transition into `state` in the log, or nothing.
std::string entered_on(const protocol::PipelineCardReply& card, CardState state) {
    for (auto it = card.log.rbegin(); it != card.log.rend(); ++it)
        if (it->to == state) return it->at.substr(0, 10);
    return {};
}

// A row of equal buttons, the chosen one drawn as the primary: the decision and the close
// reasons, large enough for fingers. Returns the index pressed, or -1.
int button_row(ScreenContext& ctx, const std::vector<std::string>& labels, int chosen, float width) {
    const float s = ctx.ui_scale;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float w = (width - spacing * static_cast<float>(labels.size() - 1)) / static_cast<float>(labels.size());
    int pressed = -1;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        ctx.registry.label_next_item(labels[i]);
        ctx.registry.role_next_item(SemanticRole::Button);
        const bool on = static_cast<int>(i) == chosen;
        if (on) ui::push_primary_button();
        if (ImGui::Button(labels[i].c_str(), ImVec2(w, ui::min_touch_target * s))) pressed = static_cast<int>(i);
        if (on) ui::pop_primary_button();
    }
    return pressed;
}
} // namespace

void JourneyScreen::forget() { *this = JourneyScreen{}; }

void JourneyScreen::restore_pending(const std::map<std::string, std::string>& pending) {
    const std::string prefix = journey_draft_prefix;
    for (const auto& [key, json] : pending) {
        if (key.rfind(prefix, 0) != 0) continue;
        if (auto draft = protocol::from_json<JourneyDraft>(json)) m_kept[key.substr(prefix.size())] = std::move(draft).value();
    }
}

void JourneyScreen::open(OfficeContext& office, const std::string& card_id, std::optional<IdeaCard> card, std::int64_t now_ms) {
    // The draft of the card left before goes back with the others: nothing typed is dropped.
    if (m_draft && !m_card_id.empty()) m_kept[m_card_id] = *m_draft;
    m_card_id = card_id;
    m_card = std::move(card);
    m_detail.reset();
    m_draft.reset();
    m_problems.clear();
    m_message.clear();
    m_message_problem = false;
    m_year = std::stoi(format_utc_ms(now_ms).substr(0, 4));   // the ledger's year, as the server's (UTC)
    if (auto kept = m_kept.find(card_id); kept != m_kept.end()) {
        m_draft = kept->second;
        m_kept.erase(kept);
        m_message = office.screen("office.kept");
    }
    reload(office);
}

void JourneyScreen::reload(OfficeContext& office) {
    m_loading = true;
    const std::string card_id = m_card_id;
    office.client.pipeline(card_id, [this, &office, card_id](Outcome o, protocol::PipelineCardReply reply) {
        if (card_id != m_card_id) return;   // the person moved on
        m_loading = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_message = office.words(o);
            m_message_problem = true;
            return;
        }
        m_detail = std::move(reply);
    });
    office.client.ledger(m_year, [this](Outcome o, protocol::LedgerReply reply) {
        if (o.ok()) m_ledger = std::move(reply);
    });
}

bool JourneyScreen::may(const std::string& action) const {
    return m_detail && std::find(m_detail->actions.begin(), m_detail->actions.end(), action) != m_detail->actions.end();
}

StepMoney JourneyScreen::money(OfficeContext& office) const {
    return next_step_money(office.screen.programme, m_detail ? m_detail->step : 0);
}

void JourneyScreen::start(OfficeContext& office, const std::string& action, const std::string& reason) {
    (void)office;
    JourneyDraft d;
    d.request.action = action;
    d.request.reason = reason;
    if (action == "fund_step") d.request.test_card = protocol::TestCardEntry{};
    if (action == "record_learning") d.request.learning = protocol::LearningEntry{};
    m_draft = d;
    m_problems.clear();
}

void JourneyScreen::keep(OfficeContext& office) {
    if (m_draft) office.store.keep_pending(journey_draft_key(m_card_id), protocol::to_json(*m_draft));
}

void JourneyScreen::drop(OfficeContext& office) {
    // Cancelling is a decision to drop the words: the kept draft goes too.
    m_draft.reset();
    m_problems.clear();
    office.store.drop_pending(journey_draft_key(m_card_id));
}

void JourneyScreen::send(OfficeContext& office) {
    if (!m_draft || !m_detail || m_sending) return;
    const StepMoney step = money(office);
    m_problems = draft_problems(*m_draft, step);
    if (!m_problems.empty()) return;
    keep(office);
    protocol::TransitionRequest request = request_of(*m_draft, step);
    request.version = m_detail->version;
    m_sending = true;
    m_message = office.screen("office.card.sending");
    m_message_problem = false;
    const std::string card_id = m_card_id;
    office.client.transition(card_id, request, [this, &office, card_id](Outcome o, protocol::PipelineCardReply reply) {
        m_sending = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (card_id != m_card_id) {
            if (o.ok()) office.store.drop_pending(journey_draft_key(card_id)), m_kept.erase(card_id);
            return;
        }
        if (o.ok()) {
            office.store.drop_pending(journey_draft_key(card_id));
            m_draft.reset();
            m_message = office.screen.strings("office.card.saved", {{"state", office.screen(state_key(reply.state))}});
            m_message_problem = false;
            m_detail = std::move(reply);
            reload(office);   // the answer has no log; the ledger moved
            return;
        }
        // Refused or stale: the words stay in the editor and in the store; the card is shown as it is now.
        if (o.current) m_detail = *o.current;
        m_message = office.words(o);
        if (o.kind == Outcome::Kind::Unreachable) m_message += "\n" + office.screen("office.kept");
        m_message_problem = true;
        if (o.error == protocol::error_code::over_budget) reload(office);
    });
}

bool JourneyScreen::field(OfficeContext& office, const char* id, const std::string& label, std::string& value, int lines, float width) {
    ScreenContext& ctx = office.screen;
    ctx.registry.mute_text(true);
    ui::wrapped_text(label, width);
    ctx.registry.mute_text(false);
    const bool changed = ui::text_field(ctx.entry, ctx.registry, id, label, value, lines > 1 ? TextFieldKind::MultiLine : TextFieldKind::Text,
                                        width, ctx.ui_scale, lines);
    if (changed) keep(office);   // from the first letter on, a crash loses nothing
    return changed;
}

void JourneyScreen::draw_problems(OfficeContext& office, float width) {
    for (const std::string& key : m_problems) ui::problem_text(office.screen(key), width);
    if (m_message_by_button && !m_message.empty()) ui::problem_text(m_message, width);
}

void JourneyScreen::draw_card(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const protocol::PipelineCardReply& c = *m_detail;
    ui::heading_text(m_card && !m_card->title.empty() ? m_card->title : c.receipt, ctx.fonts, width);
    std::string where = c.receipt + " · " + theme_name(ctx, c.theme) + " · " + ctx(state_key(c.state));
    if (c.step > 0) where += " · " + ctx.strings("office.journey.step", {{"step", std::to_string(c.step)}});
    ui::help_text(where, width);
    // The contact details from the invitation to pitch on, when the API gave them to this account.
    const JourneyStage stage = stage_of(c.state);
    const bool from_pitch = stage != JourneyStage::BeforePitch && (stage != JourneyStage::Closed || !entered_on(c, CardState::InvitedToPitch).empty());
    if (from_pitch) {
        ui::gap(6, s);
        ui::subheading_text(ctx("office.journey.contact"), width);
        if (m_card && m_card->has_contact && !m_card->contact.empty()) {
            const CardContact& p = m_card->contact;
            for (const std::string* line : {&p.name, &p.workplace, &p.email, &p.phone})
                if (!line->empty()) ui::wrapped_text(*line, width);
        } else {
            ui::help_text(ctx("office.journey.no_contact"), width);
        }
    }
    if (m_card && !m_card->idea.empty()) {
        ui::gap(6, s);
        ui::subheading_text(ctx("office.card.idea"), width);
        ui::wrapped_text(m_card->idea, width);
    }
    for (const protocol::TestCardEntry& t : c.test_cards) {
        ui::gap(6, s);
        std::string head = ctx.strings("office.journey.test_card_of", {{"step", std::to_string(t.step)}});
        if (t.budget_dkk > 0) head += " · " + format_kroner(t.budget_dkk) + " kr.";
        ui::subheading_text(head, width);
        ui::wrapped_text(ctx.strings("office.journey.test_card_summary",
                                     {{"hypothesis", t.hypothesis}, {"test", t.test}, {"measure", t.measure}, {"success", t.success_criterion}}),
                         width);
        ui::help_text(t.period_from + " – " + t.period_to + " · " + t.owner, width);
        if (!t.learned.empty())
            ui::wrapped_text(ctx.strings("office.journey.learned_summary",
                                         {{"learned", t.learned}, {"decision", ctx(std::string("office.journey.decision.") + t.learning_decision)}}),
                             width);
    }
    ui::gap(6, s);
    ui::subheading_text(ctx("office.journey.history"), width);
    for (const protocol::TransitionLogEntry& e : c.log) {
        std::string line = e.at.substr(0, 10) + " · " + ctx(state_key(e.to)) + " · " + e.by;
        if (!e.why.empty()) line += " · " + e.why;
        ui::help_text(line, width);
    }
}

void JourneyScreen::draw_pitch(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const std::string invited = entered_on(*m_detail, CardState::InvitedToPitch);
    ui::subheading_text(ctx("office.journey.pitch"), width);
    ui::wrapped_text(ctx.strings("office.journey.invited_on", {{"date", invited.empty() ? std::string("?") : invited}}), width);
    ui::help_text(ctx("office.journey.contact_from_now"), width);
    if (!m_draft || m_draft->request.action != "record_pitch") start(office, "record_pitch");
    field(office, "##pitch_date", ctx("office.journey.pitch_date"), m_draft->pitch_date, 1, width);
    field(office, "##pitch_note", ctx("office.journey.pitch_note"), m_draft->request.why, 2, width);
    draw_problems(office, width);
    ui::gap(6, s);
    if (may("record_pitch") && ui::big_button(ctx("office.journey.pitch_held"), width, s, true)) send(office);
    if (may("close") && ui::big_button(ctx("office.card.close"), width, s)) start(office, "close", close_reason_after(m_detail->state, {}));
}

void JourneyScreen::draw_test_card(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const StepMoney step = money(office);
    protocol::TestCardEntry& t = *m_draft->request.test_card;
    ui::subheading_text(ctx.strings("office.journey.test_card_of", {{"step", std::to_string(step.step)}}), width);
    if (step.advice) {
        ui::help_text(ctx("office.journey.advice_track"), width);
    } else {
        ui::status_text(ctx.strings("office.journey.step_amount", {{"step", std::to_string(step.step)}, {"amount", format_kroner(step.amount_dkk)}}), width);
        const protocol::LedgerTheme* theme = nullptr;
        if (m_ledger)
            for (const auto& l : m_ledger->themes)
                if (l.theme == m_detail->theme) theme = &l;
        if (!theme) ui::help_text(ctx("office.journey.budget_loading"), width);
        else if (!theme->remaining_dkk) ui::help_text(ctx.strings("office.journey.no_budget", {{"year", std::to_string(m_year)}}), width);
        else
            ui::status_text(ctx.strings("office.journey.remaining", {{"year", std::to_string(m_year)},
                                                                      {"remaining", format_kroner(*theme->remaining_dkk)},
                                                                      {"budget", format_kroner(theme->budget_dkk.value_or(0))}}),
                            width);
    }
    ui::gap(4, s);
    field(office, "##hypothesis", ctx("office.journey.hypothesis"), t.hypothesis, 2, width);
    field(office, "##test", ctx("office.journey.test"), t.test, 2, width);
    field(office, "##measure", ctx("office.journey.measure"), t.measure, 2, width);
    field(office, "##success", ctx("office.journey.success"), t.success_criterion, 2, width);
    // The period's two dates side by side: both labels on one line, then both fields (a label
    // drawn after a field on the same line would sit lower, at the field's text).
    const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
    const std::string from_label = ctx("office.journey.period_from"), to_label = ctx("office.journey.period_to");
    ctx.registry.mute_text(true);
    ui::wrapped_text(from_label, half);
    ImGui::SameLine(0, 0);
    ImGui::SetCursorPosX(ImGui::GetCursorStartPos().x + half + ImGui::GetStyle().ItemSpacing.x);
    ui::wrapped_text(to_label, half);
    ctx.registry.mute_text(false);
    if (ui::text_field(ctx.entry, ctx.registry, "##from", from_label, t.period_from, TextFieldKind::Text, half, s)) keep(office);
    ImGui::SameLine();
    if (ui::text_field(ctx.entry, ctx.registry, "##to", to_label, t.period_to, TextFieldKind::Text, half, s)) keep(office);
    if (!step.advice) field(office, "##budget", ctx.strings("office.journey.budget", {{"amount", format_kroner(step.amount_dkk)}}), m_draft->budget_text, 1, width);
    field(office, "##owner", ctx("office.journey.owner"), t.owner, 1, width);
    draw_problems(office, width);
    ui::gap(6, s);
    if (ui::big_button(ctx.strings("office.journey.fund", {{"step", std::to_string(step.step)}}), width, s, true)) send(office);
    if (ui::big_button(ctx("office.card.cancel"), width, s)) drop(office);
}

void JourneyScreen::draw_learning(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    if (!m_draft || m_draft->request.action != "record_learning") start(office, "record_learning");
    protocol::LearningEntry& l = *m_draft->request.learning;
    ui::subheading_text(ctx.strings("office.journey.learning_of", {{"step", std::to_string(m_detail->step)}}), width);
    field(office, "##believed", ctx("office.journey.believed"), l.believed, 2, width);
    field(office, "##observed", ctx("office.journey.observed"), l.observed, 2, width);
    field(office, "##learned", ctx("office.journey.learned"), l.learned, 2, width);
    ui::wrapped_text(ctx("office.journey.decision"), width);
    std::vector<std::string> labels;
    int chosen = -1;
    for (int i = 0; i < 3; ++i) {
        labels.push_back(ctx(std::string("office.journey.decision.") + decisions[i]));
        if (l.decision == decisions[i]) chosen = i;
    }
    if (const int pressed = button_row(ctx, labels, chosen, width); pressed >= 0) {
        l.decision = decisions[pressed];
        keep(office);
    }
    draw_problems(office, width);
    ui::gap(6, s);
    if (may("record_learning") && ui::big_button(ctx("office.journey.save_learning"), width, s, true)) send(office);
}

void JourneyScreen::draw_close(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    ui::subheading_text(ctx("office.card.close_reason"), width);
    const std::vector<std::string> reasons = close_reasons_for(m_detail->state);
    std::vector<std::string> labels;
    int chosen = -1;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        labels.push_back(close_reason_name(ctx, reasons[i]));
        if (reasons[i] == m_draft->request.reason) chosen = static_cast<int>(i);
    }
    if (!labels.empty()) {
        if (const int pressed = button_row(ctx, labels, chosen, width); pressed >= 0) {
            m_draft->request.reason = reasons[static_cast<std::size_t>(pressed)];
            keep(office);
        }
    }
    field(office, "##feedback", ctx("office.card.feedback"), m_draft->request.feedback, 4, width);
    draw_problems(office, width);
    ui::gap(6, s);
    if (ui::big_button(ctx("office.card.close_confirm"), width, s, true)) send(office);
    if (ui::big_button(ctx("office.card.cancel"), width, s)) drop(office);
}

void JourneyScreen::draw_editor(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const protocol::PipelineCardReply& c = *m_detail;
    const std::string editing = m_draft ? m_draft->request.action : std::string();
    // A refusal of a form is said by its button, where the person is (the form is taller than a
    // tablet's screen); everything else at the top.
    const JourneyStage stage = stage_of(c.state);
    const bool form = editing == "fund_step" || editing == "close" || stage == JourneyStage::Pitch || stage == JourneyStage::Learning;
    m_message_by_button = m_message_problem && form;
    if (!m_message.empty() && !m_message_by_button) {
        if (m_message_problem) ui::problem_text(m_message, width);
        else ui::status_text(m_message, width);
        ui::gap(4, s);
    }
    ImGui::BeginDisabled(m_sending);
    if (editing == "fund_step") draw_test_card(office, width);
    else if (editing == "close") draw_close(office, width);
    else switch (stage_of(c.state)) {
    case JourneyStage::BeforePitch: ui::wrapped_text(ctx("office.journey.before_pitch"), width); break;
    case JourneyStage::Pitch: draw_pitch(office, width); break;
    case JourneyStage::GoNoGo: {
        const std::string held = entered_on(c, CardState::Pitched);
        ui::subheading_text(ctx("office.journey.go_no_go"), width);
        ui::wrapped_text(ctx.strings("office.journey.pitched_on", {{"date", held.empty() ? std::string("?") : held}}), width);
        if (may("fund_step") && ui::big_button(ctx.strings("office.journey.go", {{"step", std::to_string(c.step + 1)}}), width, s, true))
            start(office, "fund_step");
        if (may("close") && ui::big_button(ctx("office.journey.no_go"), width, s)) start(office, "close", close_reason_after(c.state, {}));
        break;
    }
    case JourneyStage::Learning: draw_learning(office, width); break;
    case JourneyStage::AfterLearning: {
        const std::string decision = c.test_cards.empty() ? std::string() : c.test_cards.back().learning_decision;
        ui::subheading_text(ctx("office.journey.after_learning"), width);
        if (!decision.empty())
            ui::wrapped_text(ctx.strings("office.journey.decided", {{"decision", ctx("office.journey.decision." + decision)}}), width);
        if (may("fund_step") && ui::big_button(ctx.strings("office.journey.next_step", {{"step", std::to_string(c.step + 1)}}), width, s,
                                                decision == "next_step"))
            start(office, "fund_step");
        if (may("close") && ui::big_button(ctx("office.journey.stop"), width, s, decision == "stop")) start(office, "close", "stopped_after_test");
        if (may("close") && ui::big_button(ctx("office.journey.hand_on"), width, s, decision == "hand_on")) start(office, "close", "handed_on");
        break;
    }
    case JourneyStage::Closed:
        ui::subheading_text(ctx.strings("office.journey.closed", {{"reason", close_reason_name(ctx, c.close_reason.value_or(""))}}), width);
        if (!c.feedback.empty()) ui::wrapped_text(c.feedback, width);
        break;
    }
    ImGui::EndDisabled();
}

bool JourneyScreen::draw(OfficeContext& office, float height) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float full = ImGui::GetContentRegionAvail().x;
    const float start = ImGui::GetCursorPosY();
    const bool back = ui::big_button(ctx(m_back_key), std::min(full, 360.0f * s), s);
    ui::gap(4, s);
    if (!m_detail) {
        if (m_loading) ui::status_text(ctx("office.inbox.loading"), full);
        if (!m_message.empty()) ui::problem_text(m_message, full);
        if (!m_loading && ui::big_button(ctx("office.retry"), std::min(full, 360.0f * s), s)) reload(office);
        return back;
    }
    // The card on the left, the editor on the right; on a narrow screen the editor gets more.
    const float card_w = std::floor(full * (full < 1400 * s ? 0.40f : 0.45f));
    const float editor_w = full - card_w - ImGui::GetStyle().ItemSpacing.x;
    const float h = std::max(120.0f * s, height - (ImGui::GetCursorPosY() - start));
    ImGui::BeginChild("journey-card", ImVec2(card_w, h), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    draw_card(office, ImGui::GetContentRegionAvail().x);
    ui::touch_scroll(m_card_scroll, s);   // a tablet scrolls the page by finger
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("journey-editor", ImVec2(editor_w, h), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    draw_editor(office, ImGui::GetContentRegionAvail().x);
    ui::touch_scroll(m_editor_scroll, s);
    ImGui::EndChild();
    return back;
}

} // namespace idekort::office
