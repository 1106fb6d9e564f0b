// The auth table: built from the API's own route list, so a route added without protection,
// or with the wrong roles, fails here. Every non-public route is tried without a token, with a
// wrong one, with an expired one, and with each role.
#include "api_fixture.h"

#include <algorithm>
#include <regex>
#include <set>

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

namespace {
// The pattern with its {parameters} filled in with harmless values.
std::string concrete(const std::string& pattern) {
    std::string out = std::regex_replace(pattern, std::regex("\\{uuid\\}"), to_string(new_uuid()));
    out = std::regex_replace(out, std::regex("\\{receipt\\}"), "ZZZZ-ZZZZ");
    return std::regex_replace(out, std::regex("\\{[a-z_]+\\}"), "some-id");
}
const char* const all_roles[] = {"admin", "triage", "director", "facilitator"};
// The workshop's routes need a workshop and its own store, which this in-process fixture does
// not have; tests/workshop/test_workshop_api.cpp walks them over the real server.
bool is_workshop(const server::RouteInfo& route) { return route.pattern.rfind("/api/v1/workshops", 0) == 0; }
} // namespace

TEST_CASE("[auth table] every protected route refuses no token, a wrong one and an expired one") {
    ApiFixture f;
    std::map<std::string, std::string> tokens;
    int session_routes = 0, submitter_routes = 0;
    for (const auto& route : server::Api::routes()) {
        const std::string target = concrete(route.pattern);
        CAPTURE(route.method);
        CAPTURE(target);
        if (route.access == server::Access::Public || is_workshop(route)) continue;
        if (route.access == server::Access::Submitter) ++submitter_routes; else ++session_routes;
        // Fresh sessions for each route: the logout route ends the one it is called with.
        for (const char* role : all_roles) tokens[role] = f.login_as(role);
        auto none = f.call(route.method, target, "{}");
        CHECK(none.status == 401);
        CHECK(ApiFixture::json_string(none.body, "error") == "unauthorized");
        CHECK(f.call(route.method, target, "{}", "wrong-token-wrong-token-wrong-token").status == 401);
        if (route.access == server::Access::Session)   // a submission key is no session
            CHECK(f.call(route.method, target, "{}", submission_key).status == 401);
        for (const char* role : all_roles) {
            const bool allowed = route.access == server::Access::Submitter || route.roles.empty() ||
                                 std::find(route.roles.begin(), route.roles.end(), server::parse_role(role).value()) != route.roles.end();
            if (route.access == server::Access::Submitter) continue;
            const std::string role_name = role;
            CAPTURE(role_name);
            const int status = f.call(route.method, target, "{}", tokens[role]).status;
            if (allowed) CHECK((status != 401 && status != 403));
            else CHECK(status == 403);
        }
    }
    CHECK(session_routes >= 8);
    CHECK(submitter_routes == 1);

    // Expired sessions: every session route answers 401 session_expired.
    f.now += 9h;
    for (const auto& route : server::Api::routes()) {
        if (route.access != server::Access::Session || is_workshop(route)) continue;
        auto expired = f.call(route.method, concrete(route.pattern), "{}", tokens["admin"]);
        CAPTURE(route.pattern);
        CHECK(expired.status == 401);
        CHECK(ApiFixture::json_string(expired.body, "error") == "session_expired");
    }
}

TEST_CASE("[auth table] the only public routes are the probes, status, enrollment, login, and a workshop's info and joining") {
    std::set<std::string> expected{"GET /healthz", "GET /metrics", "GET /api/v1/status/{receipt}",
                                   "POST /api/v1/devices/enroll", "POST /api/v1/admin/login",
                                   // a live workshop: anyone with the code reads it and joins
                                   "GET /api/v1/workshops/{code}", "POST /api/v1/workshops/{code}/participants"};
    std::set<std::string> public_routes;
    for (const auto& route : server::Api::routes())
        if (route.access == server::Access::Public) public_routes.insert(route.method + " " + route.pattern);
    CHECK(public_routes == expected);
}
