// Tests for common/protocol/: every message of API v1 goes to JSON and back unchanged, the
// bytes the server has always written stay the same, and a reply that is not what the protocol
// says gives an error that names the member.
#include "common/protocol/protocol.h"

#include <doctest/doctest.h>

#include <tuple>

using namespace idekort;
using namespace idekort::protocol;

namespace {

// One filled-in sample of every message. A new message gets a sample here, and the round-trip
// case below checks it with no further code.
PipelineCardReply pipeline_card() {
    PipelineCardReply card{"8f0e5a3c-1d2b-4c6e-9a7f-0b1c2d3e4f50", "7K3M-Q9XD", CardState::Closed, 1, "climate",
                           std::string("stopped_after_test"), "", "Testen viste, at det ikke virker – tak!", 7,
                           "2026-11-27T08:00:00.000Z", {"close"}, {}};
    card.log.push_back({1, "triage", CardState::Received, CardState::Triaged, 0, "aase", "triage", "2026-11-20T08:00:00.000Z", ""});
    card.test_cards.push_back({1, "Vi tror, at ...", "For at afprøve ...", "... og måle ...", "Vi har ret, hvis ...", "2027-01-01",
                               "2027-03-31", 20000, "Åse", "x", "y", "z", "stop"});
    return card;
}

TransitionRequest test_card_request() {
    TransitionRequest r{"fund_step", 5, "", "", "", "", "", std::nullopt, std::nullopt};
    r.test_card = TestCardEntry{0, "Vi tror, at ...", "For at afprøve det vil vi ...", "... og måle ...", "Vi har ret, hvis ...",
                                "2027-01-01", "2027-03-31", 25000, "Åse", "", "", "", ""};
    r.learning = LearningEntry{"a", "b", "c", "next_step"};
    return r;
}

auto samples() {
    ErrorReply refused{"validation", "title", "required", "title is required",
                       {{"title", "required", "title is required"}, {"contact.email", "invalid_email", "contact.email is not a valid email"}},
                       {}};
    ErrorReply conflict{"conflict", "", "", "a different card with this id was already received", {}, {"title", "contact"}};
    StoredCardEntry entry{"8f0e5a3c-1d2b-4c6e-9a7f-0b1c2d3e4f50", "7K3M-Q9XD", "2026-11-27T08:00:00.000Z",
                          CardState::Received, "green", "device:abc", R"({"schema":1,"title":"Grøn skolegård"})"};
    StoredCardEntry inbox_row = entry;   // since issue 14: the pipeline's version and the time in state
    inbox_row.version = 3;
    inbox_row.state_since = "2026-11-28T09:00:00.000Z";
    DashboardReply dashboard{"2026-11-30T12:00:00.000Z", 2026, 14,
                             {{"climate", {"Klima", "Climate"}}},
                             {{CardState::Received, "climate", 3}, {CardState::Closed, "", 0}},
                             {{"climate", 1, 25000}},
                             {{"climate", std::int64_t(100000), 25000, std::int64_t(75000)}, {"integration", std::nullopt, 0, std::nullopt}},
                             {std::int64_t(12), std::int64_t(290), 4},
                             {{CardState::Triaged, {std::nullopt, std::nullopt, 0}}, {CardState::InScreening, {std::int64_t(0), std::int64_t(11), 2}}},
                             {{"c-1", "7K3M-Q9XD", "Grøn skolegård", "climate", CardState::Received, "2026-11-01T08:00:00.000Z", 29}},
                             1};
    return std::make_tuple(
        refused, conflict, inbox_row, dashboard,
        SparringPartnerRequest{"bo", "", ""}, SparringPartnerRequest{"", "Åse Ørum", "Aarhus Universitet"},
        SparringReply{"c-1", std::nullopt, {}},
        SparringReply{"c-1", SparringPartner{"bo", "triage", "", "", "tove", "2026-11-30T08:00:00.000Z"},
                      {{"2026-11-30", "Mål fremmøde i tre uger", "Møde 14/12", "tove", "2026-11-30T09:00:00.000Z"}, {"2026-12-14", "Stop", "", "", ""}}},
        PutCardReply{"8f0e5a3c-1d2b-4c6e-9a7f-0b1c2d3e4f50", "7K3M-Q9XD", "2026-11-27T08:00:00.000Z", true},
        CardStatusReply{"7K3M-Q9XD", CardState::Triaged, "green", std::string("2026-11-27T08:00:00.000Z")},
        CardStatusReply{"7K3M-Q9XD", CardState::Triaged, "", std::nullopt},
        CardStatusReply{"7K3M-Q9XD", CardState::Closed, "", std::nullopt, BilingualText{"Idéen er lukket.", "The idea is closed."},
                        BilingualText{"Der sker ikke mere.", "Nothing more happens."}, "Tak for idéen.", "2026-11-27"},
        CardListReply{{entry, entry}, std::string("42")}, CardListReply{{}, std::nullopt}, CardExportReply{{entry}},
        EnrollRequest{"ABCD-EFGH-JKMN", "Kiosk \"Rådhuset\" 1"}, EnrollReply{"d-1", "token-1"},
        EnrollmentCodeRequest{60}, EnrollmentCodeRequest{std::nullopt}, EnrollmentCodeReply{"ABCD-EFGH-JKMN", std::nullopt},
        EnrollmentCodeReply{"ABCD-EFGH-JKMN", std::string("2026-11-28T08:00:00.000Z")},
        DeviceInfo{"d-1", "Kiosk 1", "2026-11-27T08:00:00.000Z", std::string("2026-11-28T08:00:00.000Z"), 3},
        DeviceListReply{{DeviceInfo{"d-1", "Kiosk 1", "2026-11-27T08:00:00.000Z", std::nullopt, 0}}},
        LoginRequest{"aase", "correct horse battery staple"}, LoginReply{"t", "2026-11-27T16:00:00.000Z", "aase", Role::Triage},
        SessionReply{"aase", Role::Director, "2026-11-27T16:00:00.000Z"}, LogoutReply{},
        CreateUserRequest{"bo", "a long enough password", "facilitator"}, CreateUserReply{"bo", Role::Facilitator},
        HealthReply{"ok", "idekort-server/0.1.0", version},
        HealthReply{"degraded", "idekort-server/0.1.0", version, std::string("low_disk"), std::int64_t(1048576)},
        // Issue 14: the pipeline's messages.
        TransitionRequest{"close", 4, "", "", "no_strategic_fit", "Tak for idéen – den passer ikke til temaerne.", "screened 2026-11-27"},
        TransitionRequest{"triage", 0, "climate", "", "", "", ""},
        pipeline_card(), TransitionRefusalReply{"stale_version", "the card has changed since you saw it", pipeline_card()},
        TransitionRefusalReply{"not_your_role", "a facilitator account cannot close a card", std::nullopt},
        AccountThemesRequest{{"climate", "integration"}}, AccountThemesReply{"dorte", {}},
        MeetingRequest{"2026-12-03", {"climate"}, {"dorte", "dagmar"}, {{"8f0e5a3c-1d2b-4c6e-9a7f-0b1c2d3e4f50", 15}}},
        ScoresRequest{{{"", "", "target_group", "yes", "Tydelig målgruppe"}, {"", "", "gain_potential", "partly", ""}}},
        ScoresReply{7}, ContactErasureReply{"c-1", "2027-11-30T08:00:00.000Z"},
        test_card_request(),
        LedgerReply{2026, {{"climate", std::int64_t(1000000), 45000, std::int64_t(955000), {{1, 25000, 1}, {2, 20000, 1}}},
                           {"integration", std::nullopt, 0, std::nullopt, {}}}},
        MeetingReply{"m-1", "2026-12-03", {"climate"}, {"dorte"}, {{"c-1", 10}}, {{"c-1", "dorte", "target_group", "no", ""}},
                     {{"c-1", "close", "dorte", "2026-12-03T09:00:00.000Z", 0, 1, 2}}, 4},
        // Issue 15: the office's list of meetings.
        MeetingListReply{{{"m-1", "2026-12-03", {"climate", "mobility"}, {"dagmar", "dorte"}, 5, 3, 9}}}, MeetingListReply{});
}

} // namespace

TEST_CASE("[Protocol] every message goes to JSON and back unchanged") {
    std::apply([](const auto&... message) {
        const auto round_trip = [](const auto& m) {
            using Message = std::decay_t<decltype(m)>;
            const std::string json = to_json(m);
            CAPTURE(json);
            auto back = from_json<Message>(json, message_limits(), json::Unknown::Refuse);
            REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().describe()));
            CHECK(back.value() == m);
            CHECK(to_json(back.value()) == json);
        };
        (round_trip(message), ...);
    }, samples());
}

TEST_CASE("[Protocol] replies keep the bytes servers have always written") {
    CHECK(to_json(PutCardReply{"id-1", "7K3M-Q9XD", "2026-11-27T08:00:00.000Z", false}) ==
          R"({"card_id":"id-1","receipt":"7K3M-Q9XD","received_at":"2026-11-27T08:00:00.000Z","duplicate":false})");
    ErrorReply e;
    e.error = "validation";
    e.field = "title";
    e.rule = "too_long";
    e.message = "title is longer than 120 characters";
    CHECK(to_json(e) == R"({"error":"validation","field":"title","rule":"too_long","message":"title is longer than 120 characters"})");
    ErrorReply conflict;
    conflict.error = "conflict";
    conflict.message = "differs";
    conflict.differences = {"partners", "needs"};
    CHECK(to_json(conflict) == R"({"error":"conflict","message":"differs","fields":["partners","needs"]})");
    CHECK(to_json(EnrollRequest{"AB\"CD", "Kiosk"}) == R"({"code":"AB\"CD","name":"Kiosk"})");
    CHECK(to_json(EnrollmentCodeReply{"C", std::nullopt}) == R"({"code":"C","expires_at":null})");
    CHECK(to_json(LogoutReply{}) == R"({"status":"logged_out"})");
    CHECK(to_json(CardListReply{{}, std::nullopt}) == R"({"cards":[],"next_cursor":null})");
}

TEST_CASE("[Protocol] an error reply names the field and rule, and every problem of a refused card") {
    const std::string body = R"({"error":"validation","field":"contact.email","rule":"invalid_email","message":"m",)"
                             R"("problems":[{"field":"contact.email","rule":"invalid_email","message":"m"},{"field":"idea","rule":"required","message":"n"}]})";
    auto e = from_json<ErrorReply>(body);
    REQUIRE(e.ok());
    CHECK(e.value().field == "contact.email");
    CHECK(e.value().rule == "invalid_email");
    REQUIRE(e.value().problems.size() == 2);
    CHECK(e.value().problems[1].field == "idea");
    CHECK(e.value().problems[1].rule == "required");
}

TEST_CASE("[Protocol] a missing or ill-typed member is an error that names it") {
    auto missing = from_json<PutCardReply>(R"({"card_id":"x","received_at":"2026-11-27T08:00:00Z"})");
    REQUIRE(!missing.ok());
    CHECK(missing.error().where == "receipt");
    CHECK(missing.error().message == "missing");

    auto wrong = from_json<PutCardReply>(R"({"card_id":"x","receipt":7})");
    REQUIRE(!wrong.ok());
    CHECK(wrong.error().where == "receipt");
    CHECK(wrong.error().message == "must be text");

    auto flag = from_json<PutCardReply>(R"({"card_id":"x","receipt":"R","duplicate":"yes"})");
    REQUIRE(!flag.ok());
    CHECK(flag.error().describe() == "duplicate: must be true or false");

    auto inner = from_json<ErrorReply>(R"({"error":"validation","problems":[{"field":"a","rule":"b"},{"field":"c","rule":3}]})");
    REQUIRE(!inner.ok());
    CHECK(inner.error().where == "problems[1].rule");

    auto list = from_json<ErrorReply>(R"({"error":"conflict","fields":["title",4]})");
    REQUIRE(!list.ok());
    CHECK(list.error().where == "fields[1]");

    auto role = from_json<SessionReply>(R"({"username":"a","role":"king","expires_at":"2026-11-27T08:00:00Z"})");
    REQUIRE(!role.ok());
    CHECK(role.error().where == "role");

    auto minutes = from_json<EnrollmentCodeRequest>(R"({"lifetime_minutes":"60"})");
    REQUIRE(!minutes.ok());
    CHECK(minutes.error().describe() == "lifetime_minutes: must be a whole number");
}

TEST_CASE("[Protocol] unknown members are tolerated by default and refused when asked") {
    const std::string newer = R"({"card_id":"x","receipt":"R","received_at":"t","duplicate":false,"shelf":"B3"})";
    CHECK(from_json<PutCardReply>(newer).ok());   // a newer v1 server may add members
    auto strict = from_json<PutCardReply>(newer, message_limits(), json::Unknown::Refuse);
    REQUIRE(!strict.ok());
    CHECK(strict.error().describe() == "shelf: unknown member");

    auto nested = from_json<ErrorReply>(R"({"error":"e","problems":[{"field":"a","rule":"b","hint":"c"}]})", message_limits(),
                                        json::Unknown::Refuse);
    REQUIRE(!nested.ok());
    CHECK(nested.error().where == "problems[0].hint");
}

TEST_CASE("[Protocol] what is not a JSON object is refused as a whole") {
    for (const char* text : {"", "[]", "\"ok\"", "{\"a\":", "<html>portal</html>"}) {
        CAPTURE(text);
        auto r = from_json<PutCardReply>(text);
        REQUIRE(!r.ok());
        CHECK(is_document_error(r.error()));
    }
    JsonLimits shallow;
    shallow.max_depth = 2;
    auto deep = from_json<ErrorReply>(R"({"error":"e","problems":[{"field":"a","rule":"b"}]})", shallow);
    REQUIRE(!deep.ok());
    CHECK(is_document_error(deep.error()));
    // A request body may be empty: it reads as {}.
    JsonLimits limits;
    auto empty = from_request_body<EnrollmentCodeRequest>("", limits);
    REQUIRE(empty.ok());
    CHECK(!empty.value().lifetime_minutes);
}

TEST_CASE("[Protocol] routes, headers and the version are the protocol's") {
    CHECK(path(route::card, "abc") == "/api/v1/cards/abc");
    CHECK(path(route::revoke_device, "d-1") == "/api/v1/admin/devices/d-1/revoke");
    CHECK(path(route::health, "x") == "/healthz");
    CHECK(lower_case(identity_header) == "x-idekort-server");
    CHECK(version == 1);
    auto old_health = from_json<HealthReply>(R"({"status":"ok","server":"idekort-server/0.1.0"})");
    REQUIRE(old_health.ok());
    CHECK(old_health.value().protocol == 1);   // servers before the member was added speak v1
}

TEST_CASE("[Protocol] card states and roles read back from their text, and nothing else does") {
    for (CardState s : {CardState::Received, CardState::Triaged, CardState::InScreening, CardState::InvitedToPitch,
                        CardState::Pitched, CardState::StepFunded, CardState::LearningRecorded, CardState::Closed})
        CHECK(parse_card_state(to_string(s)) == s);
    CHECK(to_string(CardState::Received) == "received");
    CHECK(!parse_card_state("Received"));
    for (Role r : {Role::Admin, Role::Triage, Role::Director, Role::Facilitator}) CHECK(parse_role(to_string(r)) == r);
    CHECK(!parse_role("king"));
}
