// InboxScreen (see inbox_screen.h).
#include "app/office/inbox_screen.h"

#include "app/office/office_words.h"
#include "app/ui/widgets.h"
#include "common/pipeline.h"
#include "common/protocol/message.h"

#include "imgui.h"
#include "imgui_stdlib.h"

#include <algorithm>
#include <cmath>
#include <chrono>

namespace idekort::office {

using ui::ScreenContext;

namespace {
constexpr CardState all_states[] = {CardState::Received,  CardState::Triaged,    CardState::InScreening,
                                    CardState::InvitedToPitch, CardState::Pitched, CardState::StepFunded,
                                    CardState::LearningRecorded, CardState::Closed};
const std::string draft_prefix = "transition:";

// Marks cards waiting too long: a warm background (the theme's problem red, faint) and words.
const ImU32 waiting_fill = IM_COL32(0xF6, 0xD5, 0xC8, 0xFF);

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A combo of `labels`; returns true when the choice changed. Its label names it for the registry.
bool choice_combo(const char* id, const std::string& label, const std::vector<std::string>& labels, int& choice, float width) {
    if (ui::ItemRegistry* registry = ui::ItemRegistry::current()) registry->label_next_item(label);
    ImGui::SetNextItemWidth(width);
    bool changed = false;
    const char* preview = choice >= 0 && choice < static_cast<int>(labels.size()) ? labels[static_cast<std::size_t>(choice)].c_str() : "";
    if (ImGui::BeginCombo(id, preview)) {
        for (int i = 0; i < static_cast<int>(labels.size()); ++i) {
            if (ImGui::Selectable(labels[static_cast<std::size_t>(i)].c_str(), i == choice)) {
                choice = i;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

} // namespace

std::string state_key(CardState state) { return "office.state." + std::string(to_string(state)); }

std::vector<std::string> close_reasons_for(CardState state) {
    std::vector<std::string> out;
    for (const PipelineRule& rule : pipeline_rules()) {
        if (rule.action != PipelineAction::Close) continue;
        if (std::find(rule.from.begin(), rule.from.end(), state) == rule.from.end()) continue;
        for (CloseReason r : rule.reasons) {
            const std::string text(to_string(r));
            if (r != CloseReason::Duplicate && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
        }
    }
    return out;
}

void InboxScreen::forget() { *this = InboxScreen{}; }

void InboxScreen::restore_pending(const std::map<std::string, std::string>& pending) {
    for (const auto& [key, json] : pending) {
        if (key.rfind(draft_prefix, 0) != 0) continue;
        if (auto request = protocol::from_json<protocol::TransitionRequest>(json)) m_drafts[key.substr(draft_prefix.size())] = request.value();
    }
}

void InboxScreen::load(OfficeContext& office, std::int64_t now) {
    if (m_loading) return;
    m_loading = true;
    office.client.list_cards([this, &office, now](Outcome o, std::vector<protocol::StoredCardEntry> cards) {
        m_loading = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_load_problem = office.words(o);
            return;
        }
        show(office, std::move(cards), now);
    });
}

void InboxScreen::show(OfficeContext& office, std::vector<protocol::StoredCardEntry> cards, std::int64_t now) {
    m_load_problem.clear();
    m_loaded = true;
    m_model.set_cards(std::move(cards), now);
    // Keep the selection where the card still is; otherwise the first card.
    if (m_selected.empty() || !m_model.find(m_selected)) {
        m_selected.clear();
        if (!m_model.view().empty()) select(office, m_model.rows()[static_cast<std::size_t>(m_model.view().front())].entry.card_id);
    }
}

bool InboxScreen::may(const std::string& action) const {
    return m_detail && m_detail->card_id == m_selected && std::find(m_detail->actions.begin(), m_detail->actions.end(), action) != m_detail->actions.end();
}

void InboxScreen::select(OfficeContext& office, const std::string& card_id) {
    if (card_id == m_selected && (m_detail || m_detail_loading)) return;
    m_selected = card_id;
    m_detail.reset();
    m_message.clear();
    m_feedback_missing = false;
    m_mode = Mode::Card;
    m_feedback.clear();
    m_scroll_to_selected = true;
    // A draft this device kept for the card opens again as it was left.
    if (auto d = m_drafts.find(card_id); d != m_drafts.end()) {
        m_feedback = d->second.feedback;
        m_mode = d->second.action == "merge_duplicate" ? Mode::Merge : Mode::Close;
        m_merge_into = d->second.merged_into;
        m_message = office.screen("office.kept");
        m_message_problem = false;
    }
    m_detail_loading = true;
    office.client.pipeline(card_id, [this, &office, card_id](Outcome o, protocol::PipelineCardReply reply) {
        if (card_id != m_selected) return;   // the person moved on
        m_detail_loading = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_message = office.words(o);
            m_message_problem = true;
            return;
        }
        m_model.update_card(card_id, reply.state, reply.theme);
        m_detail = std::move(reply);
    });
}

void InboxScreen::move_selection(OfficeContext& office, int delta) {
    const auto& view = m_model.view();
    if (view.empty()) return;
    int at = m_model.position(m_selected);
    at = at < 0 ? 0 : std::clamp(at + delta, 0, static_cast<int>(view.size()) - 1);
    select(office, m_model.rows()[static_cast<std::size_t>(view[static_cast<std::size_t>(at)])].entry.card_id);
}

void InboxScreen::keep_draft(OfficeContext& office) {
    protocol::TransitionRequest request;
    request.action = m_mode == Mode::Merge ? "merge_duplicate" : "close";
    request.merged_into = m_merge_into;
    request.feedback = m_feedback;
    m_drafts[m_selected] = request;
    office.store.keep_pending(draft_prefix + m_selected, protocol::to_json(request));
}

void InboxScreen::send(OfficeContext& office, protocol::TransitionRequest request, bool keep) {
    if (!m_detail || m_sending) return;
    request.version = m_detail->version;
    const std::string card_id = m_selected;
    if (keep) office.store.keep_pending(draft_prefix + card_id, protocol::to_json(request));
    m_sending = true;
    m_message = office.screen("office.card.sending");
    m_message_problem = false;
    office.client.transition(card_id, request, [this, &office, card_id, keep](Outcome o, protocol::PipelineCardReply reply) {
        m_sending = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        const bool here = card_id == m_selected;
        if (o.ok()) {
            if (keep) {
                m_drafts.erase(card_id);
                office.store.drop_pending(draft_prefix + card_id);
            }
            m_model.update_card(card_id, reply.state, reply.theme);
            if (!here) return;
            m_detail = reply;
            m_mode = Mode::Card;
            m_feedback.clear();
            m_message = office.screen.strings("office.card.saved", {{"state", office.screen(state_key(reply.state))}});
            m_message_problem = false;
            // The answer to a transition has no log; read the card again for its new actions.
            m_detail_loading = true;
            office.client.pipeline(card_id, [this, card_id](Outcome o2, protocol::PipelineCardReply fresh) {
                if (card_id != m_selected) return;
                m_detail_loading = false;
                if (o2.ok()) m_detail = std::move(fresh);
            });
            return;
        }
        // A card someone changed first: said in words, with the card as it is now.
        if (o.current) {
            m_model.update_card(card_id, o.current->state, o.current->theme);
            if (here) m_detail = *o.current;
        }
        if (!here) return;
        m_message = office.words(o);
        if (keep && o.kind == Outcome::Kind::Unreachable) m_message += "\n" + office.screen("office.kept");
        m_message_problem = true;
    });
}

void InboxScreen::set_theme(OfficeContext& office, const std::string& theme) {
    if (!may("triage")) return;
    protocol::TransitionRequest request;
    request.action = "triage";
    request.theme = theme;
    send(office, request, false);
}

void InboxScreen::handle_keys(OfficeContext& office) {
    const ImGuiIO& io = ImGui::GetIO();
    // Keys are the person's words while a field is being typed in.
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
    if (ImGui::IsKeyPressed(ImGuiKey_J) || ImGui::IsKeyPressed(ImGuiKey_DownArrow)) move_selection(office, 1);
    if (ImGui::IsKeyPressed(ImGuiKey_K) || ImGui::IsKeyPressed(ImGuiKey_UpArrow)) move_selection(office, -1);
    if (m_mode != Mode::Card) return;
    const auto& themes = office.screen.programme.themes;
    for (int i = 0; i < 9 && i < static_cast<int>(themes.size()); ++i)
        if (ImGui::IsKeyPressed(static_cast<ImGuiKey>(ImGuiKey_1 + i), false)) set_theme(office, themes[static_cast<std::size_t>(i)].id);
    if (ImGui::IsKeyPressed(ImGuiKey_P, false) && may("plan_screening")) {
        protocol::TransitionRequest request;
        request.action = "plan_screening";
        send(office, request, false);
    }
}

void InboxScreen::draw_filters(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // On a desk the search and the four filters share a line; on a tablet the search has its own,
    // and the filters go two to a line when four would cut their words ("Tema: All" for "Alle",
    // read as English, at 1024 px).
    const bool one_line = width >= 900.0f * s;
    float widest = 0;
    for (const char* key : {"office.inbox.theme", "office.inbox.state", "office.inbox.department", "office.inbox.age"})
        widest = std::max(widest, ImGui::CalcTextSize((ctx(key) + ": " + ctx("office.inbox.any")).c_str()).x);
    const float needed = widest + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
    const bool two_lines = !one_line && (width - gap * 3) / 4 < needed;
    const float combo_w = one_line ? (width - gap * 4) / 6 : two_lines ? (width - gap) / 2 : (width - gap * 3) / 4;
    if (ui::ItemRegistry* registry = ui::ItemRegistry::current()) registry->label_next_item(ctx("office.inbox.search"));
    ImGui::SetNextItemWidth(one_line ? width - (combo_w + gap) * 4 : width);
    ImGui::InputTextWithHint("##search", ctx("office.inbox.search").c_str(), &m_query);

    std::vector<std::string> themes = {ctx("office.inbox.theme") + ": " + ctx("office.inbox.any"), ctx("office.inbox.no_theme")};
    for (const auto& t : ctx.programme.themes) themes.push_back(t.name.in(ctx.language()));
    std::vector<std::string> states = {ctx("office.inbox.state") + ": " + ctx("office.inbox.any")};
    for (CardState st : all_states) states.push_back(ctx(state_key(st)));
    std::vector<std::string> departments = {ctx("office.inbox.department") + ": " + ctx("office.inbox.any")};
    for (const auto& d : ctx.programme.departments) departments.push_back(d.name.in(ctx.language()));
    const std::vector<std::string> ages = {ctx("office.inbox.age") + ": " + ctx("office.inbox.any"), ctx("office.inbox.age_week"),
                                           ctx("office.inbox.age_month")};
    if (one_line) ImGui::SameLine();
    choice_combo("##theme", ctx("office.inbox.theme"), themes, m_theme_choice, combo_w);
    ImGui::SameLine();
    choice_combo("##state", ctx("office.inbox.state"), states, m_state_choice, combo_w);
    if (!two_lines) ImGui::SameLine();
    choice_combo("##department", ctx("office.inbox.department"), departments, m_department_choice, combo_w);
    ImGui::SameLine();
    choice_combo("##age", ctx("office.inbox.age"), ages, m_age_choice, combo_w);

    InboxFilter f;
    f.query = m_query;
    if (m_theme_choice == 1) f.theme = "-";
    else if (m_theme_choice >= 2) f.theme = ctx.programme.themes[static_cast<std::size_t>(m_theme_choice - 2)].id;
    if (m_state_choice >= 1) f.state = all_states[m_state_choice - 1];
    if (m_department_choice >= 1) f.department = ctx.programme.departments[static_cast<std::size_t>(m_department_choice - 1)].id;
    f.min_days = m_age_choice == 1 ? 7 : m_age_choice == 2 ? 30 : 0;
    m_model.set_filter(f);
}

void InboxScreen::draw_table(OfficeContext& office, float width, float height) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("inbox", 6, flags, ImVec2(width, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ctx("office.inbox.col_receipt").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.9f, static_cast<ImGuiID>(InboxColumn::Receipt));
    ImGui::TableSetupColumn(ctx("office.inbox.col_title").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.6f, static_cast<ImGuiID>(InboxColumn::Title));
    ImGui::TableSetupColumn(ctx("office.inbox.col_theme").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f, static_cast<ImGuiID>(InboxColumn::Theme));
    ImGui::TableSetupColumn(ctx("office.inbox.col_department").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f, static_cast<ImGuiID>(InboxColumn::Department));
    ImGui::TableSetupColumn(ctx("office.inbox.col_state").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.1f, static_cast<ImGuiID>(InboxColumn::State));
    ImGui::TableSetupColumn(ctx("office.inbox.col_days").c_str(),
                            ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending,
                            0.8f, static_cast<ImGuiID>(InboxColumn::Days));
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
        m_model.set_sort(static_cast<InboxColumn>(spec.ColumnUserID), spec.SortDirection == ImGuiSortDirection_Ascending);
        specs->SpecsDirty = false;
    }

    const float row_height = ui::min_touch_target * s;
    const auto& view = m_model.view();
    const auto& rows = m_model.rows();
    const int selected_at = m_model.position(m_selected);
    if (m_scroll_to_selected && selected_at >= 0) {
        // Keep the selected row in sight when the keyboard moves it.
        const float top = ImGui::GetScrollY(), visible = height - row_height * 2;
        const float y = static_cast<float>(selected_at) * row_height;
        if (y < top) ImGui::SetScrollY(y);
        else if (y > top + visible) ImGui::SetScrollY(y - visible);
        m_scroll_to_selected = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view.size()), row_height);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const InboxRow& row = rows[static_cast<std::size_t>(view[static_cast<std::size_t>(i)])];
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);
            const bool late = InboxModel::waiting_too_long(row);
            if (late) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, waiting_fill);
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(row.entry.card_id.c_str());
            const bool picked = row.entry.card_id == m_selected || (m_mode == Mode::Merge && row.entry.card_id == m_merge_into);
            // The row's label is the card's title: what a person (and a test) looks for.
            const std::string& title = row.card.title.empty() ? row.entry.receipt : row.card.title;
            if (ImGui::Selectable(row.entry.receipt.c_str(), picked, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_height))) {
                if (m_mode == Mode::Merge && row.entry.card_id != m_selected) {
                    m_merge_into = row.entry.card_id;
                    keep_draft(office);
                } else {
                    select(office, row.entry.card_id);
                }
            }
            // The chosen row is also outlined in the primary blue (9.8:1 on white): its pale fill
            // alone is 1.3:1 against the page, too faint a mark of the choice (WCAG 1.4.11). The
            // row spans every column, so the outline escapes the first column's clipping.
            if (picked) {
                const ImVec2 from = ImGui::GetItemRectMin(), to = ImGui::GetItemRectMax();
                ImDrawList* draw = ImGui::GetWindowDrawList();
                draw->PushClipRect(from, to, false);
                draw->AddRect(from, to, ImGui::GetColorU32(ImGuiCol_CheckMark), 0.0f, 0, 2 * s);
                draw->PopClipRect();
            }
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(title.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(theme_name(ctx, row.entry.theme).c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(department_name(ctx, row.department).c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::TextUnformatted(ctx(state_key(row.entry.state)).c_str());
            ImGui::TableSetColumnIndex(5);
            if (late) ImGui::Text("%d · %s", row.days_waiting, ctx("office.inbox.waiting_long").c_str());
            else ImGui::Text("%d", row.days_waiting);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void InboxScreen::draw_card(OfficeContext& office, const InboxRow& row, float width, bool with_actions) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const IdeaCard& card = row.card;
    ui::heading_text(card.title.empty() ? row.entry.receipt : card.title, ctx.fonts, width);
    ui::help_text(row.entry.receipt + " · " + theme_name(ctx, row.entry.theme) + " · " + ctx(state_key(row.entry.state)), width);
    ui::help_text(ctx.strings("office.card.received", {{"date", row.entry.received_at.substr(0, 10)}, {"days", std::to_string(row.days_waiting)}}), width);
    if (InboxModel::waiting_too_long(row)) ui::problem_text(ctx("office.inbox.waiting_long"), width);
    // The decisions first, under the card's name: in reach without scrolling, whatever its length.
    if (with_actions) draw_actions(office, row, width);
    draw_card_sections(ctx, card, width);
    if (!row.department.empty()) {
        std::string names;
        for (const auto& d : card.departments) names += (names.empty() ? "" : ", ") + department_name(ctx, d);
        ui::gap(6, s);
        ui::subheading_text(ctx("office.inbox.department"), width);
        ui::wrapped_text(names, width);
    }
}

void InboxScreen::draw_actions(OfficeContext& office, const InboxRow& row, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    ui::gap(8, s);
    if (!m_message.empty()) {
        if (m_message_problem) ui::problem_text(m_message, width);
        else ui::status_text(m_message, width);
    }
    if (!m_detail) {
        if (m_detail_loading) ui::help_text(ctx("office.inbox.loading"), width);
        return;
    }
    ImGui::BeginDisabled(m_sending);
    if (m_mode == Mode::Card) {
        if (may("triage")) {
            ui::subheading_text(ctx("office.card.set_theme"), width);
            const auto& themes = ctx.programme.themes;
            // As many buttons a row as the longest theme's name fits on (at most three): a name is
            // read whole ("6 Styrket fokus på værdi for – og med borgerne" was cut at its button's
            // edge with three a row on a desk, 2026-12-01).
            const auto label_of = [&](std::size_t i) {
                return (i < 9 ? std::to_string(i + 1) + " " : std::string()) + themes[i].name.in(ctx.language());
            };
            float longest = 0;
            for (std::size_t i = 0; i < themes.size(); ++i) longest = std::max(longest, ImGui::CalcTextSize(label_of(i).c_str()).x);
            const float spacing = ImGui::GetStyle().ItemSpacing.x;
            const float needed = std::max(260.0f * s, longest + ImGui::GetStyle().FramePadding.x * 2 + 8 * s);
            const std::size_t per_row = std::clamp<std::size_t>(static_cast<std::size_t>((width + spacing) / (needed + spacing)), 1, 3);
            // Whole pixels: with a fractional width the next button starts between two pixels and
            // its 1 px border is drawn half-strength across both (2.31:1 on the card's white
            // instead of the border colour's 5.3:1; WCAG 1.4.11, measured 2026-12-01).
            const float button_w = std::floor((width - spacing * static_cast<float>(per_row - 1)) / static_cast<float>(per_row));
            for (std::size_t i = 0; i < themes.size(); ++i) {
                const std::string label = label_of(i);
                const bool current = themes[i].id == m_detail->theme;
                if (i % per_row != 0) ImGui::SameLine();
                // A name longer than the whole column (one a row) is cut at the button's edge
                // (ImGui clips a sized button's text); the registry has the whole name.
                ctx.registry.label_next_item(label);
                ctx.registry.role_next_item(SemanticRole::Button);
                if (current) ui::push_primary_button();
                const bool pressed = ImGui::Button(label.c_str(), ImVec2(button_w, ui::min_touch_target * s * 1.25f));
                if (current) ui::pop_primary_button();
                if (pressed) set_theme(office, themes[i].id);
            }
            ui::gap(8, s);
        }
        if (may("plan_screening") && ui::big_button(ctx("office.card.pass_on"), width, s, true)) {
            protocol::TransitionRequest request;
            request.action = "plan_screening";
            send(office, request, false);
        }
        if (may("merge_duplicate") && ui::big_button(ctx("office.card.merge"), width, s)) {
            m_mode = Mode::Merge;
            m_merge_into.clear();
        }
        if (may("close") && ui::big_button(ctx("office.card.close"), width, s)) {
            m_mode = Mode::Close;
            m_close_reason = 0;
        }
        // After the screening meeting the card's journey goes on on its own page.
        const bool past_screening = m_detail->state != CardState::Received && m_detail->state != CardState::Triaged &&
                                    m_detail->state != CardState::InScreening;
        if (past_screening && open_journey && ui::big_button(ctx("office.journey.open"), width, s)) open_journey(m_selected);
    } else {
        if (m_mode == Mode::Close) {
            const std::vector<std::string> reasons = close_reasons_for(row.entry.state);
            std::vector<std::string> labels;
            for (const auto& r : reasons) {
                const NamedItem* item = nullptr;
                for (const auto& c : ctx.programme.close_reasons)
                    if (c.id == r) item = &c;
                labels.push_back(item ? item->name.in(ctx.language()) : r);
            }
            field_label(ctx, ctx("office.card.close_reason"), width);
            choice_combo("##reason", ctx("office.card.close_reason"), labels, m_close_reason, width);
            if (m_close_reason >= static_cast<int>(reasons.size())) m_close_reason = 0;
        } else {
            ui::help_text(ctx("office.card.merge_pick"), width);
        }
        ui::gap(6, s);
        field_label(ctx, ctx("office.card.feedback"), width);
        if (ui::text_field(ctx.entry, ctx.registry, "##feedback", ctx("office.card.feedback"), m_feedback, TextFieldKind::MultiLine,
                           width, s, 3, m_feedback_missing)) {
            m_feedback_missing = false;
            keep_draft(office);   // from the first letter on, a crash loses nothing
        }
        if (m_feedback_missing) ui::problem_text(ctx("office.card.feedback_missing"), width);
        const bool merge = m_mode == Mode::Merge;
        ImGui::BeginDisabled(merge && m_merge_into.empty());
        if (ui::big_button(ctx(merge ? "office.card.merge_confirm" : "office.card.close_confirm"), width, s, true)) {
            if (m_feedback.empty()) {
                m_feedback_missing = true;
            } else {
                protocol::TransitionRequest request;
                request.feedback = m_feedback;
                if (merge) {
                    request.action = "merge_duplicate";
                    request.merged_into = m_merge_into;
                } else {
                    const std::vector<std::string> reasons = close_reasons_for(row.entry.state);
                    request.action = "close";
                    request.reason = reasons.empty() ? std::string() : reasons[static_cast<std::size_t>(m_close_reason)];
                }
                send(office, request, true);
            }
        }
        ImGui::EndDisabled();
        if (ui::big_button(ctx("office.card.cancel"), width, s)) {
            // Cancelling is a decision to drop the words: the kept draft goes too.
            m_mode = Mode::Card;
            m_feedback.clear();
            m_drafts.erase(m_selected);
            office.store.drop_pending(draft_prefix + m_selected);
        }
    }
    ImGui::EndDisabled();
    ui::gap(8, s);
    ui::rule(width, s);
}

void InboxScreen::draw(OfficeContext& office, float height) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    handle_keys(office);
    const float full = ImGui::GetContentRegionAvail().x;
    const float table_w = std::floor(full * 0.55f);
    const float card_w = full - table_w - ImGui::GetStyle().ItemSpacing.x;
    const float top = ImGui::GetCursorPosY();

    ImGui::BeginGroup();
    draw_filters(office, table_w);
    if (m_loading && !m_loaded) ui::status_text(ctx("office.inbox.loading"), table_w);
    if (!m_load_problem.empty()) {
        ui::problem_text(m_load_problem, table_w);
        if (ui::big_button(ctx("office.inbox.reload"), table_w / 2, s)) load(office, now_ms());
    }
    ui::help_text(ctx.strings("office.inbox.count", {{"shown", std::to_string(m_model.view().size())}, {"total", std::to_string(m_model.rows().size())}}) +
                      " · " + ctx("office.inbox.keys"),
                  table_w);
    const float table_h = std::max(120.0f * s, height - (ImGui::GetCursorPosY() - top));
    if (m_loaded && m_model.view().empty()) ui::help_text(ctx("office.inbox.empty"), table_w);
    draw_table(office, table_w, table_h);
    ImGui::EndGroup();

    ImGui::SameLine();
    ImGui::BeginChild("card", ImVec2(card_w, height), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    const InboxRow* row = m_model.find(m_selected);
    const float inner = ImGui::GetContentRegionAvail().x;
    if (!row) {
        ui::help_text(ctx("office.inbox.pick"), inner);
    } else if (m_mode == Mode::Merge && !m_merge_into.empty() && m_model.find(m_merge_into)) {
        // The decision, then the duplicate and the card that stays, side by side.
        draw_actions(office, *row, inner);
        const float half = (inner - ImGui::GetStyle().ItemSpacing.x) / 2;
        ImGui::BeginGroup();
        ImGui::PushID("duplicate");
        draw_card(office, *row, half, false);
        ImGui::PopID();
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushID("survivor");
        ui::status_text(ctx("office.card.merge_into"), half);
        draw_card(office, *m_model.find(m_merge_into), half, false);
        ImGui::PopID();
        ImGui::EndGroup();
    } else {
        draw_card(office, *row, inner, true);
    }
    ImGui::EndChild();
}

} // namespace idekort::office
