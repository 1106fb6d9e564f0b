// DashboardScreen: the programme's own figures (issue 15) for the office, directors and
// strategic heads, on GET /api/v1/dashboard: the funnel per stage, money per theme and step
// against the theme's budget, the median days cards stay in each stage and to the first
// decision, and the cards waiting too long (a table; a row opens the card). Drawn as charts with
// ImDrawList in the kit's colours; every bar's numbers are also a line of words in the item
// registry, so a screen reader (and a test) reads what the chart shows. Filters by year and by
// theme, as the API allows; a director is shown the themes the API gives them.
//
// Export: the server's CSV of the same figures, and a PNG of the view as drawn, both through the
// runner's save capabilities (AppEnvironment::save_file, save_frame_png); where the platform has
// none, the screen says so. A programme without money (no investment steps, or nothing committed
// in the year) gets words instead of the money chart.
#pragma once

#include "app/core/application.h"
#include "app/office/dashboard_model.h"
#include "app/office/inbox_screen.h"   // OfficeContext
#include "app/ui/widgets.h"               // TouchScroll

#include <optional>
#include <string>

namespace idekort::office {

class DashboardScreen {
public:
    // The runner's save capabilities (either may be empty).
    void attach(const AppEnvironment& environment);
    // Fetches the figures for the chosen year and theme (on opening and "Fetch again").
    void load(OfficeContext& office);
    // Shows these figures as if they had just been fetched (benchmarks and previews).
    void show(protocol::DashboardReply reply);
    void draw(OfficeContext& office, float height);
    void forget();   // signed out: nothing of the last account stays on screen

    const DashboardModel& model() const { return m_model; }
    bool loading() const { return m_loading; }
    const std::string& message() const { return m_message; }
    const std::string& last_export() const { return m_last_export; }   // where the last file went
    const std::string& opened_card() const { return m_card_id; }

private:
    void draw_toolbar(OfficeContext& office, float width);
    void draw_funnel(OfficeContext& office, float width);
    void draw_money(OfficeContext& office, float width);
    void draw_days(OfficeContext& office, float width);
    void draw_waiting(OfficeContext& office, float width, float height);
    void draw_card(OfficeContext& office, float width);
    void open_card(OfficeContext& office, const std::string& card_id);
    void export_csv(OfficeContext& office);
    void export_png(OfficeContext& office);
    std::optional<std::string> begin_export(OfficeContext& office, bool possible, const char* extension);
    void saved(OfficeContext& office, const Expected<std::string>& where);
    std::int64_t chosen_year() const;
    std::string chosen_theme() const;

    std::function<void(std::string, std::string, std::function<void(Expected<std::string>)>)> m_save_file;
    std::function<void(std::string, std::function<void(Expected<std::string>)>)> m_save_frame_png;

    DashboardModel m_model;
    bool m_loading = false;
    std::string m_load_problem;
    int m_year_choice = 0;                      // 0 this year, 1 the year before, ...
    int m_theme_choice = 0;                     // 0 every theme given, 1.. m_theme_options
    std::vector<protocol::DashboardTheme> m_theme_options;   // from the last unfiltered answer
    std::string m_message;                      // the last export's outcome, in words
    bool m_message_problem = false;
    std::string m_last_export;
    bool m_exporting = false;

    std::string m_card_id;                      // the waiting card opened beside the table
    std::optional<protocol::PipelineCardReply> m_card;
    std::string m_card_problem;
    ui::TouchScroll m_scroll;
};

} // namespace idekort::office
