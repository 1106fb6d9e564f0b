// Contact privacy on the server (issue 14, GDPR Art. 5 and 25), in-process on a real SQLite file
// with the API's test clock: a closed card's contact details are erased the configured number of
// months after closure, an administrator erases them on request, and each erasure is logged.
#include "api_fixture.h"

#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

namespace {
constexpr const char* contact_name = "Åse Ørum";   // the fixture card's contact

std::string card_id_of(const std::string& put_body) { return ApiFixture::json_string(put_body, "card_id"); }

// The card as the office lists it (its stored JSON included).
std::string listed(ApiFixture& f, const std::string& token, const std::string& id) {
    auto r = f.call("GET", "/api/v1/cards?limit=1000", {}, token);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    const std::size_t at = r.body.find(id);
    REQUIRE(at != std::string::npos);
    return r.body.substr(at, r.body.find("\"card_id\"", at + 1) - at);
}

void close_card(ApiFixture& f, const std::string& token, const std::string& id) {
    auto closed = f.call("POST", "/api/v1/cards/" + id + "/transitions",
                         R"({"action":"close","version":0,"reason":"withdrawn","feedback":"Trukket tilbage efter aftale."})", token);
    REQUIRE_MESSAGE(closed.status == 200, closed.body);
}
} // namespace

TEST_CASE("[privacy] a closed card's contact details are erased the configured months after closure, and the erasure is logged") {
    ApiFixture f;   // 12 months, the default
    const std::string triage = f.login_as("triage");
    auto put = f.put_card(ApiFixture::new_card());
    REQUIRE(put.status == 201);
    const std::string closed = card_id_of(put.body);
    auto other = f.put_card(ApiFixture::new_card());
    const std::string open = card_id_of(other.body);
    close_card(f, triage, closed);

    f.now += 11 * 30 * 24h;   // not yet (sessions last hours: the office logs in again)
    CHECK(listed(f, f.login_as("triage"), closed).find(contact_name) != std::string::npos);
    f.now += 31 * 24h + 2h;   // past 12 months; the next request runs the sweep
    const std::string later = f.login_as("triage");
    const std::string after = listed(f, later, closed);
    CHECK(after.find(contact_name) == std::string::npos);
    CHECK(after.find("aase.orum@example.dk") == std::string::npos);
    CHECK(after.find("Fælles cykelværksted") != std::string::npos);   // the idea itself stays
    CHECK(f.store->contact_erased_at(closed).value().has_value());
    // A card that is not closed keeps its contact.
    CHECK(listed(f, later, open).find(contact_name) != std::string::npos);
    CHECK_FALSE(f.store->contact_erased_at(open).value().has_value());
}

TEST_CASE("[privacy] an administrator erases a card's contact details on request; the erasure is logged and said once") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    const std::string triage = f.login_as("triage");
    auto put = f.put_card(ApiFixture::new_card());
    const std::string id = card_id_of(put.body);
    CHECK(f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, triage).status == 403);
    auto erased = f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, admin);
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    auto reply = protocol::from_json<protocol::ContactErasureReply>(erased.body);
    REQUIRE(reply.ok());
    CHECK(reply.value().card_id == id);
    CHECK(listed(f, triage, id).find(contact_name) == std::string::npos);
    auto again = f.call("POST", "/api/v1/admin/cards/" + id + "/erase-contact", {}, admin);
    CHECK(again.status == 409);
    CHECK(ApiFixture::json_string(again.body, "message").find("already erased on") != std::string::npos);
    CHECK(f.call("POST", "/api/v1/admin/cards/" + to_string(new_uuid()) + "/erase-contact", {}, admin).status == 404);
    // The card is still there, its idea and its place in the pipeline.
    auto view = f.call("GET", "/api/v1/cards/" + id + "/pipeline", {}, triage);
    CHECK(view.status == 200);
}
