// The dashboard's waiting list and the inbox's waiting=1 (issue 14), in-process on a real SQLite
// file with the API's test clock, because "waiting longer than 14 days" needs days to pass. The
// rest of the dashboard is tested over HTTP against the real binary (test_dashboard_http.cpp).
#include "api_fixture.h"

#include "common/protocol/dashboard.h"
#include "common/protocol/message.h"

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

namespace {
std::string put(ApiFixture& f, const std::string& title = {}) {
    auto r = f.put_card(title.empty() ? ApiFixture::new_card() : ApiFixture::new_card("Fælles cykelværksted for skoler og plejehjem", title));
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return ApiFixture::json_string(r.body, "card_id");
}

protocol::DashboardReply dashboard(ApiFixture& f, const std::string& token) {
    auto r = f.call("GET", "/api/v1/dashboard", {}, token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    auto reply = protocol::from_json<protocol::DashboardReply>(r.body);
    REQUIRE_MESSAGE(reply.ok(), r.body);
    return reply.value();
}
} // namespace

TEST_CASE("[dashboard] cards in a non-final state for longer than waiting_days are listed oldest first; a move or a close ends the wait") {
    ApiFixture f;
    const std::string oldest = put(f, "=HYPERLINK(1+2)");
    f.now += 1h;
    const std::string middle = put(f);
    f.now += 1h;
    const std::string moved = put(f);
    f.now += 1h;
    const std::string closed = put(f);

    f.now += 13 * 24h;   // 13 days: nobody waits yet
    std::string triage = f.login_as("triage");
    CHECK(dashboard(f, triage).waiting_total == 0);

    auto close = f.call("POST", "/api/v1/cards/" + closed + "/transitions",
                        R"({"action":"close","version":0,"reason":"withdrawn","feedback":"Trukket tilbage efter aftale."})", triage);
    REQUIRE_MESSAGE(close.status == 200, close.body);
    auto triaged = f.call("POST", "/api/v1/cards/" + moved + "/transitions", R"({"action":"triage","version":0,"theme":"climate"})", triage);
    REQUIRE_MESSAGE(triaged.status == 200, triaged.body);

    f.now += 2 * 24h;   // the first two have now waited 15 days in "received"; the moved card 2 days in "triaged"
    triage = f.login_as("triage");
    const auto d = dashboard(f, triage);
    CHECK(d.waiting_total == 2);
    REQUIRE(d.waiting.size() == 2);
    CHECK(d.waiting[0].card_id == oldest);
    CHECK(d.waiting[0].days == 15);
    CHECK(d.waiting[0].state == CardState::Received);
    CHECK(d.waiting[0].title == "=HYPERLINK(1+2)");
    CHECK(d.waiting[1].card_id == middle);
    CHECK(d.waiting[1].since > d.waiting[0].since);

    // The same cards in the office's inbox with waiting=1.
    auto inbox = f.call("GET", "/api/v1/cards?waiting=1", {}, triage);
    REQUIRE(inbox.status == 200);
    auto list = protocol::from_json<protocol::CardListReply>(inbox.body).value();
    REQUIRE(list.cards.size() == 2);
    CHECK(list.cards[0].card_id == oldest);
    CHECK(list.cards[1].card_id == middle);

    // In the CSV, the title that looks like a formula is shown as text.
    auto csv = f.call("GET", "/api/v1/dashboard?format=csv", {}, triage);
    REQUIRE(csv.status == 200);
    CHECK(csv.body.find("\"'=HYPERLINK(1+2)\"") != std::string::npos);
    CHECK(csv.body.find("\"waiting_total\"\r\n\"2\"") != std::string::npos);
    CHECK(d.waiting_days == 14);   // the shipped programme sets none: the default
}

TEST_CASE("[dashboard] at most 200 waiting cards are listed; waiting_total counts them all") {
    auto config = test_api_config();
    config.per_key_address = {0, 1};   // 205 cards from one address under one key, at once
    ApiFixture f(config);
    for (int i = 0; i < 205; ++i) put(f);
    f.now += 20 * 24h;
    const auto d = dashboard(f, f.login_as("admin"));
    CHECK(d.waiting.size() == 200);
    CHECK(d.waiting_total == 205);
    CHECK(d.waiting.front().since <= d.waiting.back().since);
}

TEST_CASE("[dashboard] the programme file sets waiting_days; a wrong value is refused with its place named") {
    auto with = [](const std::string& value) {
        std::string p = read_project_file("assets/programme/programme.json");
        p.insert(p.find('{') + 1, "\"waiting_days\": " + value + ",");
        return ProgrammeConfig::parse(p, "programme.json");
    };
    auto seven = with("7");
    REQUIRE(seven.ok());
    CHECK(seven.value().waiting_days == 7);
    for (const char* bad : {"0", "-3", "\"14\"", "99999"}) {   // a fraction is the JSON guard's to refuse, by byte
        auto broken = with(bad);
        const std::string value = bad;
        CAPTURE(value);
        REQUIRE_FALSE(broken.ok());
        const std::string message = broken.error().describe();
        CAPTURE(message);
        CHECK(message.find("waiting_days") != std::string::npos);
    }
}
