// Dashboard messages (issue 14): the programme's own figures for the office app and the
// directors: how many cards are in each stage per theme, the money committed per theme and step
// in a year against each theme's budget, how fast decisions come (median days from arrival to the
// first decision after screening, and per stage), and the cards that have waited too long. The
// server writes GET /api/v1/dashboard through these types and the office app reads it with the
// same code. The CSV form (format=csv) is the server's (server/api/dashboard_api.h).
#pragma once

#include "common/card_state.h"
#include "common/json_reader.h"
#include "common/json_writer.h"
#include "common/protocol/cards.h"   // BilingualText

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::protocol {

namespace route {
constexpr char dashboard[] = "/api/v1/dashboard";   // GET ?year=&theme=&format=json|csv
} // namespace route

struct DashboardTheme {
    std::string id;
    BilingualText name;

    void write(json::Writer& w) const;
    static DashboardTheme read(json::ObjectReader& r);
    bool operator==(const DashboardTheme& o) const { return id == o.id && name == o.name; }
};

// Cards received in the year that are now in `state`, under `theme` ("" : not yet triaged).
struct FunnelCount {
    CardState state = CardState::Received;
    std::string theme;
    std::int64_t count = 0;

    void write(json::Writer& w) const;
    static FunnelCount read(json::ObjectReader& r);
    bool operator==(const FunnelCount& o) const { return state == o.state && theme == o.theme && count == o.count; }
};

// Money committed in the year's ledger to one theme's step.
struct MoneyLine {
    std::string theme;
    std::int64_t step = 0;
    std::int64_t committed_dkk = 0;

    void write(json::Writer& w) const;
    static MoneyLine read(json::ObjectReader& r);
    bool operator==(const MoneyLine& o) const { return theme == o.theme && step == o.step && committed_dkk == o.committed_dkk; }
};

struct BudgetLine {
    std::string theme;
    std::optional<std::int64_t> budget_dkk;     // null: the programme sets the theme no yearly budget
    std::int64_t committed_dkk = 0;
    std::optional<std::int64_t> remaining_dkk;  // null without a budget

    void write(json::Writer& w) const;
    static BudgetLine read(json::ObjectReader& r);
    bool operator==(const BudgetLine& o) const {
        return theme == o.theme && budget_dkk == o.budget_dkk && committed_dkk == o.committed_dkk && remaining_dkk == o.remaining_dkk;
    }
};

// A median over `cards` cards, in whole days (rounded) and, for the short stays a chart needs to
// tell apart, in whole hours; both null when there are no cards. Whole numbers: the protocol's
// reader takes no fractions.
struct MedianDays {
    std::optional<std::int64_t> median_days;
    std::optional<std::int64_t> median_hours;
    std::int64_t cards = 0;

    void write_members(json::Writer& w) const;
    void read_members(json::ObjectReader& r);
    void write(json::Writer& w) const;
    static MedianDays read(json::ObjectReader& r);
    bool operator==(const MedianDays& o) const { return median_days == o.median_days && median_hours == o.median_hours && cards == o.cards; }
};

// How long cards stayed in `state` before they moved on (stays that have ended).
struct StateDays {
    CardState state = CardState::Received;
    MedianDays days;

    void write(json::Writer& w) const;
    static StateDays read(json::ObjectReader& r);
    bool operator==(const StateDays& o) const { return state == o.state && days == o.days; }
};

// A card that has stayed in a non-final state longer than the programme's waiting_days.
struct WaitingCard {
    std::string card_id;
    std::string receipt;
    std::string title;
    std::string theme;
    CardState state = CardState::Received;
    std::string since;             // RFC 3339 UTC: when it entered the state
    std::int64_t days = 0;         // whole days since then

    void write(json::Writer& w) const;
    static WaitingCard read(json::ObjectReader& r);
    bool operator==(const WaitingCard& o) const {
        return card_id == o.card_id && receipt == o.receipt && title == o.title && theme == o.theme && state == o.state &&
               since == o.since && days == o.days;
    }
};

struct DashboardReply {
    std::string generated_at;      // RFC 3339 UTC
    std::int64_t year = 0;
    std::int64_t waiting_days = 14;
    std::vector<DashboardTheme> themes;       // the themes the asker may see, in the programme's order
    std::vector<FunnelCount> funnel;          // every state x theme (and "" for untriaged), zeros included
    std::vector<MoneyLine> money;
    std::vector<BudgetLine> budgets;          // one per theme in `themes`
    MedianDays days_to_first_decision;        // received -> first decision after screening
    std::vector<StateDays> days_in_state;     // one per non-final state
    std::vector<WaitingCard> waiting;         // oldest first, at most 200
    std::int64_t waiting_total = 0;           // all that wait, listed or not

    void write(json::Writer& w) const;
    static DashboardReply read(json::ObjectReader& r);
    bool operator==(const DashboardReply& o) const {
        return generated_at == o.generated_at && year == o.year && waiting_days == o.waiting_days && themes == o.themes &&
               funnel == o.funnel && money == o.money && budgets == o.budgets && days_to_first_decision == o.days_to_first_decision &&
               days_in_state == o.days_in_state && waiting == o.waiting && waiting_total == o.waiting_total;
    }
};

} // namespace idekort::protocol
