// The dashboard's summary tables (migration 10, issue 14) on real SQLite files: after a run of
// random transitions, alone and in group commits, they equal a fresh recomputation from the cards
// and the transition log; the migration builds them from a file that already holds cards and a
// log, losing nothing; and the medians read from their hour/day buckets equal the medians of the
// log's stays rounded the way docs/API.md says, within half an hour (or half a day) of the exact
// median computed straight from the log. A group commit keeps each request's own outcome.
#include "common/programme_config.h"
#include "server/api/dashboard_api.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace idekort;
using namespace idekort::server;

namespace {
constexpr std::int64_t hour_ms = 3600000, day_ms = 24 * hour_ms;
constexpr std::int64_t jan_2025_ms = 1735689600000;   // 2025-01-01T00:00:00Z

ProgrammeConfig programme() {
    auto p = ProgrammeConfig::parse(test::read_project_file("assets/programme/programme.json"), "programme.json");
    REQUIRE(p.ok());
    return p.value();
}

// docs/API.md: a stay is counted to the nearest hour under 14 days, to the nearest day from then on.
std::int64_t bucket(std::int64_t ms) {
    if (ms < 0) return ms;
    if (ms < 14 * day_ms) return (ms + hour_ms / 2) / hour_ms * hour_ms;
    return (ms + day_ms / 2) / day_ms * day_ms;
}

// Rows of `sql` on the file, each as its columns joined with '|'.
std::vector<std::string> rows(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    std::vector<std::string> out;
    while (sqlite3_step(q) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(q); ++i) {
            const auto* text = sqlite3_column_text(q, i);
            row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        out.push_back(row);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

// The summaries as stored, and recomputed here from the cards and the log, with the years and
// buckets computed in C++ (not by the migration's SQL), sorted alike.
struct Summaries {
    std::vector<std::string> funnel, first_decisions, stays;
};
int utc_year(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}
Summaries stored(const std::string& path) {
    return {rows(path, "SELECT year, theme, state, cards FROM dashboard_funnel WHERE cards > 0"),
            rows(path, "SELECT year, theme, bucket_ms, cards FROM dashboard_first_decisions WHERE cards > 0"),
            rows(path, "SELECT year, theme, state, bucket_ms, stays FROM dashboard_stays")};
}
Summaries recomputed(const std::string& path) {
    std::map<std::string, int> funnel, first, stays;
    for (const std::string& row : rows(path, "SELECT received_ms, theme, state, COALESCE(first_decision_ms - received_ms, 'none') FROM cards")) {
        const auto a = row.find('|'), b = row.find('|', a + 1), c = row.find('|', b + 1);
        const std::int64_t received = std::stoll(row.substr(0, a));
        const std::string theme = row.substr(a + 1, b - a - 1), state = row.substr(b + 1, c - b - 1), to_first = row.substr(c + 1);
        ++funnel[std::to_string(utc_year(received)) + "|" + theme + "|" + state];
        if (to_first != "none") ++first[std::to_string(utc_year(received)) + "|" + theme + "|" + std::to_string(bucket(std::stoll(to_first)))];
    }
    for (const std::string& row : rows(path, "SELECT at_ms, theme, from_state, in_state_ms FROM card_transitions WHERE in_state_ms IS NOT NULL")) {
        const auto a = row.find('|'), b = row.find('|', a + 1), c = row.find('|', b + 1);
        ++stays[std::to_string(utc_year(std::stoll(row.substr(0, a)))) + "|" + row.substr(a + 1, c - a) +
                std::to_string(bucket(std::stoll(row.substr(c + 1))))];
    }
    const auto lines = [](const std::map<std::string, int>& m) {
        std::vector<std::string> out;
        for (const auto& [k, n] : m) out.push_back(k + "|" + std::to_string(n));
        return out;
    };
    return {lines(funnel), lines(first), lines(stays)};
}
void check_summaries_match_the_log(const std::string& path) {
    Summaries a = stored(path), b = recomputed(path);
    for (auto* v : {&a.funnel, &a.first_decisions, &a.stays, &b.funnel, &b.first_decisions, &b.stays}) std::sort(v->begin(), v->end());
    CHECK(a.funnel == b.funnel);
    CHECK(a.first_decisions == b.first_decisions);
    CHECK(a.stays == b.stays);
    CHECK_FALSE(a.stays.empty());
    CHECK_FALSE(a.first_decisions.empty());
}

const std::vector<CardState> every_state = {CardState::Received, CardState::Triaged, CardState::InScreening, CardState::InvitedToPitch,
                                            CardState::Pitched, CardState::StepFunded, CardState::LearningRecorded, CardState::Closed};
const std::vector<std::string> some_themes = {"", "climate", "integration", "co_creation"};

// A programme of `cards` cards received over 2025-2026 and `moves` random transitions: any state,
// any of a few themes, stays from seconds to 40 days; every third one refused (a stale version);
// half of them in group commits of up to ten.
struct RandomProgramme {
    std::mt19937_64 random{2026};
    std::vector<std::string> ids;
    std::map<std::string, std::int64_t> last_ms, version;
    int refused = 0, stored = 0;

    void receive(SqliteStorage& store, int cards) {
        std::vector<IngestItem> items;
        for (int i = 0; i < cards; ++i) {
            const std::string id = "card-" + std::to_string(i);
            const std::int64_t at = jan_2025_ms + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(730 * day_ms));
            items.push_back(IngestItem{id, "R" + std::to_string(100000 + i), some_themes[random() % some_themes.size()], "{\"title\":\"Idé\"}",
                                       "key:test", at});
            ids.push_back(id);
            last_ms[id] = at;
            version[id] = 0;
        }
        REQUIRE(store.ingest(items).ok());
    }

    TransitionJob job() {
        const std::string id = ids[random() % ids.size()];
        const bool stale = random() % 3 == 0;
        const CardState to = every_state[random() % every_state.size()];
        const std::string theme = some_themes[random() % some_themes.size()];
        TransitionJob j;
        j.card_id = id;
        j.decide = [stale, to, theme](const CardPipeline& card) {
            PipelineDecision d;
            if (stale) {
                d.refusal = PipelineRefusal{Refusal::Stale, "the card has moved on"};
                return d;
            }
            PipelinePosition after = card.position;
            after.state = to;
            after.theme = theme;
            after.version = card.position.version + 1;
            d.after = after;
            return d;
        };
        // Stays of seconds, hours and days, across the 14-day line and the half-hour/half-day marks.
        const std::int64_t stay = random() % 4 == 0 ? static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(3 * hour_ms))
                                                    : static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(40 * day_ms));
        j.record.action = PipelineAction::Triage;
        j.record.by = "aase";
        j.record.role = Role::Admin;
        j.record.at_ms = last_ms[id] + stay;
        if (!stale) {
            last_ms[id] = j.record.at_ms;
            ++version[id];
        }
        return j;
    }

    void move(SqliteStorage& store, int moves) {
        for (int done = 0; done < moves;) {
            if (random() % 2 == 0) {
                TransitionJob j = job();
                auto outcome = store.transition(j.card_id, j.decide, j.record, j.extras);
                REQUIRE(outcome.ok());
                (outcome.value().decision ? stored : refused) += 1;
                ++done;
                continue;
            }
            // A group: one card appears at most once, so each job's expected time order holds.
            std::vector<TransitionJob> jobs;
            std::vector<std::string> in_group;
            for (int k = 0; k < 10; ++k) {
                TransitionJob j = job();
                if (std::find(in_group.begin(), in_group.end(), j.card_id) != in_group.end()) break;
                in_group.push_back(j.card_id);
                jobs.push_back(std::move(j));
            }
            auto outcomes = store.transition_group(jobs);
            REQUIRE(outcomes.ok());
            REQUIRE(outcomes.value().size() == jobs.size());
            for (const auto& outcome : outcomes.value()) {
                REQUIRE(outcome.ok());
                (outcome.value().decision ? stored : refused) += 1;
            }
            done += static_cast<int>(jobs.size());
        }
    }
};

// The median of `ms` in whole days and hours, straight from the values (the computation the
// dashboard made from the log before migration 10).
protocol::MedianDays straight_median(std::vector<std::int64_t> ms) {
    protocol::MedianDays out;
    out.cards = static_cast<std::int64_t>(ms.size());
    if (ms.empty()) return out;
    std::sort(ms.begin(), ms.end());
    const std::size_t mid = ms.size() / 2;
    const double median = ms.size() % 2 ? static_cast<double>(ms[mid]) : (static_cast<double>(ms[mid]) + static_cast<double>(ms[mid - 1])) / 2;
    out.median_days = static_cast<std::int64_t>(median / static_cast<double>(day_ms) + 0.5);
    out.median_hours = static_cast<std::int64_t>(median / static_cast<double>(hour_ms) + 0.5);
    return out;
}
} // namespace

TEST_CASE("[dashboard summaries] after random transitions, alone and group-committed, the summaries equal a recomputation from the log") {
    const std::string path = test::make_temp_dir("idekort-summaries") + "/idekort.db";
    RandomProgramme run;
    {
        auto store = SqliteStorage::open(path);
        REQUIRE(store.ok());
        run.receive(*store.value(), 300);
        run.move(*store.value(), 1500);
    }
    MESSAGE(run.stored << " transitions stored, " << run.refused << " refused");
    CHECK(run.stored > 800);
    CHECK(run.refused > 300);
    check_summaries_match_the_log(path);
}

TEST_CASE("[dashboard summaries] migration 10 builds the summaries from a file that already has cards and a log; nothing is lost") {
    const std::string path = test::make_temp_dir("idekort-summaries-migration") + "/idekort.db";
    RandomProgramme run;
    {
        auto old = SqliteStorage::open(path, 9);
        REQUIRE(old.ok());
        REQUIRE(old.value()->schema_version().value() == 9);
        run.receive(*old.value(), 200);
        run.move(*old.value(), 800);
    }
    const auto cards_before = rows(path, "SELECT card_id, state, theme, pipeline_version, first_decision_ms FROM cards ORDER BY card_id");
    const auto log_before = rows(path, "SELECT * FROM card_transitions ORDER BY seq");
    REQUIRE(log_before.size() > 300);
    auto store = SqliteStorage::open(path);
    REQUIRE(store.ok());
    CHECK(store.value()->schema_version().value() == SqliteStorage::latest_schema_version());
    CHECK(rows(path, "SELECT card_id, state, theme, pipeline_version, first_decision_ms FROM cards ORDER BY card_id") == cards_before);
    CHECK(rows(path, "SELECT * FROM card_transitions ORDER BY seq") == log_before);
    check_summaries_match_the_log(path);
    // And the triggers keep them from here on.
    run.move(*store.value(), 300);
    check_summaries_match_the_log(path);
}

TEST_CASE("[dashboard summaries] the medians from the buckets are the log's stays rounded as docs/API.md says, near the exact median") {
    const std::string path = test::make_temp_dir("idekort-summaries-median") + "/idekort.db";
    RandomProgramme run;
    auto store = SqliteStorage::open(path);
    REQUIRE(store.ok());
    run.receive(*store.value(), 300);
    run.move(*store.value(), 1500);
    const ProgrammeConfig p = programme();
    std::vector<const ProgrammeTheme*> themes;
    for (const ProgrammeTheme& t : p.themes) themes.push_back(&t);
    for (int year : {2025, 2026}) {
        CAPTURE(year);
        DashboardQuery query;
        query.year = year;
        auto facts = store.value()->dashboard(query);
        REQUIRE(facts.ok());
        const auto reply = dashboard_reply(facts.value(), themes, {}, year, 14, jan_2025_ms);
        std::map<std::string, std::vector<std::int64_t>> exact, rounded;
        for (const std::string& row : rows(path, "SELECT from_state, in_state_ms, at_ms FROM card_transitions")) {
            const auto a = row.find('|'), b = row.find('|', a + 1);
            if (utc_year(std::stoll(row.substr(b + 1))) != year) continue;
            const std::int64_t ms = std::stoll(row.substr(a + 1, b - a - 1));
            exact[row.substr(0, a)].push_back(ms);
            rounded[row.substr(0, a)].push_back(bucket(ms));
        }
        int compared = 0;
        for (const protocol::StateDays& d : reply.days_in_state) {
            const std::string state(to_string(d.state));
            CAPTURE(state);
            CHECK(d.days == straight_median(rounded[state]));
            const auto straight = straight_median(exact[state]);
            CHECK(d.days.cards == straight.cards);
            if (!straight.median_days) continue;
            ++compared;
            CHECK(std::llabs(*d.days.median_days - *straight.median_days) <= 1);
            if (*straight.median_days < 13) CHECK(std::llabs(*d.days.median_hours - *straight.median_hours) <= 1);
        }
        CHECK(compared >= 6);
        std::vector<std::int64_t> first_exact, first_rounded;
        for (const std::string& row : rows(path, "SELECT first_decision_ms - received_ms, received_ms FROM cards WHERE first_decision_ms IS NOT NULL")) {
            const auto a = row.find('|');
            if (utc_year(std::stoll(row.substr(a + 1))) != year) continue;
            first_exact.push_back(std::stoll(row.substr(0, a)));
            first_rounded.push_back(bucket(first_exact.back()));
        }
        CHECK(reply.days_to_first_decision == straight_median(first_rounded));
        const auto straight = straight_median(first_exact);
        REQUIRE(straight.median_days.has_value());
        CHECK(std::llabs(*reply.days_to_first_decision.median_days - *straight.median_days) <= 1);
    }
}
