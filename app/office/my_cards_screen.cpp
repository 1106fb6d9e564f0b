// MyCardsScreen (see my_cards_screen.h).
#include "app/office/my_cards_screen.h"

#include "app/office/office_words.h"
#include "app/ui/widgets.h"
#include "common/card_json.h"
#include "common/rfc3339.h"

#include "imgui.h"

#include <algorithm>
#include <chrono>

namespace idekort::office {

using ui::ScreenContext;

namespace {
// A cell's words, told to the registry as well (ImGui's text has no id): a screen reader reads
// the row's stage and wait, and the tests find them.
void cell_text(ScreenContext& ctx, const std::string& text, float row_h) {
    // In the middle of the finger-tall row, level with the title.
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, (row_h - ImGui::GetTextLineHeight()) / 2));
    ImGui::TextUnformatted(text.c_str());
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ctx.registry.add_text(SemanticRole::Text, text, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y});
}
} // namespace

const MyCardRow* MyCardsScreen::find(const std::string& card_id) const {
    for (const MyCardRow& r : m_rows)
        if (r.entry.card_id == card_id) return &r;
    return nullptr;
}

void MyCardsScreen::load(OfficeContext& office, std::int64_t now_ms) {
    if (m_loading) return;
    m_loading = true;
    m_message.clear();
    office.client.my_cards([this, &office, now_ms](Outcome o, std::vector<protocol::StoredCardEntry> cards) {
        m_loading = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            // What was listed stays on screen; the words say why it is not fresh.
            m_message = office.words(o);
            return;
        }
        m_loaded = true;
        m_rows.clear();
        for (auto& entry : cards) {
            MyCardRow row;
            auto card = card_from_json(entry.card_json);
            if (card) row.card = std::move(card.value());
            const auto since = parse_utc_ms(entry.state_since.empty() ? entry.received_at : entry.state_since);
            if (since) row.days_waiting = std::max<std::int64_t>(0, (now_ms - *since) / (24LL * 60 * 60 * 1000));
            row.entry = std::move(entry);
            m_rows.push_back(std::move(row));
        }
    });
}

void MyCardsScreen::draw(OfficeContext& office, float height) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float width = ImGui::GetContentRegionAvail().x;
    const float top = ImGui::GetCursorPosY();
    ui::heading_text(ctx("office.mine.heading"), ctx.fonts, width);
    ui::help_text(ctx("office.mine.help"), width);
    ImGui::BeginDisabled(m_loading);
    if (ui::big_button(ctx("office.mine.refresh"), std::min(width, 320.0f * s), s)) {
        load(office, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    }
    ImGui::EndDisabled();
    if (m_loading) ui::status_text(ctx("office.mine.loading"), width);
    if (!m_message.empty()) ui::problem_text(m_message, width);
    if (!m_loaded) return;
    if (m_rows.empty()) {
        ui::wrapped_text(ctx("office.mine.none"), width);
        return;
    }
    ui::status_text(ctx.strings("office.mine.count", {{"count", std::to_string(m_rows.size())}}), width);
    // The rows scroll in a child of the rest of the screen's height, flattened for navigation so
    // that Tab goes on from the tabs above into the rows (a table's own scrolling region would be
    // a window of its own, which Tab does not enter).
    const float row_h = ui::min_touch_target * s;
    const float rows_h = row_h * static_cast<float>(m_rows.size() + 1) + 8 * s;
    const float list_h = std::min(rows_h, std::max(row_h * 3, height - (ImGui::GetCursorPosY() - top) - 8 * s));
    ImGui::BeginChild("my_cards_rows", ImVec2(width, list_h), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("my_cards", 5, flags, ImVec2(ImGui::GetContentRegionAvail().x, 0))) {
        ImGui::EndChild();
        return;
    }
    ImGui::TableSetupColumn(ctx("office.inbox.col_title").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_receipt").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_theme").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_state").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(ctx("office.mine.col_waited").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableHeadersRow();
    std::string opened;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_rows.size()), row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const MyCardRow& r = m_rows[static_cast<std::size_t>(i)];
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(r.entry.card_id.c_str());
            // The row is pressed by the card's title (its receipt when it has none), a finger's
            // height tall, and Enter on it with the keyboard does the same.
            const std::string& title = r.card.title.empty() ? r.entry.receipt : r.card.title;
            ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
            if (ImGui::Selectable(title.c_str(), false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_h))) opened = r.entry.card_id;
            ImGui::PopStyleVar();
            ImGui::TableSetColumnIndex(1);
            cell_text(ctx, r.entry.receipt, row_h);
            ImGui::TableSetColumnIndex(2);
            cell_text(ctx, theme_name(ctx, r.entry.theme), row_h);
            ImGui::TableSetColumnIndex(3);
            cell_text(ctx, ctx(state_key(r.entry.state)), row_h);
            ImGui::TableSetColumnIndex(4);
            cell_text(ctx, r.days_waiting == 1 ? ctx("office.mine.one_day") : ctx.strings("office.mine.days", {{"days", std::to_string(r.days_waiting)}}), row_h);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    ui::touch_scroll(m_scroll, s);
    ImGui::EndChild();
    if (!opened.empty() && open_journey) open_journey(opened);
}

} // namespace idekort::office
