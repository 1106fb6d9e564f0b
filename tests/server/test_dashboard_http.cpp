// The dashboard and the office's inbox over HTTP (issue 14): the real idekort-server binary on a
// loopback port with a real SQLite file and real accounts. Cards are taken through the process by
// the API itself; the test then reads what the office app and a director would be shown: the
// funnel per state and theme (zeros included), money against each theme's budget, the speed of
// decisions, the CSV form, a director's view narrowed to their own themes, and the inbox's
// search, department, sorting and paging. Waiting cards need days to pass: test_dashboard.cpp.
#include "common/card_id.h"
#include "common/file_io.h"
#include "common/protocol/cards.h"
#include "common/protocol/dashboard.h"
#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"
#include "common/rfc3339.h"
#include "office_server.h"

#include <doctest/doctest.h>

#include <chrono>
#include <map>

using namespace idekort;
using namespace idekort::test;

namespace {

std::int64_t funnel(const protocol::DashboardReply& d, CardState state, const std::string& theme) {
    for (const auto& f : d.funnel)
        if (f.state == state && f.theme == theme) return f.count;
    FAIL("no funnel cell for " << to_string(state) << " x " << theme);
    return -1;
}

// The shipped programme with yearly budgets for two themes (the shipped file sets none).
std::string budgeted_programme() {
    std::string p = replace_once(read_project_file("assets/programme/programme.json"), "\"id\": \"climate\",",
                                 "\"id\": \"climate\", \"yearly_budget_dkk\": 100000,");
    return replace_once(p, "\"id\": \"integration\",", "\"id\": \"integration\", \"yearly_budget_dkk\": 50000,");
}

int this_year() { return std::stoi(format_utc_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   std::chrono::system_clock::now().time_since_epoch()).count()).substr(0, 4)); }

} // namespace

TEST_CASE("[dashboard http] the programme's figures: funnel per state and theme, money against budgets, speed of decisions, CSV") {
    OfficeServer p(budgeted_programme());
    const std::string funded = p.submit(), closed = p.submit(), untouched = p.submit();
    p.move(funded, {triage("climate"), act("plan_screening"), act("invite_to_pitch"), act("record_pitch"), fund(20000)});
    p.move(closed, {triage("integration"), act("plan_screening"), close_no_fit()});

    const auto d = p.dashboard("ada");
    CHECK(d.year == this_year());
    CHECK(d.waiting_days == 14);
    CHECK(d.themes.size() == 6);   // every theme of the shipped programme, with both names
    CHECK(d.themes[0].name.da.size() > 0);
    CHECK(d.themes[0].name.en.size() > 0);
    // Every state x theme is there, zeros included (the fixture's own theme, co_creation, is one of the six).
    CHECK(d.funnel.size() == 8 * 6);
    CHECK(funnel(d, CardState::StepFunded, "climate") == 1);
    CHECK(funnel(d, CardState::Closed, "integration") == 1);
    CHECK(funnel(d, CardState::Received, "co_creation") == 1);   // the fixture's own theme
    CHECK(funnel(d, CardState::Pitched, "climate") == 0);
    REQUIRE(d.money.size() == 1);
    CHECK(d.money[0].theme == "climate");
    CHECK(d.money[0].step == 1);
    CHECK(d.money[0].committed_dkk == 20000);
    for (const auto& b : d.budgets) {
        CAPTURE(b.theme);
        if (b.theme == "climate") {
            CHECK(b.budget_dkk == 100000);
            CHECK(b.committed_dkk == 20000);
            CHECK(b.remaining_dkk == 80000);
        } else if (b.theme == "integration") {
            CHECK(b.remaining_dkk == 50000);
        } else {
            CHECK_FALSE(b.budget_dkk.has_value());
            CHECK_FALSE(b.remaining_dkk.has_value());
        }
    }
    // Both screened cards had their first decision within seconds: a median of 0 days, 0 hours.
    CHECK(d.days_to_first_decision.cards == 2);
    CHECK(d.days_to_first_decision.median_days == 0);
    CHECK(d.days_to_first_decision.median_hours == 0);
    REQUIRE(d.days_in_state.size() == 7);   // every state but closed, which a card never leaves
    for (const auto& s : d.days_in_state) {
        CAPTURE(to_string(s.state));
        const std::int64_t left = s.state == CardState::Received || s.state == CardState::Triaged || s.state == CardState::InScreening ? 2
                                  : s.state == CardState::InvitedToPitch || s.state == CardState::Pitched                             ? 1
                                                                                                                                      : 0;
        CHECK(s.days.cards == left);
        CHECK(s.days.median_days.has_value() == (left > 0));
    }
    CHECK(d.waiting.empty());   // nothing has waited 14 days yet
    CHECK(d.waiting_total == 0);

    SUBCASE("the triage office sees the same; another year is all zeros") {
        CHECK(p.dashboard("tove").funnel == d.funnel);
        const auto past = p.dashboard("tove", "?year=2001");
        CHECK(past.year == 2001);
        CHECK(funnel(past, CardState::StepFunded, "climate") == 0);
        CHECK(past.money.empty());
        CHECK(past.days_to_first_decision.cards == 0);
        CHECK_FALSE(past.days_to_first_decision.median_days.has_value());
    }
    SUBCASE("a director sees the themes they answer for, and no other") {
        const auto own = p.dashboard("dorte");
        REQUIRE(own.themes.size() == 1);
        CHECK(own.themes[0].id == "climate");
        CHECK(own.funnel.size() == 8);
        for (const auto& f : own.funnel) CHECK(f.theme == "climate");
        CHECK(funnel(own, CardState::StepFunded, "climate") == 1);
        REQUIRE(own.budgets.size() == 1);
        CHECK(own.budgets[0].remaining_dkk == 80000);
        CHECK(own.days_to_first_decision.cards == 1);
        CHECK(p.dashboard("dorte", "?theme=climate").funnel == own.funnel);
        auto other = p.get("/api/v1/dashboard?theme=integration", "dorte");
        CHECK(other.status == 403);
        CHECK(other.body.find("integration") != std::string::npos);
    }
    SUBCASE("?theme= narrows an office view to one theme") {
        const auto one = p.dashboard("ada", "?theme=integration");
        REQUIRE(one.themes.size() == 1);
        CHECK(funnel(one, CardState::Closed, "integration") == 1);
        CHECK(one.money.empty());
        CHECK(one.days_to_first_decision.cards == 1);
    }
    SUBCASE("CSV: one section per list, with the card export's rules") {
        auto r = p.get("/api/v1/dashboard?format=csv", "ada");
        REQUIRE(r.status == 200);
        CHECK(r.header("content-type").find("text/csv") == 0);
        CHECK(r.header("content-disposition").find("idekort-dashboard-") != std::string::npos);
        CHECK(r.body.rfind("\xEF\xBB\xBF", 0) == 0);
        for (const char* section : {"\"funnel\"\r\n\"state\",\"theme\",\"count\"", "\"money\"\r\n", "\"budgets\"\r\n", "\"days_to_first_decision\"\r\n",
                                    "\"days_in_state\"\r\n", "\"waiting\"\r\n", "\"waiting_total\"\r\n\"0\""})
            CHECK_MESSAGE(r.body.find(section) != std::string::npos, section);
        CHECK(r.body.find("\"step_funded\",\"climate\",\"1\"\r\n") != std::string::npos);
        CHECK(r.body.find("\"climate\",\"100000\",\"20000\",\"80000\"\r\n") != std::string::npos);
    }
    SUBCASE("who may not, and what is wrong with a request, in words") {
        CHECK(p.get("/api/v1/dashboard", "finn").status == 403);
        CHECK(p.http->get("/api/v1/dashboard").status == 401);
        for (const char* bad : {"?year=26", "?theme=space", "?format=xlsx", "?colour=red"}) {
            auto r = p.get(std::string("/api/v1/dashboard") + bad, "ada");
            CAPTURE(bad);
            CHECK(r.status == 400);
            CHECK(r.body.find("\"field\"") != std::string::npos);
        }
    }
}

TEST_CASE("[dashboard http] the inbox: search, department, sort and paging; each row has its state, theme, version and time in state") {
    OfficeServer p(budgeted_programme());
    const std::string bikes = p.submit("Cykelværksted i Gellerup", "[\"bu\"]");
    const std::string garden = p.submit("Byhave på taget af rådhuset", "[\"tm\"]");
    const std::string bus = p.submit("Natbus til festivaler", "[\"tm\",\"ba\"]");
    p.move(garden, {triage("climate")});
    p.move(bus, {triage("integration"), act("plan_screening")});

    const auto page = [&](const std::string& query) {
        auto r = p.get("/api/v1/cards" + query, "tove");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        auto reply = protocol::from_json<protocol::CardListReply>(r.body);
        REQUIRE(reply.ok());
        return reply.value();
    };
    const auto ids = [](const protocol::CardListReply& l) {
        std::vector<std::string> out;
        for (const auto& c : l.cards) out.push_back(c.card_id);
        return out;
    };

    const auto all = page("");
    REQUIRE(all.cards.size() == 3);
    CHECK(all.cards[2].card_id == bus);
    CHECK(all.cards[2].state == CardState::InScreening);
    CHECK(all.cards[2].theme == "integration");
    CHECK(all.cards[2].version == 2);
    CHECK(parse_utc_ms(all.cards[2].state_since).has_value());
    CHECK(all.cards[2].state_since >= all.cards[2].received_at);
    CHECK(all.cards[0].version == 0);
    CHECK(all.cards[0].state_since == all.cards[0].received_at);

    CHECK(ids(page("?q=cykelv%C3%A6rksted")) == std::vector<std::string>{bikes});   // "cykelværksted", in a title
    CHECK(ids(page("?q=v%C3%A6rksted")).size() == 3);   // the fixture's idea text says "værksted" on every card
    CHECK(ids(page("?q=GELLERUP")) == std::vector<std::string>{bikes});         // case-blind
    CHECK(ids(page("?q=%25")).empty());                                        // "%" is a character, not a wildcard
    CHECK(ids(page("?department=tm")) == std::vector<std::string>{garden, bus});
    CHECK(ids(page("?department=tm&q=natbus")) == std::vector<std::string>{bus});
    CHECK(ids(page("?sort=received_at&order=desc")) == std::vector<std::string>{bus, garden, bikes});
    CHECK(ids(page("?sort=state_since&order=desc")) == std::vector<std::string>{bus, garden, bikes});
    CHECK(ids(page("?sort=theme")) == std::vector<std::string>{garden, bikes, bus});   // climate, co_creation, integration
    CHECK(ids(page("?waiting=1")).empty());   // nothing has waited 14 days

    // Paging in another order than arrival's: the cursor the server gave brings the next page.
    const auto first = page("?sort=state_since&order=desc&limit=2");
    REQUIRE(first.next_cursor.has_value());
    CHECK(ids(first) == std::vector<std::string>{bus, garden});
    const auto second = page("?sort=state_since&order=desc&limit=2&cursor=" + *first.next_cursor);
    CHECK(ids(second) == std::vector<std::string>{bikes});
    CHECK_FALSE(second.next_cursor.has_value());

    for (const char* bad : {"?sort=colour", "?order=up", "?waiting=yes", "?department=nasa"}) {
        auto r = p.get(std::string("/api/v1/cards") + bad, "tove");
        CAPTURE(bad);
        CHECK(r.status == 400);
        CHECK(r.body.find("\"field\"") != std::string::npos);
    }
}
