// The real idekort-server on a loopback port with a real SQLite file and a given programme file,
// and a logged-in account of each office role, for the HTTP tests of issue 14's office routes
// (test_dashboard_http.cpp, test_sparring_http.cpp): ada (admin), tove (triage), dorte (director
// of climate) and finn (facilitator). Cards are sent as a browser would and moved through the
// process by the API itself.
#pragma once

#include "common/card_id.h"
#include "common/file_io.h"
#include "common/protocol/dashboard.h"
#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"
#include "server_harness.h"
#include "transition_requests.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace idekort::test {

constexpr const char* office_key = "office-submission-key-001";
constexpr const char* office_password = "a password long enough";

// The server, and one logged-in account per name: role and, for directors, themes.
struct OfficeServer {
    explicit OfficeServer(const std::string& programme) : dir(make_temp_dir("idekort-office-http")), web(make_temp_dir("idekort-office-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        REQUIRE(file_io::write_file(dir + "/programme.json", programme).ok());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN,
            std::vector<std::string>{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", office_key, "--rate-ip", "0",
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
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", name, office_password, role));
        auto r = http->post("/api/v1/admin/login", "{\"username\":\"" + name + "\",\"password\":\"" + office_password + "\"}");
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
        auto r = http->put("/api/v1/cards/" + id, card, office_key);
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


} // namespace idekort::test
