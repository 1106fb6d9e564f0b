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
#include "server_harness.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <chrono>
#include <map>

using namespace idekort;
using namespace idekort::test;

namespace {

constexpr const char* key = "dashboard-submission-key-1";
constexpr const char* password = "a password long enough";

// The shipped programme with yearly budgets for two themes (the shipped file sets none).
std::string budgeted_programme() {
    std::string p = replace_once(read_project_file("assets/programme/programme.json"), "\"id\": \"climate\",",
                                 "\"id\": \"climate\", \"yearly_budget_dkk\": 100000,");
    return replace_once(p, "\"id\": \"integration\",", "\"id\": \"integration\", \"yearly_budget_dkk\": 50000,");
}

// The server, and one logged-in account per name: role and, for directors, themes.
struct Programme {
    Programme() : dir(make_temp_dir("idekort-dashboard-http")), web(make_temp_dir("idekort-dashboard-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        REQUIRE(file_io::write_file(dir + "/programme.json", budgeted_programme()).ok());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN,
            std::vector<std::string>{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", key, "--rate-ip", "0",
                                     "--rate-login", "0", "--rate-key", "0", "--rate-key-address", "0",
                                     "--programme", dir + "/programme.json"});
        REQUIRE_MESSAGE(server->started(), server->log());
        http = std::make_unique<HttpClient>(server->port());
        account("ada", "admin", {});
        account("tove", "triage", {});
        account("dorte", "director", {"climate"});
        account("finn", "facilitator", {});
    }

    void account(const std::string& name, const char* role, const std::vector<std::string>& themes) {
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", name, password, role));
        auto r = http->post("/api/v1/admin/login", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        json::ObjectReader reply(r.body, JsonLimits{});
        tokens[name] = reply.optional_text("token").value_or("");
        if (themes.empty()) return;
        auto t = http->request("PUT", "/api/v1/admin/users/" + name + "/themes", protocol::to_json(protocol::AccountThemesRequest{themes}),
                               {{"Authorization", "Bearer " + tokens["ada"]}, {"Content-Type", "application/json"}});
        REQUIRE_MESSAGE(t.status == 200, t.body);
    }

    // A new card from the fixture, its title and departments replaced when given.
    std::string submit(const std::string& title = {}, const std::string& departments = {}) {
        const std::string id = to_string(new_uuid());
        std::string card = card_with_id(read_project_file("tests/fixtures/card-v1.json"), id);
        if (!title.empty()) card = replace_once(card, "Fælles cykelværksted for skoler og plejehjem", title);
        if (!departments.empty()) card = replace_once(card, "\"departments\":[\"bu\",\"so\"]", "\"departments\":" + departments);
        auto r = http->put("/api/v1/cards/" + id, card, key);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return id;
    }

    // Takes `card` through `actions` as the administrator; returns its version after.
    std::int64_t move(const std::string& card, const std::vector<protocol::TransitionRequest>& actions) {
        std::int64_t version = 0;
        for (protocol::TransitionRequest request : actions) {
            request.version = version;
            auto r = http->post("/api/v1/cards/" + card + "/transitions", protocol::to_json(request), tokens["ada"]);
            REQUIRE_MESSAGE(r.status == 200, r.body);
            version = protocol::from_json<protocol::PipelineCardReply>(r.body).value().version;
        }
        return version;
    }

    HttpResult get(const std::string& target, const std::string& who) { return http->get(target, tokens[who]); }

    protocol::DashboardReply dashboard(const std::string& who, const std::string& query = {}) {
        auto r = get("/api/v1/dashboard" + query, who);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        auto reply = protocol::from_json<protocol::DashboardReply>(r.body);
        REQUIRE_MESSAGE(reply.ok(), (reply.ok() ? std::string() : reply.error().describe() + "\n" + r.body));
        return reply.value();
    }

    std::string dir, web;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> http;
    std::map<std::string, std::string> tokens;
};

protocol::TransitionRequest act(const char* action) {
    protocol::TransitionRequest r;
    r.action = action;
    r.why = "dashboard test";
    return r;
}
protocol::TransitionRequest triage(const char* theme) {
    auto r = act("triage");
    r.theme = theme;
    return r;
}
protocol::TransitionRequest close_no_fit() {
    auto r = act("close");
    r.reason = "no_strategic_fit";
    r.feedback = "Tak for idéen; den passer ikke til temaerne nu.";
    return r;
}
protocol::TransitionRequest fund(std::int64_t dkk) {
    auto r = act("fund_step");
    r.test_card = protocol::TestCardEntry{0, "Vi tror, at elever og ældre vil reparere cykler sammen",
                                          "For at afprøve det vil vi holde tre eftermiddage", "og måle, hvor mange der kommer igen",
                                          "Vi har ret, hvis halvdelen kommer igen", "2027-01-01", "2027-03-31", dkk, "Åse Ørum", "", "", "", ""};
    return r;
}

std::int64_t funnel(const protocol::DashboardReply& d, CardState state, const std::string& theme) {
    for (const auto& f : d.funnel)
        if (f.state == state && f.theme == theme) return f.count;
    FAIL("no funnel cell for " << to_string(state) << " x " << theme);
    return -1;
}

int this_year() { return std::stoi(format_utc_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   std::chrono::system_clock::now().time_since_epoch()).count()).substr(0, 4)); }

} // namespace

TEST_CASE("[dashboard http] the programme's figures: funnel per state and theme, money against budgets, speed of decisions, CSV") {
    Programme p;
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
    Programme p;
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
