// DashboardModel: the programme's figures (GET /api/v1/dashboard) as the dashboard screen draws
// them: the funnel summed per stage, the money per theme and step against the theme's budget,
// the median stay per stage, and the cards waiting too long. Each chart's numbers are also made
// into words here, so the item registry (a screen reader, the browser's mirror, the tests) reads
// exactly what the bars show. No ImGui: tests and the screen use the same figures.
#pragma once

#include "common/card_state.h"
#include "common/protocol/dashboard.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::office {

// The stages in the pipeline's order (common/card_state.h), for the funnel's bars.
const std::vector<CardState>& dashboard_stages();

struct StageCount {
    CardState state = CardState::Received;
    std::int64_t count = 0;
};

struct ThemeMoney {
    std::string theme;
    protocol::BilingualText name;
    std::vector<std::int64_t> per_step;        // committed kroner, index 0 = step 1
    std::int64_t committed_dkk = 0;
    std::optional<std::int64_t> budget_dkk;     // none: the programme sets the theme no yearly budget
    std::optional<std::int64_t> remaining_dkk;
};

class DashboardModel {
public:
    void set(protocol::DashboardReply reply);
    void clear() { *this = DashboardModel{}; }
    bool loaded() const { return m_loaded; }
    const protocol::DashboardReply& reply() const { return m_reply; }

    const std::vector<StageCount>& funnel() const { return m_funnel; }   // every stage, zeros included
    std::int64_t funnel_max() const { return m_funnel_max; }
    std::int64_t cards() const { return m_cards; }                      // received in the year
    const std::vector<ThemeMoney>& money() const { return m_money; }
    int steps() const { return m_steps; }                                // the highest step with money
    std::int64_t money_scale() const { return m_money_scale; }           // the longest bar or budget
    // Nothing to chart: no money committed in the year and no theme with a budget (a programme
    // without investment steps, the advice track, or a year before any decision).
    bool no_money() const { return m_money_scale == 0; }
    std::int64_t stay_max_hours() const { return m_stay_max_hours; }
    const protocol::DashboardTheme* theme(const std::string& id) const;

private:
    protocol::DashboardReply m_reply;
    bool m_loaded = false;
    std::vector<StageCount> m_funnel;
    std::int64_t m_funnel_max = 0, m_cards = 0;
    std::vector<ThemeMoney> m_money;
    int m_steps = 0;
    std::int64_t m_money_scale = 0;
    std::int64_t m_stay_max_hours = 0;
};

// Kroner as a person reads them: "125.000 kr." in Danish, "DKK 125,000" in English.
std::string kroner(std::int64_t dkk, std::string_view language);

} // namespace idekort::office
