// A live workshop over the real idekort-server on loopback with real SQLite files: a
// facilitator's session, participants joining with the code, and JSON read back as a user sees it.
#pragma once

#include "common/card_id.h"
#include "common/file_io.h"
#include "server_harness.h"
#include "test_support.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/ (one definition in the program)
#include <rapidjson/document.h>

#include <memory>
#include <string>

namespace idekort::test {

inline constexpr const char* workshop_password = "a password long enough";

inline rapidjson::Document parse(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    return d;
}
inline std::string text_of(const std::string& body, const char* name) {
    auto d = parse(body);
    return d.IsObject() && d.HasMember(name) && d[name].IsString() ? d[name].GetString() : "";
}
inline std::int64_t number_of(const std::string& body, const char* name) {
    auto d = parse(body);
    return d.IsObject() && d.HasMember(name) && d[name].IsInt64() ? d[name].GetInt64() : -1;
}

struct WorkshopServer {
    explicit WorkshopServer(const std::vector<std::string>& extra_args = {}) : dir(make_temp_dir("idekort-ws")), web(make_temp_dir("idekort-ws-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        std::vector<std::string> args{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", "workshop-test-key-0001"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN, args);
        REQUIRE_MESSAGE(server->started(), server->log());
    }
    std::string login(const std::string& username, const std::string& role) {
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", username, workshop_password, role));
        HttpClient client(server->port());
        auto r = client.post("/api/v1/admin/login", "{\"username\":\"" + username + "\",\"password\":\"" + workshop_password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return text_of(r.body, "token");
    }
    // A workshop made by `facilitator`; returns its code.
    std::string create(const std::string& facilitator, const std::string& moderation = "open", int dots = 3) {
        HttpClient client(server->port());
        auto r = client.post("/api/v1/workshops", "{\"title\":\"Mobilitet på Dokk1\",\"themes\":[\"climate\",\"co_creation\"],"
                             "\"time_box_minutes\":45,\"moderation\":\"" + moderation + "\",\"dots_per_participant\":" + std::to_string(dots) + "}",
                             facilitator);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return text_of(r.body, "code");
    }
    std::string join(const std::string& code) {
        HttpClient client(server->port());
        auto r = client.post("/api/v1/workshops/" + code + "/participants", "");
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return text_of(r.body, "token");
    }
    std::string dir, web;
    std::unique_ptr<ServerProcess> server;
};

inline std::string short_card(const std::string& title, const std::string& extra = {}) {
    return "{\"title\":\"" + title + "\",\"challenge\":\"Cykelparkering mangler\",\"idea\":\"Flere stativer ved " + title + "\"" + extra + "}";
}

} // namespace idekort::test
