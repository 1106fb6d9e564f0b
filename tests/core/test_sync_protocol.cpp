// The sync protocol's rules as pure functions (sync_protocol.h): what counts as a receipt, what
// is permanent, what is worth another try, and how long to wait.
#include "app/core/sync_protocol.h"

#include <doctest/doctest.h>

using namespace idekort;
using namespace idekort::sync;

namespace {

HttpResponse answer(int status, std::string body, bool ours = true) {
    HttpResponse r;
    r.status = status;
    if (ours) r.headers.emplace_back("x-idekort-server", "idekort-server/0.1.0");
    r.body = std::move(body);
    return r;
}

} // namespace

TEST_CASE("[sync protocol] cards go to https:// only; plain http:// to this machine or when allowed (issue 13, point 13)") {
    struct Case { const char* url; bool allowed; };
    for (const Case& c : std::vector<Case>{{"https://idekort.aarhus.dk", true}, {"https://10.0.0.5:8443/idekort/", true},
                                           {"http://127.0.0.1:8080", true}, {"http://127.9.9.9", true},
                                           {"http://localhost:8080/", true}, {"http://[::1]:8080", true},
                                           {"http://idekort.aarhus.dk", false}, {"http://10.0.0.5:8080", false},
                                           {"http://127.0.0.1.evil.example", false}, {"http://localhost.evil.example", false},
                                           {"http://user@127.0.0.1.evil.example", false}, {"ftp://idekort.aarhus.dk", false},
                                           {"https://", false}}) {
        const std::string url = c.url;
        CAPTURE(url);
        CHECK(check_server_url(c.url, false).ok() == c.allowed);
    }
    const Status refused = check_server_url("http://idekort.aarhus.dk", false);
    CHECK(refused.error().message.find("--allow-http") != std::string::npos);
    CHECK(check_server_url("http://idekort.aarhus.dk", true).ok());
    CHECK_FALSE(check_server_url("ftp://idekort.aarhus.dk", true).ok());
}

TEST_CASE("[sync protocol] URLs join with or without a trailing slash") {
    CHECK(join_url("http://h:8080", "/healthz") == "http://h:8080/healthz");
    CHECK(join_url("http://h:8080/idekort//", "/healthz") == "http://h:8080/idekort/healthz");
    const HttpRequest r = card_request("https://x.dk/", "abc", "{}", "tok", 5);
    CHECK(r.method == "PUT");
    CHECK(r.url == "https://x.dk/api/v1/cards/abc");
    CHECK(r.timeout_seconds == 5);
}

TEST_CASE("[sync protocol] 201 and 200 with our header and this card's envelope are receipts") {
    auto o = classify_card_response(answer(201, R"({"card_id":"c1","receipt":"AB12-CD34","received_at":"2026-11-27T08:00:00Z","duplicate":false})"), "c1");
    CHECK(o.kind == OutcomeKind::Received);
    CHECK(o.receipt == "AB12-CD34");
    CHECK_FALSE(o.duplicate);
    o = classify_card_response(answer(200, R"({"card_id":"c1","receipt":"AB12-CD34","received_at":"x","duplicate":true})"), "c1");
    CHECK(o.kind == OutcomeKind::Received);
    CHECK(o.duplicate);
}

TEST_CASE("[sync protocol] success needs the identity header, a JSON envelope and the right card") {
    const std::string good = R"({"card_id":"c1","receipt":"R","received_at":"x"})";
    CHECK(classify_card_response(answer(200, good, false), "c1").code == "not_our_server");
    CHECK(classify_card_response(answer(200, "<html>Welcome to CityWiFi</html>", false), "c1").kind == OutcomeKind::Transient);
    CHECK(classify_card_response(answer(200, "<html>ok</html>"), "c1").code == "bad_envelope");
    CHECK(classify_card_response(answer(201, good), "c2").code == "bad_envelope");
    CHECK(classify_card_response(answer(201, R"({"card_id":"c1"})"), "c1").code == "bad_envelope");
    HttpResponse spoof = answer(200, good, false);
    spoof.headers.emplace_back("x-idekort-server", "nginx");
    CHECK(classify_card_response(spoof, "c1").kind == OutcomeKind::Transient);
    HttpResponse none;
    none.network_error = "Operation timed out";
    const auto o = classify_card_response(none, "c1");
    CHECK(o.code == "network");
    CHECK(o.message == "Operation timed out");
}

TEST_CASE("[sync protocol] permanent answers: conflict, rejection, credential") {
    auto o = classify_card_response(answer(409, R"({"error":"conflict","message":"m","fields":["title","idea"]})"), "c1");
    CHECK(o.kind == OutcomeKind::Conflict);
    CHECK(o.fields == std::vector<std::string>{"title", "idea"});
    o = classify_card_response(answer(422, R"({"error":"validation","field":"contact.email","rule":"invalid_email","message":"m"})"), "c1");
    CHECK(o.kind == OutcomeKind::Rejected);
    CHECK(o.field == "contact.email");
    CHECK(o.rule == "invalid_email");
    CHECK(classify_card_response(answer(400, R"({"error":"invalid_json","message":"m"})"), "c1").code == "invalid_json");
    CHECK(classify_card_response(answer(413, R"({"error":"body_too_large"})"), "c1").kind == OutcomeKind::Rejected);
    o = classify_card_response(answer(403, R"({"error":"revoked","message":"m"})"), "c1");
    CHECK(o.kind == OutcomeKind::CredentialRejected);
    CHECK(o.code == "revoked");
    CHECK(classify_card_response(answer(401, "not json"), "c1").code == "http_401");
}

TEST_CASE("[sync protocol] 5xx, 429 and a missing route are transient; Retry-After is read in seconds") {
    HttpResponse limited = answer(429, R"({"error":"rate_limited"})");
    limited.headers.emplace_back("retry-after", "17");
    auto o = classify_card_response(limited, "c1");
    CHECK(o.kind == OutcomeKind::Transient);
    CHECK(o.retry_after_seconds == 17);
    limited.headers.back().second = "Fri, 27 Nov 2026 08:00:00 GMT";
    CHECK(classify_card_response(limited, "c1").retry_after_seconds < 0);
    limited.headers.back().second = "99999999";
    CHECK(classify_card_response(limited, "c1").retry_after_seconds < 0);
    CHECK(classify_card_response(answer(500, R"({"error":"internal"})"), "c1").kind == OutcomeKind::Transient);
    CHECK(classify_card_response(answer(404, "{}"), "c1").kind == OutcomeKind::Transient);
    CHECK(classify_card_response(answer(502, "<html>Bad Gateway</html>", false), "c1").code == "not_our_server");
}

TEST_CASE("[sync protocol] enrollment answers") {
    auto e = parse_enroll_response(answer(201, R"({"device_id":"d1","token":"t1"})"));
    REQUIRE(e.ok());
    CHECK(e.value().token == "t1");
    auto bad = parse_enroll_response(answer(400, R"({"error":"expired_code","message":"the code expired"})"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().where == "expired_code");
    CHECK(bad.error().message == "the code expired");
    CHECK(parse_enroll_response(answer(201, R"({"device_id":"d1","token":"t1"})", false)).error().where == "not_our_server");
    CHECK(enroll_request("http://h", "AB\"CD", "Kiosk", 5).body == R"({"code":"AB\"CD","name":"Kiosk"})");
}

TEST_CASE("[sync protocol] full-jitter backoff: first retry within the base, doubling, capped") {
    CHECK(backoff_ceiling(1, 2, 300) == 2);
    CHECK(backoff_ceiling(2, 2, 300) == 4);
    CHECK(backoff_ceiling(8, 2, 300) == 256);
    CHECK(backoff_ceiling(9, 2, 300) == 300);
    CHECK(backoff_ceiling(100000, 2, 300) == 300);
    CHECK(full_jitter_delay(3, 2, 300, 0.0) == 0);
    CHECK(full_jitter_delay(3, 2, 300, 0.5) == 4);
    CHECK(full_jitter_delay(3, 2, 300, 0.999) < 8);
}
