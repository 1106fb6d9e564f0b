// MeetingScreen (see meeting_screen.h).
#include "app/office/meeting_screen.h"

#include "app/office/office_words.h"
#include "app/ui/widgets.h"
#include "common/card_json.h"
#include "common/protocol/message.h"
#include "common/rfc3339.h"
#include "common/text.h"

#include "imgui.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace idekort::office {

using ui::ScreenContext;

namespace {
constexpr const char* last_meeting_key = "meeting.last";
const std::string scores_prefix = "scores:";
const std::string decision_prefix = "decision:";
const char* const score_values[] = {"yes", "partly", "no"};

std::string pending_key(const std::string& prefix, const std::string& meeting, const std::string& card) {
    return prefix + meeting + ":" + card;
}

std::string criterion_name(const ScreenContext& ctx, const std::string& id) {
    for (const NamedItem& c : ctx.programme.criteria)
        if (c.id == id) return c.name.in(ctx.language());
    for (const ProgrammeTheme& t : ctx.programme.themes)
        for (const NamedItem& c : t.scoring_criteria)
            if (c.id == id) return c.name.in(ctx.language());
    return id;
}

// A button of a given size with its own name for the registry (the tests and screen readers
// find "Målgruppe: Ja", not one of many "Ja").
bool named_button(ScreenContext& ctx, const std::string& visible, const std::string& name, float width, float height, bool chosen) {
    ctx.registry.label_next_item(name);
    ctx.registry.role_next_item(SemanticRole::Button, chosen);
    if (chosen) ui::push_primary_button();
    const bool pressed = ImGui::Button(visible.c_str(), ImVec2(width, height));
    if (chosen) ui::pop_primary_button();
    return pressed;
}

std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> out;
    std::string name;
    for (char c : text + ",") {
        if (c == ',' || c == ';' || c == ' ' || c == '\n') {
            if (!name.empty()) out.push_back(name);
            name.clear();
        } else {
            name += c;
        }
    }
    return out;
}

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool is_date(const std::string& text) {
    return text.size() == 10 && parse_utc_ms(text + "T00:00:00Z").has_value();
}
} // namespace

void MeetingScreen::forget() { *this = MeetingScreen{}; }

void MeetingScreen::start(OfficeContext& office, const std::string& username, Role role) {
    m_username = username;
    m_role = role;
    (void)office;
}

void MeetingScreen::restore_pending(const std::map<std::string, std::string>& pending) {
    for (const auto& [key, json] : pending)
        if (key.rfind(scores_prefix, 0) == 0 || key.rfind(decision_prefix, 0) == 0) m_restored[key] = json;
}

void MeetingScreen::open_meeting(OfficeContext& office, const std::string& meeting_id, std::int64_t now_ms) {
    const std::string id(text::trim(meeting_id));
    if (id.empty()) return;
    m_meeting_id = id;
    m_model.clear();
    m_load_problem.clear();
    m_message.clear();
    m_scored_card.clear();
    m_decision = Decision::None;
    // The drafts this device kept for this meeting come back as they were left.
    for (const auto& [key, json] : m_restored) {
        const std::string scores_at = scores_prefix + id + ":", decision_at = decision_prefix + id + ":";
        if (key.rfind(scores_at, 0) == 0) {
            if (auto r = protocol::from_json<protocol::ScoresRequest>(json)) m_scores[key.substr(scores_at.size())] = r.value();
        } else if (key.rfind(decision_at, 0) == 0) {
            if (auto r = protocol::from_json<protocol::TransitionRequest>(json)) {
                m_decision_card = key.substr(decision_at.size());
                m_feedback = r.value().feedback;
                m_pitch_date = r.value().why;
                m_decision = r.value().action == "invite_to_pitch" ? Decision::Invite
                             : r.value().action == "ask_for_more" ? Decision::AskForMore : Decision::Close;
            }
        }
    }
    if (!m_scores.empty() || m_decision != Decision::None) told(office.screen("office.kept"), false);
    office.store.save_setting(last_meeting_key, id);
    m_view = m_role == Role::Director ? View::Tablet : View::Room;
    poll(office, now_ms);
}

void MeetingScreen::told(std::string words, bool problem) {
    m_message = std::move(words);
    m_message_problem = problem;
    m_changed = true;
}

void MeetingScreen::poll(OfficeContext& office, std::int64_t now_ms) {
    if (m_polling || m_meeting_id.empty()) return;
    m_polling = true;
    m_next_poll_ms = now_ms + poll_ms;
    const std::string id = m_meeting_id;
    office.client.meeting(id, [this, &office, id, now_ms](Outcome o, protocol::MeetingReply reply) {
        m_polling = false;
        if (id != m_meeting_id) return;   // the person left it meanwhile
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            // A meeting that cannot be opened (a wrong id, not a participant) goes back to the
            // field with the server's words; a server away mid-meeting keeps what is shown.
            const std::string words = office.words(o);
            if (words != m_load_problem) m_changed = true;
            m_load_problem = words;
            if (!m_model.open() && o.kind == Outcome::Kind::Refused) {
                m_meeting_id.clear();
                m_view = View::Open;
                m_list_stale = true;
            }
            return;
        }
        if (!m_load_problem.empty()) m_changed = true;
        m_load_problem.clear();
        if (m_model.take(std::move(reply), std::max(now_ms, wall_ms()))) m_changed = true;
        // A decision being written here on a card someone else decided meanwhile: said at once,
        // with the card as it is now (the same words a refused decision gets).
        if (m_decision != Decision::None && !m_sending) {
            const protocol::DecisionEntry* d = m_model.decision(m_decision_card);
            const MeetingCard* c = m_model.card(m_decision_card);
            if (d && d->by != m_username) {
                office.store.drop_pending(pending_key(decision_prefix, m_meeting_id, m_decision_card));
                m_decision = Decision::None;
                told(office.screen.strings("office.meeting.stale", {{"state", c ? office.screen(state_key(c->entry.state)) : std::string("?")}}), true);
            }
        }
    });
}


double MeetingScreen::wake_in(std::int64_t now_ms) const {
    if (m_meeting_id.empty()) return 1e9;
    const double to_poll = static_cast<double>(std::max<std::int64_t>(0, m_next_poll_ms - now_ms)) / 1000.0;
    double to_tick = 1e9;
    if (m_model.current_entry()) {
        // The countdown's next whole second (seconds_left rounds up while time remains).
        const std::int64_t since = now_ms - m_model.current_since_ms();
        to_tick = static_cast<double>(1000 - ((since % 1000) + 1000) % 1000) / 1000.0;
    }
    return std::min(to_poll, to_tick);
}

std::string MeetingScreen::title_of(const std::string& card_id) const {
    const MeetingCard* c = m_model.card(card_id);
    if (!c) return card_id.substr(0, 8);
    return c->card.title.empty() ? c->entry.receipt : c->card.title;
}

bool MeetingScreen::scores_card(const std::string& card_id) const {
    if (m_role != Role::Director || !m_model.open()) return false;
    const auto& people = m_model.meeting().participants;
    if (std::find(people.begin(), people.end(), m_username) == people.end()) return false;
    const MeetingCard* c = m_model.card(card_id);
    return c && c->entry.state == CardState::InScreening;
}

bool MeetingScreen::may_decide() const {
    if (m_role == Role::Admin) return true;
    if (m_role != Role::Director || !m_model.open()) return false;
    const auto& people = m_model.meeting().participants;
    return std::find(people.begin(), people.end(), m_username) != people.end();
}

void MeetingScreen::draw(OfficeContext& office, float height, std::int64_t now_ms) {
    ScreenContext& ctx = office.screen;
    const float width = ImGui::GetContentRegionAvail().x;
    if (!m_meeting_id.empty() && now_ms >= m_next_poll_ms) poll(office, now_ms);
    const float top = ImGui::GetCursorPosY();
    switch (m_view) {
    case View::Open: draw_open(office, std::min(width, 720.0f * ctx.ui_scale), now_ms); return;
    case View::Plan: draw_plan(office, width, now_ms); return;
    case View::Room:
    case View::Tablet: break;
    }
    draw_header(office, width);
    if (!m_model.open()) {
        if (m_load_problem.empty()) ui::status_text(ctx("office.meeting.loading"), width);
        return;
    }
    const float left = std::max(120.0f * ctx.ui_scale, height - (ImGui::GetCursorPosY() - top));
    if (m_view == View::Room) draw_room(office, width, left, now_ms);
    else draw_tablet(office, width, left, now_ms);
}

void MeetingScreen::load_list(OfficeContext& office) {
    if (m_list_loading) return;
    m_list_loading = true;
    m_list_stale = false;
    office.client.meetings({}, [this, &office](Outcome o, protocol::MeetingListReply reply) {
        m_list_loading = false;
        m_changed = true;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_list_problem = office.words(o);   // the meetings listed before stay
            return;
        }
        m_list_problem.clear();
        m_list = std::move(reply.meetings);
        m_list_loaded = true;
    });
}

// The meetings, the latest date first: one finger-sized button each, named by its date, themes
// and progress, so a screen reader and the keyboard (Tab, Enter) reach them as a pointer does.
void MeetingScreen::draw_list(OfficeContext& office, float width, std::int64_t now_ms) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    ui::heading_text(ctx("office.meetings.heading"), ctx.fonts, width);
    if (m_list_stale && !m_list_loading) load_list(office);
    if (!m_list_problem.empty()) {
        ui::problem_text(m_list_problem, width);
        if (ui::big_button(ctx("office.retry"), std::min(width, 320.0f * s), s)) load_list(office);
    }
    if (!m_list_loaded) {
        if (m_list_loading) ui::status_text(ctx("office.meetings.loading"), width);
        return;
    }
    if (m_list.empty()) {
        ui::help_text(ctx(m_role == Role::Director ? "office.meetings.none_director" : "office.meetings.none"), width);
        return;
    }
    std::string opened;
    for (const protocol::MeetingSummary& m : m_list) {
        std::string themes;
        for (const std::string& t : m.themes) themes += (themes.empty() ? "" : ", ") + theme_name(ctx, t);
        const std::string progress = m.agenda_cards == 0 ? ctx("office.meetings.no_agenda")
                                     : m.decided_cards >= m.agenda_cards
                                         ? ctx.strings("office.meetings.all_decided", {{"total", std::to_string(m.agenda_cards)}})
                                         : ctx.strings("office.meetings.progress", {{"decided", std::to_string(m.decided_cards)},
                                                                                    {"total", std::to_string(m.agenda_cards)}});
        const std::string label = ctx.strings("office.meetings.line", {{"date", m.held_on}, {"themes", themes}, {"progress", progress}});
        ImGui::PushID(m.meeting_id.c_str());
        if (ui::big_button(label, width, s, m.meeting_id == m_meeting_id)) opened = m.meeting_id;
        ImGui::PopID();
    }
    if (!opened.empty()) open_meeting(office, opened, now_ms);
}

void MeetingScreen::draw_open(OfficeContext& office, float width, std::int64_t now_ms) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    // The list can be longer than a tablet's screen: the page scrolls (a finger, the wheel, or
    // the keyboard's focus), so opening by id and planning stay reachable below it. Flattened for
    // navigation: Tab goes on from the tabs above into the list as if it were one window.
    ImGui::BeginChild("open", ImGui::GetContentRegionAvail(), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    const float indent = std::max(0.0f, (ImGui::GetContentRegionAvail().x - width) / 2);
    if (indent > 0) ImGui::Indent(indent);
    ui::gap(16, s);
    draw_list(office, width, now_ms);
    ui::gap(16, s);
    ui::rule(width, s);
    ui::gap(8, s);
    ui::subheading_text(ctx("office.meeting.open_heading"), width);
    ui::help_text(ctx("office.meeting.open_help"), width);
    ui::gap(8, s);
    field_label(ctx, ctx("office.meeting.id"), width);
    ui::text_field(ctx.entry, ctx.registry, "##meeting_id", ctx("office.meeting.id"), m_id_field, TextFieldKind::Text, width, s);
    ui::gap(8, s);
    ImGui::BeginDisabled(text::trim(m_id_field).empty());
    if (ui::big_button(ctx("office.meeting.open"), width, s, true)) open_meeting(office, m_id_field, now_ms);
    ImGui::EndDisabled();
    if (!m_load_problem.empty()) ui::problem_text(m_load_problem, width);
    if (!m_message.empty()) {
        if (m_message_problem) ui::problem_text(m_message, width);
        else ui::status_text(m_message, width);
    }
    if (m_role == Role::Admin || m_role == Role::Triage) {
        ui::gap(16, s);
        ui::rule(width, s);
        ui::gap(8, s);
        if (ui::big_button(ctx("office.meeting.plan"), width, s)) {
            m_view = View::Plan;
            m_message.clear();
            m_plan_themes.assign(ctx.programme.themes.size(), 0);
            if (m_plan_date.empty()) m_plan_date = format_utc_ms(wall_ms()).substr(0, 10);
            m_plan_loading = true;
            office.client.list_cards([this, &office](Outcome o, std::vector<protocol::StoredCardEntry> cards) {
                m_plan_loading = false;
                m_changed = true;
                if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
                if (!o.ok()) return told(office.words(o), true);
                m_screening.clear();
                for (auto& c : cards)
                    if (c.state == CardState::InScreening) m_screening.push_back(std::move(c));
                m_plan_picked.assign(m_screening.size(), 0);
            });
        }
    }
    if (indent > 0) ImGui::Unindent(indent);
    ui::gap(16, s);
    ui::touch_scroll(m_scroll_open, s);
    ImGui::EndChild();
}

void MeetingScreen::draw_plan(OfficeContext& office, float full, std::int64_t now_ms) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    // Two columns on a desk (the meeting, then its agenda and the button), one on a tablet; a
    // finger scrolls the page.
    ImGui::BeginChild("plan", ImVec2(full, ImGui::GetContentRegionAvail().y), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    const float inner = ImGui::GetContentRegionAvail().x;
    const bool two = inner >= 1100.0f * s;
    const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
    const float width = two ? (inner - gap) / 2 : inner;
    ImGui::BeginGroup();
    ui::heading_text(ctx("office.meeting.plan_heading"), ctx.fonts, width);
    field_label(ctx, ctx("office.meeting.date"), width);
    ui::text_field(ctx.entry, ctx.registry, "##held_on", ctx("office.meeting.date"), m_plan_date, TextFieldKind::Text, width, s);
    ui::gap(6, s);
    ui::subheading_text(ctx("office.meeting.themes"), width);
    ui::begin_choice_group(ctx("office.meeting.themes"));
    for (std::size_t i = 0; i < ctx.programme.themes.size() && i < m_plan_themes.size(); ++i) {
        bool on = m_plan_themes[i] != 0;
        ImGui::PushID(static_cast<int>(i));
        if (ui::big_checkbox(ctx.programme.themes[i].name.in(ctx.language()), on, width, s)) m_plan_themes[i] = on ? 1 : 0;
        ImGui::PopID();
    }
    ui::end_choice_group();
    ui::gap(6, s);
    field_label(ctx, ctx("office.meeting.participants"), width);
    ui::text_field(ctx.entry, ctx.registry, "##participants", ctx("office.meeting.participants"), m_plan_participants, TextFieldKind::Text, width, s);
    field_label(ctx, ctx("office.meeting.minutes"), width);
    ui::text_field(ctx.entry, ctx.registry, "##minutes", ctx("office.meeting.minutes"), m_plan_minutes, TextFieldKind::Text, width / 3, s);
    ImGui::Dummy(ImVec2(width, 0));
    ImGui::EndGroup();
    if (two) ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    ui::gap(6, s);
    ui::subheading_text(ctx("office.meeting.agenda_pick"), width);
    if (m_plan_loading) ui::status_text(ctx("office.inbox.loading"), width);
    bool any_card = false;
    ui::begin_choice_group(ctx("office.meeting.agenda_pick"));
    for (std::size_t i = 0; i < m_screening.size() && i < m_plan_picked.size(); ++i) {
        const auto& entry = m_screening[i];
        bool theme_on = false;
        for (std::size_t t = 0; t < ctx.programme.themes.size() && t < m_plan_themes.size(); ++t)
            theme_on = theme_on || (m_plan_themes[t] && ctx.programme.themes[t].id == entry.theme);
        if (!theme_on) continue;
        any_card = true;
        std::string title = entry.receipt;
        if (auto card = card_from_json(entry.card_json); card && !card.value().title.empty()) title += " · " + card.value().title;
        bool on = m_plan_picked[i] != 0;
        ImGui::PushID(entry.card_id.c_str());
        if (ui::big_checkbox(title + " (" + theme_name(ctx, entry.theme) + ")", on, width, s)) m_plan_picked[i] = on ? 1 : 0;
        ImGui::PopID();
    }
    ui::end_choice_group();
    if (!m_plan_loading && !any_card) ui::help_text(ctx("office.meeting.no_cards"), width);
    ui::gap(8, s);
    if (!m_message.empty()) {
        if (m_message_problem) ui::problem_text(m_message, width);
        else ui::status_text(m_message, width);
    }
    ImGui::BeginDisabled(m_sending);
    if (ui::big_button(ctx("office.meeting.plan_confirm"), width, s, true)) {
        protocol::MeetingRequest request;
        request.held_on = std::string(text::trim(m_plan_date));
        for (std::size_t t = 0; t < ctx.programme.themes.size() && t < m_plan_themes.size(); ++t)
            if (m_plan_themes[t]) request.themes.push_back(ctx.programme.themes[t].id);
        request.participants = split_names(m_plan_participants);
        const std::int64_t minutes = std::atoll(m_plan_minutes.c_str());
        for (std::size_t i = 0; i < m_screening.size() && i < m_plan_picked.size(); ++i) {
            if (!m_plan_picked[i]) continue;
            if (std::find(request.themes.begin(), request.themes.end(), m_screening[i].theme) == request.themes.end()) continue;
            request.agenda.push_back({m_screening[i].card_id, minutes});
        }
        if (!is_date(request.held_on)) {
            told(ctx("office.meeting.date_missing"), true);
        } else if (request.themes.empty() || request.participants.empty() || request.agenda.empty()) {
            told(ctx("office.meeting.plan_missing"), true);
        } else if (minutes < 1 || minutes > 240) {
            told(ctx("office.meeting.minutes_range"), true);
        } else {
            m_sending = true;
            told(ctx("office.card.sending"), false);
            office.client.plan_meeting(request, [this, &office, now_ms](Outcome o, protocol::MeetingReply reply) {
                m_sending = false;
                m_changed = true;
                if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
                if (!o.ok()) return told(office.words(o), true);
                const std::string id = reply.meeting_id;
                open_meeting(office, id, now_ms);
                told(office.screen.strings("office.meeting.planned", {{"id", id}}), false);
            });
        }
    }
    ImGui::EndDisabled();
    if (ui::big_button(ctx("office.card.cancel"), width, s)) {
        m_view = View::Open;
        m_list_stale = true;
        m_message.clear();
    }
    ImGui::EndGroup();
    ui::touch_scroll(m_scroll_card, s);
    ImGui::EndChild();
}

void MeetingScreen::draw_header(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float target = ui::min_touch_target * s;
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string heading = m_model.open() ? ctx.strings("office.meeting.heading", {{"date", m_model.meeting().held_on}})
                                               : ctx("office.meeting.loading");
    const std::string& room = ctx("office.meeting.room");
    const std::string& tablet = ctx("office.meeting.tablet");
    const std::string& leave = ctx("office.meeting.leave");
    float buttons = style.ItemSpacing.x * 2;
    for (const std::string* label : {&room, &tablet, &leave})
        buttons += std::max(ImGui::CalcTextSize(label->c_str()).x + style.FramePadding.x * 2, target * 2.5f);
    // Right-aligned from where this line starts (the pane's own padding, not the style's: with the
    // style's, "Forlad mødet" ended 8 px past the rule on a 1024 tablet).
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    ui::subheading_text(heading, width - buttons - style.ItemSpacing.x);
    ui::help_text(ctx.strings("office.meeting.id_line", {{"id", m_meeting_id}}), width - buttons - style.ItemSpacing.x);
    ImGui::EndGroup();
    ImGui::SameLine(std::max(left, left + width - buttons));
    const auto button = [&](const std::string& label, bool chosen) {
        const float w = std::max(ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2, target * 2.5f);
        return named_button(ctx, label, label, w, target, chosen);
    };
    if (button(room, m_view == View::Room)) m_view = View::Room;
    ImGui::SameLine();
    if (button(tablet, m_view == View::Tablet)) m_view = View::Tablet;
    ImGui::SameLine();
    if (button(leave, false)) {
        m_meeting_id.clear();
        m_id_field.clear();
        m_model.clear();
        m_view = View::Open;
        m_list_stale = true;
        m_message.clear();
        office.store.save_setting(last_meeting_key, "");
    }
    if (!m_load_problem.empty()) ui::problem_text(m_load_problem, width);
    if (!m_message.empty()) {
        if (m_message_problem) ui::problem_text(m_message, width);
        else ui::status_text(m_message, width);
    }
    ui::rule(width, s);
}

void MeetingScreen::draw_card_text(OfficeContext& office, const std::string& card_id, float width) {
    ScreenContext& ctx = office.screen;
    const MeetingCard* c = m_model.card(card_id);
    ui::heading_text(title_of(card_id), ctx.fonts, width);
    if (!c) return;
    ui::help_text(c->entry.receipt + " · " + theme_name(ctx, c->entry.theme) + " · " + ctx(state_key(c->entry.state)), width);
    draw_card_sections(ctx, c->card, width);
}

void MeetingScreen::draw_scores(OfficeContext& office, const std::string& card_id, float width, bool per_criterion) {
    ScreenContext& ctx = office.screen;
    ui::subheading_text(ctx("office.meeting.scores"), width);
    for (const std::string& director : m_model.meeting().participants) {
        const ScoreTally t = m_model.tally(card_id, director);
        if (t.total() == 0) {
            ui::help_text(ctx.strings("office.meeting.director_waiting", {{"director", director}}), width);
            continue;
        }
        ui::wrapped_text(ctx.strings("office.meeting.director_scores", {{"director", director}, {"yes", std::to_string(t.yes)},
                                                                         {"partly", std::to_string(t.partly)}, {"no", std::to_string(t.no)}}),
                         width);
        if (!per_criterion) continue;
        ImGui::Indent(16.0f * ctx.ui_scale);
        for (const protocol::ScoreEntry& e : m_model.scores(card_id, director)) {
            const std::string score = ctx("office.meeting.score." + e.score);
            const std::string name = criterion_name(ctx, e.criterion);
            ui::help_text(e.note.empty() ? ctx.strings("office.meeting.score_line", {{"criterion", name}, {"score", score}})
                                         : ctx.strings("office.meeting.score_note", {{"criterion", name}, {"score", score}, {"note", e.note}}),
                          width - 16.0f * ctx.ui_scale);
        }
        ImGui::Unindent(16.0f * ctx.ui_scale);
    }
}

void MeetingScreen::draw_room(OfficeContext& office, float width, float height, std::int64_t now_ms) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float agenda_w = std::floor(width * 0.26f), scores_w = std::floor(width * 0.28f);
    const float card_w = width - agenda_w - scores_w - gap * 2;
    const auto& meeting = m_model.meeting();
    const int current = m_model.current();

    ImGui::BeginChild("agenda", ImVec2(agenda_w, height), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    const float aw = ImGui::GetContentRegionAvail().x;
    ui::subheading_text(ctx("office.meeting.agenda"), aw);
    for (std::size_t i = 0; i < meeting.agenda.size(); ++i) {
        const auto& item = meeting.agenda[i];
        ui::gap(4, s);
        const std::string line = ctx.strings("office.meeting.agenda_item", {{"n", std::to_string(i + 1)}, {"title", title_of(item.card_id)},
                                                                              {"minutes", std::to_string(item.minutes)}});
        if (static_cast<int>(i) == current) {
            // The card on the table stands out: in the primary buttons' blue, not the help grey.
            ui::push_primary_button();
            const ImVec4 blue = ImGui::GetStyleColorVec4(ImGuiCol_Button);
            ui::pop_primary_button();
            ImGui::PushStyleColor(ImGuiCol_Text, blue);
            ui::subheading_text(ctx.strings("office.meeting.now", {{"item", line}}), aw);
            ImGui::PopStyleColor();
        } else {
            ui::wrapped_text(line, aw);
        }
        if (const protocol::DecisionEntry* d = m_model.decision(item.card_id))
            ui::help_text(ctx.strings("office.meeting.decided", {{"decision", ctx("office.meeting.decision." + d->decision)}, {"by", d->by},
                                                                {"yes", std::to_string(d->yes)}, {"partly", std::to_string(d->partly)},
                                                                {"no", std::to_string(d->no)}}),
                          aw);
    }
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("current", ImVec2(card_w, height), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    const float cw = ImGui::GetContentRegionAvail().x;
    if (const protocol::AgendaEntry* now = m_model.current_entry()) draw_card_text(office, now->card_id, cw);
    else ui::heading_text(ctx("office.meeting.all_decided"), ctx.fonts, cw);
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("scores", ImVec2(scores_w, height), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    const float sw = ImGui::GetContentRegionAvail().x;
    if (const protocol::AgendaEntry* now = m_model.current_entry()) {
        const std::int64_t left = m_model.seconds_left(now_ms);
        ui::help_text(ctx(left >= 0 ? "office.meeting.time_left" : "office.meeting.time_over"), sw);
        // The countdown in the display font, readable from the far end of the table; red once over.
        ImGui::PushFont(ctx.fonts.display);
        if (left < 0) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0xA4, 0x1E, 0x1E, 0xFF));
        const std::string clock = countdown_text(left);
        ImGui::TextUnformatted(clock.c_str());
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ctx.registry.add_text(SemanticRole::Text, clock, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y});
        if (left < 0) ImGui::PopStyleColor();
        ImGui::PopFont();
        ui::gap(8, s);
        draw_scores(office, now->card_id, sw, true);
    }
    if (const protocol::DecisionEntry* d = m_model.last_decision()) {
        ui::gap(12, s);
        ui::rule(sw, s);
        ui::subheading_text(ctx.strings("office.meeting.last_decision", {{"title", title_of(d->card_id)}}), sw);
        ui::status_text(ctx("office.meeting.decision." + d->decision) + " (" + d->by + ")", sw);
        draw_scores(office, d->card_id, sw, false);
    }
    ImGui::EndChild();
}

void MeetingScreen::draw_tablet(OfficeContext& office, float width, float height, std::int64_t now_ms) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
    const protocol::AgendaEntry* now = m_model.current_entry();
    // One page that a finger scrolls whole: the card and what was said of it on the left, the
    // criteria to score and the chair's decision on the right.
    ImGui::BeginChild("tablet", ImVec2(width, height), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    const float inner = ImGui::GetContentRegionAvail().x;
    const float card_w = std::floor((inner - gap) * 0.46f);
    const float side_w = inner - card_w - gap;

    ImGui::BeginGroup();
    if (now) {
        ui::status_text(ctx.strings("office.meeting.tablet_time", {{"time", countdown_text(m_model.seconds_left(now_ms))}}), card_w);
        draw_scores(office, now->card_id, card_w, false);
    } else {
        ui::heading_text(ctx("office.meeting.all_decided"), ctx.fonts, card_w);
    }
    if (const protocol::DecisionEntry* d = m_model.last_decision()) {
        ui::gap(8, s);
        ui::subheading_text(ctx.strings("office.meeting.last_decision", {{"title", title_of(d->card_id)}}), card_w);
        ui::status_text(ctx("office.meeting.decision." + d->decision) + " (" + d->by + ")", card_w);
        draw_scores(office, d->card_id, card_w, false);
    }
    if (now) {
        ui::gap(8, s);
        ui::rule(card_w, s);
        draw_card_text(office, now->card_id, card_w);
    }
    ImGui::Dummy(ImVec2(card_w, 0));
    ImGui::EndGroup();

    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    if (now) {
        if (scores_card(now->card_id)) draw_scoring(office, now->card_id, side_w);
        else if (m_role == Role::Director) ui::help_text(ctx("office.meeting.not_scoring"), side_w);
        if (may_decide()) {
            ui::gap(12, s);
            ui::rule(side_w, s);
            draw_decision(office, now->card_id, side_w);
        }
    }
    ImGui::Dummy(ImVec2(side_w, 0));
    ImGui::EndGroup();
    ui::touch_scroll(m_scroll_side, s);
    ImGui::EndChild();
}

void MeetingScreen::draw_scoring(OfficeContext& office, const std::string& card_id, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    // The director's scores the server already has come in once, unless this device kept newer ones.
    if (m_scored_card != card_id) {
        m_scored_card = card_id;
        if (m_scores.find(card_id) == m_scores.end()) {
            protocol::ScoresRequest mine;
            for (const protocol::ScoreEntry& e : m_model.scores(card_id, m_username)) mine.scores.push_back({"", "", e.criterion, e.score, e.note});
            if (!mine.scores.empty()) m_scores[card_id] = mine;
        }
    }
    protocol::ScoresRequest& mine = m_scores[card_id];
    const MeetingCard* c = m_model.card(card_id);
    ui::subheading_text(ctx("office.meeting.criteria"), width);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float button_w = (width - spacing * 2) / 3;
    const float button_h = ui::min_touch_target * s * 1.25f;
    for (const NamedItem& criterion : criteria_for(ctx.programme, c ? c->entry.theme : std::string())) {
        const std::string name = criterion.name.in(ctx.language());
        auto found = std::find_if(mine.scores.begin(), mine.scores.end(), [&](const protocol::ScoreEntry& e) { return e.criterion == criterion.id; });
        ImGui::PushID(criterion.id.c_str());
        ui::gap(6, s);
        ui::wrapped_text(name, width);
        for (int v = 0; v < 3; ++v) {
            if (v) ImGui::SameLine();
            const std::string visible = ctx(std::string("office.meeting.score.") + score_values[v]);
            const bool chosen = found != mine.scores.end() && found->score == score_values[v];
            if (named_button(ctx, visible, name + ": " + visible, button_w, button_h, chosen)) {
                if (found == mine.scores.end()) {
                    mine.scores.push_back({"", "", criterion.id, score_values[v], ""});
                    found = mine.scores.end() - 1;
                } else {
                    found->score = score_values[v];
                }
                keep_scores(office, card_id);
            }
        }
        std::string note = found != mine.scores.end() ? found->note : std::string();
        const std::string note_label = ctx.strings("office.meeting.note", {{"criterion", name}});
        ctx.registry.mute_text(true);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ui::wrapped_text(note_label, width);
        ImGui::PopStyleColor();
        ctx.registry.mute_text(false);
        if (ui::text_field(ctx.entry, ctx.registry, "##note", note_label, note, TextFieldKind::Text, width, s)) {
            // A note without a score yet is kept with the score still to choose: sent once scored.
            if (found == mine.scores.end()) {
                mine.scores.push_back({"", "", criterion.id, "", note});
            } else {
                found->note = note;
            }
            keep_scores(office, card_id);
        }
        ImGui::PopID();
    }
    ui::gap(8, s);
    ImGui::BeginDisabled(m_sending);
    if (ui::big_button(ctx("office.meeting.send_scores"), width, s, true)) send_scores(office, card_id);
    ImGui::EndDisabled();
}

void MeetingScreen::keep_scores(OfficeContext& office, const std::string& card_id) {
    office.store.keep_pending(pending_key(scores_prefix, m_meeting_id, card_id), protocol::to_json(m_scores[card_id]));
}

void MeetingScreen::send_scores(OfficeContext& office, const std::string& card_id) {
    if (m_sending) return;
    // Only scored criteria are sent; a note waiting for its score stays on this device.
    protocol::ScoresRequest request;
    for (const protocol::ScoreEntry& e : m_scores[card_id].scores)
        if (!e.score.empty()) request.scores.push_back(e);
    if (request.scores.empty()) return told(office.screen("office.meeting.scores_missing"), true);
    m_sending = true;
    told(office.screen("office.card.sending"), false);
    const std::string meeting = m_meeting_id;
    keep_scores(office, card_id);
    office.client.put_scores(meeting, card_id, request, [this, &office, meeting, card_id](Outcome o, protocol::ScoresReply) {
        m_sending = false;
        m_changed = true;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            std::string words = office.words(o);
            if (o.kind == Outcome::Kind::Unreachable || o.kind == Outcome::Kind::Busy) words += "\n" + office.screen("office.kept");
            return told(words, true);
        }
        // Acknowledged: the draft goes, the meeting is read again so everyone's scores show.
        m_scores.erase(card_id);
        m_scored_card.clear();
        office.store.drop_pending(pending_key(scores_prefix, meeting, card_id));
        told(office.screen("office.meeting.scores_sent"), false);
        m_next_poll_ms = 0;
    });
}

void MeetingScreen::draw_decision(OfficeContext& office, const std::string& card_id, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    ui::subheading_text(ctx("office.meeting.chair"), width);
    if (m_decision != Decision::None && m_decision_card != card_id) m_decision = Decision::None;   // the room moved on
    ImGui::BeginDisabled(m_sending);
    if (m_decision == Decision::None) {
        const auto choose = [&](Decision d) {
            m_decision = d;
            m_decision_card = card_id;
            m_field_missing = false;
            m_close_reason = 0;
        };
        if (ui::big_button(ctx("office.meeting.invite"), width, s)) choose(Decision::Invite);
        if (ui::big_button(ctx("office.meeting.ask_more"), width, s)) choose(Decision::AskForMore);
        if (ui::big_button(ctx("office.meeting.close"), width, s)) choose(Decision::Close);
    } else {
        bool edited = false;
        if (m_decision == Decision::Invite) {
            field_label(ctx, ctx("office.meeting.pitch_date"), width);
            edited = ui::text_field(ctx.entry, ctx.registry, "##pitch_date", ctx("office.meeting.pitch_date"), m_pitch_date, TextFieldKind::Text,
                                    width, s, 1, m_field_missing);
            if (m_field_missing) ui::problem_text(ctx("office.meeting.pitch_date_missing"), width);
        } else {
            if (m_decision == Decision::Close) {
                const std::vector<std::string> reasons = close_reasons_for(CardState::InScreening);
                ui::help_text(ctx("office.card.close_reason"), width);
                for (std::size_t i = 0; i < reasons.size(); ++i) {
                    std::string label = reasons[i];
                    for (const NamedItem& r : ctx.programme.close_reasons)
                        if (r.id == reasons[i]) label = r.name.in(ctx.language());
                    ImGui::PushID(static_cast<int>(i));
                    if (named_button(ctx, label, label, width, ui::min_touch_target * s, m_close_reason == static_cast<int>(i)))
                        m_close_reason = static_cast<int>(i), edited = true;
                    ImGui::PopID();
                }
            }
            field_label(ctx, ctx("office.card.feedback"), width);
            edited = ui::text_field(ctx.entry, ctx.registry, "##decision_feedback", ctx("office.card.feedback"), m_feedback,
                                    TextFieldKind::MultiLine, width, s, 3, m_field_missing) || edited;
            if (m_field_missing) ui::problem_text(ctx("office.card.feedback_missing"), width);
        }
        if (edited) {
            m_field_missing = false;
            // From the first letter on, the decision being written is kept on the device.
            protocol::TransitionRequest draft;
            draft.action = m_decision == Decision::Invite ? "invite_to_pitch" : m_decision == Decision::AskForMore ? "ask_for_more" : "close";
            draft.feedback = m_feedback;
            draft.why = m_pitch_date;
            office.store.keep_pending(pending_key(decision_prefix, m_meeting_id, card_id), protocol::to_json(draft));
        }
        if (ui::big_button(ctx("office.meeting.decide"), width, s, true)) send_decision(office, card_id);
        if (ui::big_button(ctx("office.card.cancel"), width, s)) {
            m_decision = Decision::None;
            m_feedback.clear();
            m_pitch_date.clear();
            office.store.drop_pending(pending_key(decision_prefix, m_meeting_id, card_id));
        }
    }
    ImGui::EndDisabled();
}

void MeetingScreen::send_decision(OfficeContext& office, const std::string& card_id) {
    if (m_sending) return;
    const MeetingCard* c = m_model.card(card_id);
    if (!c) return;
    protocol::TransitionRequest request;
    request.version = c->entry.version;   // the card as this device last saw it: a stale one is refused
    const std::string date(text::trim(m_pitch_date));
    switch (m_decision) {
    case Decision::Invite:
        if (!is_date(date)) {
            m_field_missing = true;
            return;
        }
        request.action = "invite_to_pitch";
        request.why = office.screen.strings("office.meeting.pitch_why", {{"date", date}});
        break;
    case Decision::AskForMore:
    case Decision::Close:
        if (text::trim(m_feedback).empty()) {
            m_field_missing = true;
            return;
        }
        request.action = m_decision == Decision::Close ? "close" : "ask_for_more";
        request.feedback = m_feedback;
        if (m_decision == Decision::Close) {
            const std::vector<std::string> reasons = close_reasons_for(CardState::InScreening);
            if (!reasons.empty()) request.reason = reasons[static_cast<std::size_t>(std::clamp(m_close_reason, 0, static_cast<int>(reasons.size()) - 1))];
        }
        break;
    case Decision::None: return;
    }
    m_sending = true;
    told(office.screen("office.card.sending"), false);
    const std::string meeting = m_meeting_id;
    office.client.decide(meeting, card_id, request, [this, &office, meeting, card_id](Outcome o, protocol::PipelineCardReply reply) {
        m_sending = false;
        m_changed = true;
        m_next_poll_ms = 0;   // read the meeting again at once, whatever the answer
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (o.ok()) {
            office.store.drop_pending(pending_key(decision_prefix, meeting, card_id));
            m_decision = Decision::None;
            m_feedback.clear();
            m_pitch_date.clear();
            return told(office.screen.strings("office.meeting.decided_now", {{"state", office.screen(state_key(reply.state))}}), false);
        }
        if (o.kind == Outcome::Kind::Stale) {
            // Someone decided first: said in words with the card as it is now; the words typed
            // here are of no use for a card that moved on, so the draft goes.
            office.store.drop_pending(pending_key(decision_prefix, meeting, card_id));
            m_decision = Decision::None;
            return told(office.screen.strings("office.meeting.stale",
                                              {{"state", o.current ? office.screen(state_key(o.current->state)) : std::string("?")}}),
                        true);
        }
        std::string words = office.words(o);
        if (o.kind == Outcome::Kind::Unreachable || o.kind == Outcome::Kind::Busy) words += "\n" + office.screen("office.kept");
        told(words, true);
    });
}

} // namespace idekort::office
