// The two sides of the protocol together: what the server's handlers write is read by the app's
// reader (app/core/sync_protocol.h) and by the protocol types (common/protocol/), so a change on
// one side that the other cannot read fails here, not in the field.
#include "api_fixture.h"

#include "app/core/sync_protocol.h"
#include "common/protocol/protocol.h"
#include "server/http/http_server.h"

using namespace idekort;
using namespace idekort::test;

namespace {
// The handler's answer as the app's transport hands it over: with the headers the HTTP front adds.
HttpResponse as_client_sees(const server::ApiResponse& r) {
    HttpResponse h;
    h.status = r.status;
    h.body = r.body;
    h.headers = {{protocol::lower_case(protocol::identity_header), server::server_identity},
                 {protocol::lower_case(protocol::protocol_header), std::to_string(protocol::version)}};
    for (const auto& [name, value] : r.headers) h.headers.emplace_back(protocol::lower_case(name), value);
    return h;
}
} // namespace

TEST_CASE("[Protocol] the app reads the server's card replies: receipt, refusal with its field, conflict") {
    ApiFixture f;
    const std::string card = ApiFixture::new_card();
    const std::string id = ApiFixture::json_string(card, "id");

    const auto created = sync::classify_card_response(as_client_sees(f.put_card(card)), id);
    CHECK(created.kind == sync::OutcomeKind::Received);
    CHECK(created.receipt == receipt_code(parse_uuid(id).value()));
    CHECK(!created.duplicate);
    const auto again = sync::classify_card_response(as_client_sees(f.put_card(card)), id);
    CHECK(again.kind == sync::OutcomeKind::Received);
    CHECK(again.duplicate);
    CHECK(again.received_at == created.received_at);

    const auto refused_reply = f.put_card(ApiFixture::new_card("\"title\":\"Fælles cykelværksted for skoler og plejehjem\"", "\"title\":\"\""));
    const auto refused = sync::classify_card_response(as_client_sees(refused_reply), "any");
    CHECK(refused.kind == sync::OutcomeKind::Rejected);
    CHECK(refused.code == "validation");
    CHECK(refused.field == "title");
    CHECK(refused.rule == "required");
    auto problems = protocol::from_json<protocol::ErrorReply>(refused_reply.body, protocol::message_limits(), json::Unknown::Refuse);
    REQUIRE(problems.ok());
    REQUIRE(!problems.value().problems.empty());
    CHECK(problems.value().problems[0].field == "title");

    const auto conflict = sync::classify_card_response(
        as_client_sees(f.call("PUT", "/api/v1/cards/" + id, replace_once(card, "Fælles cykelværksted", "Andet"), f.enroll_device())), id);
    CHECK(conflict.kind == sync::OutcomeKind::Conflict);
    CHECK(conflict.fields == std::vector<std::string>{"title"});
}

TEST_CASE("[Protocol] the app reads the server's enrollment reply, and every admin reply reads strictly") {
    ApiFixture f;
    const std::string admin = f.login_as("admin");
    auto code = protocol::from_json<protocol::EnrollmentCodeReply>(
        f.call("POST", "/api/v1/admin/enrollment-codes", protocol::to_json(protocol::EnrollmentCodeRequest{60}), admin).body,
        protocol::message_limits(), json::Unknown::Refuse);
    REQUIRE(code.ok());
    REQUIRE(code.value().expires_at);

    const auto request = sync::enroll_request("http://unused", code.value().code, "Kiosk 1", 5);
    auto enrolled = sync::parse_enroll_response(as_client_sees(f.call("POST", "/api/v1/devices/enroll", request.body)));
    REQUIRE(enrolled.ok());
    CHECK(!enrolled.value().token.empty());
    auto reused = sync::parse_enroll_response(as_client_sees(f.call("POST", "/api/v1/devices/enroll", request.body)));
    REQUIRE(!reused.ok());
    CHECK(reused.error().where == "used_code");

    const auto strict = [](const std::string& body, auto type_tag) {
        using Message = typename decltype(type_tag)::type;
        auto m = protocol::from_json<Message>(body, protocol::message_limits(), json::Unknown::Refuse);
        CHECK_MESSAGE(m.ok(), body);
        return m;
    };
    struct DeviceList { using type = protocol::DeviceListReply; };
    struct Session { using type = protocol::SessionReply; };
    struct Health { using type = protocol::HealthReply; };
    struct Cards { using type = protocol::CardListReply; };
    auto devices = strict(f.call("GET", "/api/v1/admin/devices", {}, admin).body, DeviceList{});
    REQUIRE(devices.ok());
    REQUIRE(devices.value().devices.size() == 1);
    CHECK(devices.value().devices[0].name == "Kiosk 1");
    CHECK(!devices.value().devices[0].revoked_at);
    auto session = strict(f.call("GET", "/api/v1/admin/session", {}, admin).body, Session{});
    REQUIRE(session.ok());
    CHECK(session.value().role == Role::Admin);
    auto health = strict(f.call("GET", "/healthz").body, Health{});
    REQUIRE(health.ok());
    CHECK(health.value().protocol == protocol::version);
    CHECK(health.value().server == server::server_identity);

    CHECK(f.put_card(ApiFixture::new_card()).status == 201);
    auto cards = strict(f.call("GET", "/api/v1/cards", {}, admin).body, Cards{});
    REQUIRE(cards.ok());
    REQUIRE(cards.value().cards.size() == 1);
    CHECK(cards.value().cards[0].state == CardState::Received);
    CHECK(!cards.value().next_cursor);
}

TEST_CASE("[Protocol] the server refuses an unknown card state in a filter, naming the parameter") {
    ApiFixture f;
    const std::string admin = f.login_as("triage");
    auto r = f.call("GET", "/api/v1/cards?state=lost", {}, admin);
    CHECK(r.status == 400);
    auto e = protocol::from_json<protocol::ErrorReply>(r.body);
    REQUIRE(e.ok());
    CHECK(e.value().field == "state");
    CHECK(e.value().rule == "unknown_state");
    CHECK(f.call("GET", "/api/v1/cards?state=received", {}, admin).status == 200);
}
