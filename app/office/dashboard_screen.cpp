// DashboardScreen (see dashboard_screen.h).
#include "app/office/dashboard_screen.h"

#include "app/ui/theme.h"
#include "app/ui/widgets.h"

#include "imgui.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

namespace idekort::office {

using ui::ScreenContext;

namespace {
// The kit's colours (app/ui/theme.cpp): the primary blue for counts, lighter blues for later
// steps, the focus orange for the budget line (it must stand out from every bar), a muted
// blue-grey for time.
const ImU32 bar_blue = IM_COL32(0x00, 0x45, 0x7E, 0xFF);
const ImU32 step_colours[] = {IM_COL32(0x00, 0x45, 0x7E, 0xFF), IM_COL32(0x3F, 0x7F, 0xBF, 0xFF), IM_COL32(0x9C, 0xC3, 0xE6, 0xFF),
                              IM_COL32(0xC3, 0xD5, 0xE8, 0xFF)};
const ImU32 budget_line = IM_COL32(0xD9, 0x48, 0x0F, 0xFF);
const ImU32 time_bar = IM_COL32(0x4A, 0x6A, 0x7F, 0xFF);
const ImU32 track = IM_COL32(0xEE, 0xEE, 0xEA, 0xFF);
const ImU32 ink = IM_COL32(0x1A, 0x1A, 0x1A, 0xFF);

int this_utc_year() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
}

std::string theme_words(const DashboardModel& model, const std::string& id, std::string_view language, const ScreenContext& ctx) {
    if (id.empty()) return ctx("office.inbox.no_theme");
    const protocol::DashboardTheme* t = model.theme(id);
    if (!t) return id;
    return language == "en" ? t->name.en : t->name.da;
}

// A choice of `labels`: a 44 px button showing the current one, named `label` for the registry,
// that opens a list to pick from (an ImGui combo's frame is shorter than a finger's target).
// Returns true when the choice changed.
bool choice(const char* id, const std::string& label, const std::vector<std::string>& labels, int& chosen, float width, float ui_scale) {
    chosen = std::clamp(chosen, 0, static_cast<int>(labels.size()) - 1);
    if (ui::ItemRegistry* registry = ui::ItemRegistry::current()) registry->label_next_item(label);
    const std::string shown = labels[static_cast<std::size_t>(chosen)] + "##" + id;
    if (ImGui::Button(shown.c_str(), ImVec2(width, ui::min_touch_target * ui_scale))) ImGui::OpenPopup(id);
    bool changed = false;
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(FLT_MAX, FLT_MAX));
    if (ImGui::BeginPopup(id)) {
        for (int i = 0; i < static_cast<int>(labels.size()); ++i)
            if (ImGui::Selectable(labels[static_cast<std::size_t>(i)].c_str(), i == chosen, ImGuiSelectableFlags_None,
                                  ImVec2(0, ui::min_touch_target * ui_scale)))
                chosen = i, changed = true;
        ImGui::EndPopup();
    }
    return changed;
}

// One row of a bar chart: the name at the left, the bar (segments laid end to end on a light
// track, an optional marker line) in the middle, the figure at the right. The whole row is one
// line of words for the registry: `words`. With `names_above` (a chart whose names do not all
// fit their column, names_fit()) the name stands on its own line over a bar as wide as the row.
struct Segment {
    double value;
    ImU32 colour;
};
float name_column(float width, float figure_share) { return std::floor(width * (figure_share > 0.3f ? 0.28f : 0.34f)); }

// Whether each of a chart's names fits its column: a tablet's narrow panel cut "Internationalise"
// and "Digitalisering &" at the column's edge, so such a chart puts its names above their bars.
bool names_fit(const std::vector<std::string>& names, float width, float figure_share, float s) {
    for (const std::string& name : names)
        if (ImGui::CalcTextSize(name.c_str()).x > name_column(width, figure_share) - 6 * s) return false;
    return true;
}

void bar_row(ScreenContext& ctx, const std::string& name, const std::string& figure, const std::string& words,
             const std::vector<Segment>& segments, double scale, std::optional<double> marker, float width,
             float figure_share = 0.22f, bool names_above = false) {
    const float s = ctx.ui_scale;
    const float row_h = ImGui::GetFontSize() + 8 * s;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float name_w = names_above ? 0.0f : name_column(width, figure_share), figure_w = std::floor(width * figure_share);
    const float name_h = names_above ? ImGui::GetFontSize() + 2 * s : 0.0f;
    const ImVec2 p(start.x, start.y + name_h);   // the bar's line
    const float bar_x = p.x + name_w, bar_w = std::max(10.0f, width - name_w - figure_w - 8 * s);
    const float text_y = p.y + (row_h - ImGui::GetFontSize()) / 2;
    // The name is cut at its column, or at the row's end above the bar (the registry has it whole).
    draw->PushClipRect(start, ImVec2(start.x + (names_above ? width : name_w - 6 * s), p.y + row_h), true);
    draw->AddText(ImVec2(p.x, names_above ? start.y : text_y), ink, name.c_str());
    draw->PopClipRect();
    draw->AddRectFilled(ImVec2(bar_x, p.y + 4 * s), ImVec2(bar_x + bar_w, p.y + row_h - 4 * s), track);
    float x = bar_x;
    for (const Segment& seg : segments) {
        if (scale <= 0 || seg.value <= 0) continue;
        const float w = std::max(2.0f * s, static_cast<float>(seg.value / scale) * bar_w);
        draw->AddRectFilled(ImVec2(x, p.y + 4 * s), ImVec2(std::min(x + w, bar_x + bar_w), p.y + row_h - 4 * s), seg.colour);
        x += w;
    }
    if (marker && scale > 0) {
        const float mx = bar_x + static_cast<float>(*marker / scale) * bar_w;
        draw->AddLine(ImVec2(mx, p.y), ImVec2(mx, p.y + row_h), budget_line, 3 * s);
    }
    draw->AddText(ImVec2(bar_x + bar_w + 8 * s, text_y), ink, figure.c_str());
    // Rows close together (a chart, not a list of controls): the kit's spacing is for fingers.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 4 * s));
    ImGui::Dummy(ImVec2(width, name_h + row_h));
    ImGui::PopStyleVar();
    ctx.registry.add_text(SemanticRole::Text, words, SemanticRect{start.x, start.y, width, name_h + row_h});
}
} // namespace

void DashboardScreen::attach(const AppEnvironment& environment) {
    m_save_file = environment.save_file;
    m_save_frame_png = environment.save_frame_png;
}

void DashboardScreen::forget() {
    auto save_file = std::move(m_save_file);
    auto save_frame_png = std::move(m_save_frame_png);
    *this = DashboardScreen{};
    m_save_file = std::move(save_file);
    m_save_frame_png = std::move(save_frame_png);
}

std::int64_t DashboardScreen::chosen_year() const { return m_year_choice == 0 ? 0 : this_utc_year() - m_year_choice; }

std::string DashboardScreen::chosen_theme() const {
    if (m_theme_choice < 1 || m_theme_choice > static_cast<int>(m_theme_options.size())) return {};
    return m_theme_options[static_cast<std::size_t>(m_theme_choice - 1)].id;
}

void DashboardScreen::load(OfficeContext& office) {
    if (m_loading) return;
    m_loading = true;
    const std::string theme = chosen_theme();
    office.client.dashboard(chosen_year(), theme, [this, &office, theme](Outcome o, protocol::DashboardReply reply) {
        m_loading = false;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_load_problem = office.words(o);
            return;
        }
        m_load_problem.clear();
        if (theme.empty()) m_theme_options = reply.themes;
        m_model.set(std::move(reply));
    });
}

void DashboardScreen::show(protocol::DashboardReply reply) {
    m_load_problem.clear();
    m_theme_options = reply.themes;
    m_model.set(std::move(reply));
}

void DashboardScreen::saved(OfficeContext& office, const Expected<std::string>& where) {
    m_exporting = false;
    if (where) {
        m_last_export = where.value();
        m_message = office.screen.strings("office.dashboard.exported", {{"path", where.value()}});
        m_message_problem = false;
    } else {
        m_message = office.screen.strings("office.dashboard.export_failed", {{"detail", where.error().describe()}});
        m_message_problem = true;
    }
}

// Starts an export if the platform can save it; otherwise says so. Returns the file's name, or
// nothing when it cannot.
std::optional<std::string> DashboardScreen::begin_export(OfficeContext& office, bool possible, const char* extension) {
    if (!possible) {
        m_message = office.screen("office.dashboard.export_unavailable");
        m_message_problem = true;
        return std::nullopt;
    }
    m_exporting = true;
    return "idekort-dashboard-" + std::to_string(m_model.reply().year) + extension;
}

void DashboardScreen::export_csv(OfficeContext& office) {
    const auto file = begin_export(office, static_cast<bool>(m_save_file), ".csv");
    if (!file) return;
    const std::string name = *file;
    office.client.dashboard_csv(chosen_year(), chosen_theme(), [this, &office, name](Outcome o, std::string csv) {
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_exporting = false;
            m_message = office.words(o);
            m_message_problem = true;
            return;
        }
        // The server's CSV opens with a byte-order mark, which spreadsheet programs need to read
        // æ, ø and å as UTF-8; the browser's fetch decodes the body as text and drops it.
        if (csv.rfind("\xEF\xBB\xBF", 0) != 0) csv.insert(0, "\xEF\xBB\xBF");
        m_save_file(name, std::move(csv), [this, &office](Expected<std::string> where) { saved(office, where); });
    });
}

void DashboardScreen::export_png(OfficeContext& office) {
    const auto file = begin_export(office, static_cast<bool>(m_save_frame_png), ".png");
    if (!file) return;
    m_save_frame_png(*file, [this, &office](Expected<std::string> where) { saved(office, where); });
}

void DashboardScreen::open_card(OfficeContext& office, const std::string& card_id) {
    m_card_id = card_id;
    m_card.reset();
    m_card_problem.clear();
    office.client.pipeline(card_id, [this, &office, card_id](Outcome o, protocol::PipelineCardReply reply) {
        if (card_id != m_card_id) return;
        if (o.kind == Outcome::Kind::SessionExpired) return office.session_expired();
        if (!o.ok()) {
            m_card_problem = office.words(o);
            return;
        }
        m_card = std::move(reply);
    });
}

void DashboardScreen::draw_toolbar(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float field_w = std::min(260.0f * s, (width - gap * 4) / 5);
    const int year = this_utc_year();
    std::vector<std::string> years;
    for (int i = 0; i < 4; ++i) years.push_back(ctx("office.dashboard.year") + ": " + std::to_string(year - i));
    std::vector<std::string> themes = {ctx("office.dashboard.all_themes")};
    for (const auto& t : m_theme_options) themes.push_back(ctx.language() == "en" ? t.name.en : t.name.da);
    ImGui::BeginDisabled(m_loading);
    bool changed = choice("year", ctx("office.dashboard.year"), years, m_year_choice, field_w, s);
    ImGui::SameLine();
    changed = choice("dashboard_theme", ctx("office.dashboard.theme"), themes, m_theme_choice, field_w, s) || changed;
    ImGui::EndDisabled();
    if (changed) load(office);
    const float button_w = field_w;
    const float target = ui::min_touch_target * s;
    ImGui::SameLine();
    ImGui::BeginDisabled(m_loading);
    if (ImGui::Button(ctx("office.inbox.reload").c_str(), ImVec2(button_w, target))) load(office);
    ImGui::EndDisabled();
    ImGui::BeginDisabled(m_exporting || !m_model.loaded());
    ImGui::SameLine();
    if (ImGui::Button(ctx("office.dashboard.export_csv").c_str(), ImVec2(button_w, target))) export_csv(office);
    ImGui::SameLine();
    if (ImGui::Button(ctx("office.dashboard.export_png").c_str(), ImVec2(button_w, target))) export_png(office);
    ImGui::EndDisabled();
    if (!m_message.empty()) {
        if (m_message_problem) ui::problem_text(m_message, width);
        else ui::status_text(m_message, width);
    }
    if (m_loading && !m_model.loaded()) ui::status_text(ctx("office.dashboard.loading"), width);
    if (!m_load_problem.empty()) ui::problem_text(m_load_problem, width);
    if (m_model.loaded()) {
        const auto& r = m_model.reply();
        ui::help_text(ctx.strings("office.dashboard.summary", {{"year", std::to_string(r.year)},
                                                               {"cards", std::to_string(m_model.cards())},
                                                               {"time", r.generated_at.substr(0, 16)}}),
                      width);
    }
}

void DashboardScreen::draw_funnel(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    ui::subheading_text(ctx.strings("office.dashboard.funnel", {{"year", std::to_string(m_model.reply().year)}}), width);
    std::vector<std::string> stages;
    for (const StageCount& c : m_model.funnel()) stages.push_back(ctx(state_key(c.state)));
    const bool above = !names_fit(stages, width, 0.22f, ctx.ui_scale);
    for (const StageCount& c : m_model.funnel()) {
        const std::string& stage = ctx(state_key(c.state));
        const std::string words = ctx.strings("office.dashboard.funnel_row", {{"stage", stage}, {"count", std::to_string(c.count)}});
        bar_row(ctx, stage, std::to_string(c.count), words, {{static_cast<double>(c.count), bar_blue}},
                static_cast<double>(m_model.funnel_max()), std::nullopt, width, 0.22f, above);
    }
}

void DashboardScreen::draw_money(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const std::string year = std::to_string(m_model.reply().year);
    ui::subheading_text(ctx.strings("office.dashboard.money", {{"year", year}}), width);
    if (m_model.no_money()) {
        ui::wrapped_text(ctx.strings("office.dashboard.no_money", {{"year", year}}), width);
        return;
    }
    // The legend: a swatch per step, and the budget's line.
    {
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetFontSize();
        float x = p.x;
        std::string words;
        for (int step = 1; step <= m_model.steps(); ++step) {
            const std::string label = ctx.strings("office.dashboard.step", {{"step", std::to_string(step)}});
            draw->AddRectFilled(ImVec2(x, p.y + 3 * s), ImVec2(x + h, p.y + h - 3 * s), step_colours[std::min(step - 1, 3)]);
            draw->AddText(ImVec2(x + h + 4 * s, p.y), ink, label.c_str());
            x += h + 12 * s + ImGui::CalcTextSize(label.c_str()).x;
        }
        const std::string& budget = ctx("office.dashboard.budget_line");
        draw->AddLine(ImVec2(x + h / 2, p.y), ImVec2(x + h / 2, p.y + h), budget_line, 3 * s);
        draw->AddText(ImVec2(x + h + 4 * s, p.y), ink, budget.c_str());
        ImGui::Dummy(ImVec2(width, h + 4 * s));
    }
    const double scale = static_cast<double>(m_model.money_scale());
    std::vector<std::string> names;
    for (const ThemeMoney& m : m_model.money()) names.push_back(ctx.language() == "en" ? m.name.en : m.name.da);
    const bool above = !names_fit(names, width, 0.40f, s);
    for (const ThemeMoney& m : m_model.money()) {
        const std::string name = ctx.language() == "en" ? m.name.en : m.name.da;
        std::string steps;
        std::vector<Segment> segments;
        for (std::size_t i = 0; i < m.per_step.size(); ++i) {
            segments.push_back({static_cast<double>(m.per_step[i]), step_colours[std::min<std::size_t>(i, 3)]});
            if (m.per_step[i] == 0) continue;
            steps += (steps.empty() ? "" : ", ") + ctx.strings("office.dashboard.step_amount", {{"step", std::to_string(i + 1)},
                                                                                                {"amount", kroner(m.per_step[i], ctx.language())}});
        }
        if (steps.empty()) steps = ctx("office.dashboard.no_steps");
        const std::string committed = kroner(m.committed_dkk, ctx.language());
        const std::string words =
            m.budget_dkk ? ctx.strings("office.dashboard.money_row", {{"theme", name}, {"committed", committed},
                                                                     {"budget", kroner(*m.budget_dkk, ctx.language())},
                                                                     {"remaining", kroner(m.remaining_dkk.value_or(0), ctx.language())},
                                                                     {"steps", steps}})
                         : ctx.strings("office.dashboard.money_row_no_budget", {{"theme", name}, {"committed", committed}, {"steps", steps}});
        const std::string figure = m.budget_dkk ? committed + " / " + kroner(*m.budget_dkk, ctx.language()) : committed;
        bar_row(ctx, name, figure, words, segments, scale,
                m.budget_dkk ? std::optional<double>(static_cast<double>(*m.budget_dkk)) : std::nullopt, width, 0.40f, above);
    }
}

void DashboardScreen::draw_days(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const auto& r = m_model.reply();
    ui::subheading_text(ctx("office.dashboard.days"), width);
    const auto& first = r.days_to_first_decision;
    ui::wrapped_text(first.median_days ? ctx.strings("office.dashboard.first_decision", {{"days", std::to_string(*first.median_days)},
                                                                                        {"cards", std::to_string(first.cards)}})
                                       : ctx("office.dashboard.first_decision_none"),
                     width);
    // Bars in hours, so that stays shorter than a day are told apart; the words say days.
    std::vector<std::string> stages;
    for (const protocol::StateDays& d : r.days_in_state) stages.push_back(ctx(state_key(d.state)));
    const bool above = !names_fit(stages, width, 0.22f, ctx.ui_scale);
    for (const protocol::StateDays& d : r.days_in_state) {
        const std::string& stage = ctx(state_key(d.state));
        const bool any = d.days.median_hours.has_value();
        const std::string figure = any ? ctx.strings("office.dashboard.days_short", {{"days", std::to_string(d.days.median_days.value_or(0))}}) : "–";
        const std::string words = any ? ctx.strings("office.dashboard.days_row", {{"stage", stage},
                                                                                   {"days", std::to_string(d.days.median_days.value_or(0))},
                                                                                   {"hours", std::to_string(*d.days.median_hours)},
                                                                                   {"cards", std::to_string(d.days.cards)}})
                                      : ctx.strings("office.dashboard.days_row_none", {{"stage", stage}});
        bar_row(ctx, stage, figure, words, {{static_cast<double>(d.days.median_hours.value_or(0)), time_bar}},
                static_cast<double>(m_model.stay_max_hours()), std::nullopt, width, 0.22f, above);
    }
}

void DashboardScreen::draw_waiting(OfficeContext& office, float width, float height) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const auto& r = m_model.reply();
    ui::subheading_text(ctx.strings("office.dashboard.waiting", {{"days", std::to_string(r.waiting_days)},
                                                                 {"total", std::to_string(r.waiting_total)}}),
                        width);
    if (r.waiting.empty()) {
        ui::wrapped_text(ctx("office.dashboard.waiting_none"), width);
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    (void)height;
    // At most eight rows in sight; the table scrolls for the rest (the API lists up to 200).
    const float table_h = ui::min_touch_target * s * static_cast<float>(std::min<std::size_t>(r.waiting.size(), 8) + 1) + 4 * s;
    if (!ImGui::BeginTable("waiting", 5, flags, ImVec2(width, table_h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ctx("office.inbox.col_receipt").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_title").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_theme").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_state").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn(ctx("office.inbox.col_days").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableHeadersRow();
    const float row_h = ui::min_touch_target * s;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(r.waiting.size()), row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const protocol::WaitingCard& w = r.waiting[static_cast<std::size_t>(i)];
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(w.card_id.c_str());
            // The row is pressed by its receipt code, the card's name for the office.
            if (ImGui::Selectable(w.receipt.c_str(), w.card_id == m_card_id, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_h)))
                open_card(office, w.card_id);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(w.title.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(theme_words(m_model, w.theme, ctx.language(), ctx).c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(ctx(state_key(w.state)).c_str());
            ImGui::TableSetColumnIndex(4);
            ImGui::Text("%lld", static_cast<long long>(w.days));
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void DashboardScreen::draw_card(OfficeContext& office, float width) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    if (ui::big_button(ctx("office.dashboard.back"), std::min(width, 320.0f * s), s)) {
        m_card_id.clear();
        m_card.reset();
        return;
    }
    const protocol::WaitingCard* w = nullptr;
    for (const auto& c : m_model.reply().waiting)
        if (c.card_id == m_card_id) w = &c;
    if (w) {
        ui::heading_text(w->title.empty() ? w->receipt : w->title, ctx.fonts, width);
        ui::help_text(ctx.strings("office.dashboard.card_waiting", {{"receipt", w->receipt}, {"days", std::to_string(w->days)},
                                                                    {"since", w->since.substr(0, 10)}}),
                      width);
    }
    if (!m_card_problem.empty()) ui::problem_text(m_card_problem, width);
    if (!m_card) {
        if (m_card_problem.empty()) ui::help_text(ctx("office.inbox.loading"), width);
        return;
    }
    ui::wrapped_text(ctx(state_key(m_card->state)) + " · " + theme_words(m_model, m_card->theme, ctx.language(), ctx) +
                         (m_card->step > 0 ? " · " + ctx.strings("office.dashboard.step", {{"step", std::to_string(m_card->step)}}) : std::string()),
                     width);
    if (!m_card->feedback.empty()) {
        ui::subheading_text(ctx("office.card.feedback"), width);
        ui::wrapped_text(m_card->feedback, width);
    }
    if (!m_card->log.empty()) {
        ui::subheading_text(ctx("office.dashboard.history"), width);
        for (const auto& entry : m_card->log)
            ui::help_text(entry.at.substr(0, 10) + " · " + ctx(state_key(entry.to)) + " · " + entry.by, width);
    }
}

void DashboardScreen::draw(OfficeContext& office, float height) {
    ScreenContext& ctx = office.screen;
    const float s = ctx.ui_scale;
    const float width = ImGui::GetContentRegionAvail().x;
    const float top = ImGui::GetCursorPosY();
    draw_toolbar(office, width);
    if (!m_model.loaded()) return;
    // Four panels, two by two: the funnel and the money above, the time and the waiting cards
    // below, each as tall as its content, in one area that scrolls (by finger too) when the
    // screen is shorter than the figures (a tablet).
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));   // the panels sit on the screen's own background
    ImGui::BeginChild("figures", ImVec2(width, std::max(120.0f * s, height - (ImGui::GetCursorPosY() - top))), ImGuiChildFlags_None,
                      ImGuiWindowFlags_None);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float inner = ImGui::GetContentRegionAvail().x;
    const float panel_w = std::floor((inner - style.ItemSpacing.x) / 2);
    const float pad = 12 * s;
    const auto panel = [&](auto&& body) {
        // A panel: its content inset by `pad`, a thin frame drawn around it afterwards.
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::BeginGroup();
        ImGui::Dummy(ImVec2(panel_w, pad - style.ItemSpacing.y));
        ImGui::Indent(pad);
        body(panel_w - 2 * pad);
        ImGui::Unindent(pad);
        ImGui::Dummy(ImVec2(panel_w, pad - style.ItemSpacing.y));
        ImGui::EndGroup();
        const ImVec2 end = ImGui::GetItemRectMax();
        draw->AddRect(at, ImVec2(at.x + panel_w, end.y), IM_COL32(0xC8, 0xC8, 0xC2, 0xFF), 6 * s, 0, 1.5f * s);
    };
    // Both panels of a row start at the same height; the next row starts under the taller.
    const auto row = [&](auto&& left, auto&& right) {
        const float y = ImGui::GetCursorPosY();
        panel(left);
        const float left_end = ImGui::GetCursorPosY();
        ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + panel_w + style.ItemSpacing.x, y));
        panel(right);
        const float right_end = ImGui::GetCursorPosY();
        ImGui::SetCursorPosY(std::max(left_end, right_end));
        ImGui::Dummy(ImVec2(0, 0));
    };
    const float x0 = ImGui::GetCursorPosX();
    row([&](float w) { draw_funnel(office, w); }, [&](float w) { draw_money(office, w); });
    ImGui::SetCursorPosX(x0);
    row([&](float w) { draw_days(office, w); }, [&](float w) {
        if (!m_card_id.empty()) draw_card(office, w);
        else draw_waiting(office, w, 0);
    });
    ui::touch_scroll(m_scroll, s);
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

} // namespace idekort::office
