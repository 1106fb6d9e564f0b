// DashboardModel (see dashboard_model.h).
#include "app/office/dashboard_model.h"

#include <algorithm>

namespace idekort::office {

const std::vector<CardState>& dashboard_stages() {
    static const std::vector<CardState> stages = {CardState::Received,       CardState::Triaged, CardState::InScreening,
                                                  CardState::InvitedToPitch, CardState::Pitched, CardState::StepFunded,
                                                  CardState::LearningRecorded, CardState::Closed};
    return stages;
}

void DashboardModel::set(protocol::DashboardReply reply) {
    m_reply = std::move(reply);
    m_loaded = true;
    m_funnel.clear();
    m_funnel_max = m_cards = 0;
    for (CardState state : dashboard_stages()) {
        StageCount c{state, 0};
        for (const auto& f : m_reply.funnel)
            if (f.state == state) c.count += f.count;
        m_funnel_max = std::max(m_funnel_max, c.count);
        m_cards += c.count;
        m_funnel.push_back(c);
    }

    // One row per theme the asker may see, in the programme's order; money under a theme the
    // programme no longer has keeps a row of its own (named by its id), so no krone goes missing.
    m_money.clear();
    m_steps = 0;
    m_money_scale = 0;
    for (const auto& t : m_reply.themes) m_money.push_back(ThemeMoney{t.id, t.name, {}, 0, std::nullopt, std::nullopt});
    const auto row = [&](const std::string& theme) -> ThemeMoney& {
        for (auto& m : m_money)
            if (m.theme == theme) return m;
        m_money.push_back(ThemeMoney{theme, protocol::BilingualText{theme, theme}, {}, 0, std::nullopt, std::nullopt});
        return m_money.back();
    };
    for (const auto& line : m_reply.money) {
        if (line.step < 1) continue;
        ThemeMoney& m = row(line.theme);
        const auto step = static_cast<std::size_t>(line.step);
        if (m.per_step.size() < step) m.per_step.resize(step, 0);
        m.per_step[step - 1] += line.committed_dkk;
        m_steps = std::max(m_steps, static_cast<int>(line.step));
    }
    for (auto& m : m_money) {
        m.committed_dkk = 0;
        for (auto v : m.per_step) m.committed_dkk += v;
    }
    for (const auto& b : m_reply.budgets) {
        ThemeMoney& m = row(b.theme);
        m.budget_dkk = b.budget_dkk;
        m.remaining_dkk = b.remaining_dkk;
        // The ledger's own total is the truth; the steps' sum only splits it.
        m.committed_dkk = std::max(m.committed_dkk, b.committed_dkk);
    }
    for (const auto& m : m_money) m_money_scale = std::max({m_money_scale, m.committed_dkk, m.budget_dkk.value_or(0)});

    m_stay_max_hours = 0;
    for (const auto& d : m_reply.days_in_state) m_stay_max_hours = std::max(m_stay_max_hours, d.days.median_hours.value_or(0));
}

const protocol::DashboardTheme* DashboardModel::theme(const std::string& id) const {
    for (const auto& t : m_reply.themes)
        if (t.id == id) return &t;
    return nullptr;
}

std::string kroner(std::int64_t dkk, std::string_view language) {
    const bool da = language != "en";
    std::string digits = std::to_string(dkk < 0 ? -dkk : dkk), grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += da ? '.' : ',';
        grouped += digits[i];
    }
    if (dkk < 0) grouped = "-" + grouped;
    return da ? grouped + " kr." : "DKK " + grouped;
}

} // namespace idekort::office
