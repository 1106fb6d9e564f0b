// The dashboard's reply and CSV (see dashboard_api.h).
#include "server/api/dashboard_api.h"

#include "common/rfc3339.h"
#include "server/api/card_export.h"

#include <algorithm>
#include <map>

namespace idekort::server {

namespace {
constexpr double ms_per_hour = 60.0 * 60 * 1000;
constexpr double ms_per_day = 24 * ms_per_hour;

// The median of the stays counted in `histogram` (stay in ms, count; shortest first), in whole
// days and whole hours, each rounded. The stays are the store's buckets (to the hour under 14
// days, to the day from then on), so the median is that of the rounded stays (docs/API.md).
protocol::MedianDays median_days(const DashboardFacts::Histogram& histogram) {
    protocol::MedianDays out;
    for (const auto& bucket : histogram) out.cards += bucket.second;
    if (out.cards == 0) return out;
    // The stay at 0-based position `at` in the sorted stays.
    const auto stay_at = [&](std::int64_t at) {
        for (const auto& [ms, count] : histogram) {
            if (at < count) return ms;
            at -= count;
        }
        return histogram.back().first;
    };
    const std::int64_t mid = out.cards / 2;
    double median = static_cast<double>(stay_at(mid));
    if (out.cards % 2 == 0) median = (median + static_cast<double>(stay_at(mid - 1))) / 2;
    out.median_days = static_cast<std::int64_t>(median / ms_per_day + 0.5);
    out.median_hours = static_cast<std::int64_t>(median / ms_per_hour + 0.5);
    return out;
}

// Every state a card can be in, in the order of the process (card_state.h).
const std::vector<CardState>& states_in_order() {
    static const std::vector<CardState> states = {CardState::Received,   CardState::Triaged,    CardState::InScreening,
                                                  CardState::InvitedToPitch, CardState::Pitched, CardState::StepFunded,
                                                  CardState::LearningRecorded, CardState::Closed};
    return states;
}

std::string line(std::initializer_list<std::string> cells) {
    std::string out;
    for (const std::string& cell : cells) out += (out.empty() ? "" : ",") + csv_cell(cell);
    return out + "\r\n";
}

std::string optional_number(const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : std::string(); }

} // namespace

protocol::DashboardReply dashboard_reply(const DashboardFacts& facts, const std::vector<const ProgrammeTheme*>& themes,
                                         const std::vector<LedgerLine>& ledger, int year, int waiting_days, std::int64_t now_ms) {
    protocol::DashboardReply reply;
    reply.generated_at = format_utc_ms(now_ms);
    reply.year = year;
    reply.waiting_days = waiting_days;
    std::vector<std::string> theme_ids;
    for (const ProgrammeTheme* theme : themes) {
        reply.themes.push_back({theme->id, {theme->name.da, theme->name.en}});
        theme_ids.push_back(theme->id);
    }
    // Every state x theme, zeros included, so that a chart has a cell for each; cards the central
    // office has not yet given a theme ("") and cards under a theme the programme no longer has
    // keep their own cells rather than vanishing from the counts.
    std::vector<std::string> funnel_themes = theme_ids;
    for (const DashboardFacts::Count& count : facts.funnel)
        if (std::find(funnel_themes.begin(), funnel_themes.end(), count.theme) == funnel_themes.end()) funnel_themes.push_back(count.theme);
    for (CardState state : states_in_order())
        for (const std::string& theme : funnel_themes) {
            std::int64_t n = 0;
            for (const DashboardFacts::Count& count : facts.funnel)
                if (count.state == state && count.theme == theme) n += count.count;
            reply.funnel.push_back({state, theme, n});
        }
    std::map<std::string, std::int64_t> committed;
    for (const LedgerLine& l : ledger) {
        if (std::find(theme_ids.begin(), theme_ids.end(), l.theme) == theme_ids.end()) continue;
        reply.money.push_back({l.theme, l.step, l.committed_dkk});
        committed[l.theme] += l.committed_dkk;
    }
    for (const ProgrammeTheme* theme : themes) {
        protocol::BudgetLine b;
        b.theme = theme->id;
        b.budget_dkk = theme->yearly_budget_dkk;
        b.committed_dkk = committed[theme->id];
        if (b.budget_dkk) b.remaining_dkk = *b.budget_dkk - b.committed_dkk;
        reply.budgets.push_back(b);
    }
    reply.days_to_first_decision = median_days(facts.to_first_decision_ms);
    for (CardState state : states_in_order()) {
        if (state == CardState::Closed) continue;   // final: a card never leaves it
        DashboardFacts::Histogram stays;
        for (const auto& [from, histogram] : facts.stays_ms)
            if (from == state) stays = histogram;
        reply.days_in_state.push_back({state, median_days(stays)});
    }
    for (const WaitingRow& w : facts.waiting)
        reply.waiting.push_back({w.card_id, w.receipt, w.title, w.theme, w.state, format_utc_ms(w.since_ms),
                                 static_cast<std::int64_t>((now_ms - w.since_ms) / static_cast<std::int64_t>(ms_per_day))});
    reply.waiting_total = facts.waiting_total;
    return reply;
}

std::string dashboard_csv(const protocol::DashboardReply& r) {
    std::string out = "\xEF\xBB\xBF";
    out += line({"dashboard", "generated_at", "year", "waiting_days"});
    out += line({"", r.generated_at, std::to_string(r.year), std::to_string(r.waiting_days)});
    out += "\r\n" + line({"themes"}) + line({"id", "name_da", "name_en"});
    for (const auto& t : r.themes) out += line({t.id, t.name.da, t.name.en});
    out += "\r\n" + line({"funnel"}) + line({"state", "theme", "count"});
    for (const auto& f : r.funnel) out += line({std::string(to_string(f.state)), f.theme, std::to_string(f.count)});
    out += "\r\n" + line({"money"}) + line({"theme", "step", "committed_dkk"});
    for (const auto& m : r.money) out += line({m.theme, std::to_string(m.step), std::to_string(m.committed_dkk)});
    out += "\r\n" + line({"budgets"}) + line({"theme", "budget_dkk", "committed_dkk", "remaining_dkk"});
    for (const auto& b : r.budgets) out += line({b.theme, optional_number(b.budget_dkk), std::to_string(b.committed_dkk), optional_number(b.remaining_dkk)});
    const auto& first = r.days_to_first_decision;
    out += "\r\n" + line({"days_to_first_decision"}) + line({"median_days", "median_hours", "cards"});
    out += line({optional_number(first.median_days), optional_number(first.median_hours), std::to_string(first.cards)});
    out += "\r\n" + line({"days_in_state"}) + line({"state", "median_days", "median_hours", "cards"});
    for (const auto& d : r.days_in_state)
        out += line({std::string(to_string(d.state)), optional_number(d.days.median_days), optional_number(d.days.median_hours), std::to_string(d.days.cards)});
    out += "\r\n" + line({"waiting"}) + line({"card_id", "receipt", "title", "theme", "state", "since", "days"});
    for (const auto& w : r.waiting)
        out += line({w.card_id, w.receipt, w.title, w.theme, std::string(to_string(w.state)), w.since, std::to_string(w.days)});
    out += "\r\n" + line({"waiting_total"}) + line({std::to_string(r.waiting_total)});
    return out;
}

} // namespace idekort::server
