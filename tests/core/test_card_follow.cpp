// "Følg din idé" (issue 15) as pure rules (card_follow.h): what a typed code becomes, which
// request asks for it, and what each kind of answer means to the person. The whole screen
// against the real server is tests/capture/test_follow.cpp.
#include "app/core/card_follow.h"

#include "common/protocol/protocol.h"

#include <doctest/doctest.h>

using namespace idekort;

namespace {

HttpResponse answer(int status, std::string body, bool ours = true) {
    HttpResponse r;
    r.status = status;
    if (ours) r.headers.emplace_back("x-idekort-server", "idekort-server/0.1.0");
    r.body = std::move(body);
    return r;
}

// A transport that keeps what it was given, so the test answers by hand (late, or not at all).
struct HeldTransport final : HttpTransport {
    std::vector<std::pair<HttpRequest, Callback>> held;
    void send(HttpRequest request, Callback done) override { held.emplace_back(std::move(request), std::move(done)); }
    int deliver() override { return 0; }
    bool busy() const override { return !held.empty(); }
};

} // namespace

TEST_CASE("[follow] a code typed carelessly is asked in its canonical form; what is no code is never sent") {
    HeldTransport http;
    CardFollow follow(&http);
    follow.ask(" 7k3m q9xd ", "http://127.0.0.1:8080/");
    CHECK(follow.answer().outcome == FollowOutcome::Asking);
    CHECK(follow.answer().receipt == "7K3M-Q9XD");
    REQUIRE(http.held.size() == 1);
    CHECK(http.held[0].first.method == "GET");
    CHECK(http.held[0].first.url == "http://127.0.0.1:8080/api/v1/status/7K3M-Q9XD");
    follow.ask("oIl0-ABCD", "http://127.0.0.1:8080");
    CHECK(follow.answer().receipt == "0110-ABCD");

    follow.ask("ABC", "http://127.0.0.1:8080");
    CHECK(follow.answer().outcome == FollowOutcome::BadCode);
    follow.ask("7K3M-Q9XU", "http://127.0.0.1:8080");   // U is not in the code's alphabet
    CHECK(follow.answer().outcome == FollowOutcome::BadCode);
    CHECK(http.held.size() == 2);

    follow.ask("7K3M-Q9XD", "");
    CHECK(follow.answer().outcome == FollowOutcome::NoServer);
    CardFollow without_http(nullptr);
    without_http.ask("7K3M-Q9XD", "http://127.0.0.1:8080");
    CHECK(without_http.answer().outcome == FollowOutcome::NoServer);
}

TEST_CASE("[follow] each answer of the status route means one thing to the person") {
    protocol::CardStatusReply closed;
    closed.receipt = "7K3M-Q9XD";
    closed.state = CardState::Closed;
    closed.stage = protocol::BilingualText{"Idéen er lukket.", "The idea is closed."};
    closed.feedback = "Tak!";
    const FollowAnswer found = classify_status_response(answer(200, protocol::to_json(closed)), "7K3M-Q9XD");
    CHECK(found.outcome == FollowOutcome::Found);
    CHECK(found.status == closed);
    // Another code's reply, or something that is not the reply, is the server failing.
    CHECK(classify_status_response(answer(200, protocol::to_json(closed)), "AAAA-BBBB").outcome == FollowOutcome::ServerError);
    CHECK(classify_status_response(answer(200, "<html>"), "7K3M-Q9XD").outcome == FollowOutcome::ServerError);
    CHECK(classify_status_response(answer(404, "{}"), "7K3M-Q9XD").outcome == FollowOutcome::Unknown);
    CHECK(classify_status_response(answer(429, "{}"), "7K3M-Q9XD").outcome == FollowOutcome::TooMany);
    const FollowAnswer failed = classify_status_response(answer(500, "{}"), "7K3M-Q9XD");
    CHECK(failed.outcome == FollowOutcome::ServerError);
    CHECK(failed.http_status == 500);
    // No answer, and a Wi-Fi portal's friendly 200 page, are no connection.
    CHECK(classify_status_response(answer(0, ""), "7K3M-Q9XD").outcome == FollowOutcome::Offline);
    CHECK(classify_status_response(answer(200, "<html>Log ind på Wi-Fi</html>", false), "7K3M-Q9XD").outcome == FollowOutcome::Offline);
}

TEST_CASE("[follow] a late answer to an older ask, or one after forget(), changes nothing") {
    HeldTransport http;
    CardFollow follow(&http);
    follow.ask("7K3M-Q9XD", "http://127.0.0.1:8080");
    follow.ask("AAAA-BBBB", "http://127.0.0.1:8080");
    http.held[0].second(answer(404, "{}"));   // the first ask's answer comes last
    CHECK(follow.answer().outcome == FollowOutcome::Asking);
    CHECK(follow.answer().receipt == "AAAA-BBBB");
    follow.forget();
    http.held[1].second(answer(404, "{}"));
    CHECK(follow.answer().outcome == FollowOutcome::None);
    CHECK(follow.answer().receipt.empty());
}
