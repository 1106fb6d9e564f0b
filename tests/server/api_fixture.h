// An in-process Api on a real SQLite file in a fresh temporary folder, with a clock the test
// moves, for the handler tests (test_api.cpp, test_auth_table.cpp).
#pragma once

#include "common/card_id.h"
#include "common/programme_config.h"
#include "server/api/api.h"
#include "server/api/crypto.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"
#include "test_support.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/ (one definition in the program)
#include <rapidjson/document.h>

#include <future>

namespace idekort::test {

constexpr const char* submission_key = "test-submission-key-0001";
constexpr const char* admin_password = "correct horse battery staple";

inline server::ApiConfig test_api_config() {
    server::ApiConfig config;
    config.submission_keys = {submission_key};
    config.per_ip = {0, 1};
    config.per_key = {0, 1};
    config.per_device = {0, 1};
    config.logins_per_ip = {0, 1};
    config.enrollments_per_ip = {0, 1};
    config.status_per_ip = {0, 1};
    return config;
}

struct ApiFixture {
    explicit ApiFixture(server::ApiConfig config = test_api_config())
        : dir(make_temp_dir("idekort-api")), store(open_store(dir)), queue(*store, true),
          api(std::move(config), programme(), *store, queue, metrics, [this] { return now; }) {
        REQUIRE(server::crypto::initialise());
    }
    ~ApiFixture() { queue.stop(); }

    static std::unique_ptr<server::SqliteStorage> open_store(const std::string& dir) {
        auto s = server::SqliteStorage::open(dir + "/idekort.db");
        REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().describe()));
        return std::move(s.value());
    }
    static ProgrammeConfig programme() {
        auto p = ProgrammeConfig::parse(read_project_file("assets/programme/programme.json"), "programme.json");
        REQUIRE(p.ok());
        return p.value();
    }

    server::ApiResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                             const std::string& bearer = {}, const std::string& ip = "192.0.2.1") {
        server::ApiRequest r{method, target, bearer.empty() ? "" : "Bearer " + bearer, body, ip, body.empty() ? "" : "application/json"};
        auto promise = std::make_shared<std::promise<server::ApiResponse>>();
        auto future = promise->get_future();
        api.handle(r, [promise](server::ApiResponse response) { promise->set_value(std::move(response)); });
        auto response = future.get();
        // A streamed answer (exports) is read whole, as a client would.
        for (std::string piece; response.stream;) {
            const auto more = response.stream(piece);
            REQUIRE(more != server::ApiResponse::Piece::Failed);
            response.body += piece;
            if (more == server::ApiResponse::Piece::End) break;
        }
        return response;
    }

    server::ApiResponse put_card(const std::string& card_json, const std::string& bearer = submission_key) {
        rapidjson::Document d;
        d.Parse(card_json.c_str());
        const std::string id = d.IsObject() && d.HasMember("id") && d["id"].IsString() ? d["id"].GetString() : "x";
        return call("PUT", "/api/v1/cards/" + id, card_json, bearer);
    }

    // A valid card with a fresh id; `edit` replaces one text of the fixture.
    static std::string new_card(const std::string& from = {}, const std::string& to = {}) {
        std::string card = card_with_id(read_project_file("tests/fixtures/card-v1.json"), to_string(new_uuid()));
        return from.empty() ? card : replace_once(card, from, to);
    }

    // A session token for a new account with `role`.
    std::string login_as(const std::string& role) {
        server::AdminUser user;
        user.username = role + std::to_string(++accounts);
        user.role = server::parse_role(role).value();
        user.password_hash = server::crypto::hash_password(admin_password);
        REQUIRE(store->create_user(user).value());
        auto r = call("POST", "/api/v1/admin/login", "{\"username\":\"" + user.username + "\",\"password\":\"" + admin_password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return json_string(r.body, "token");
    }

    // A device token, from an enrollment code an administrator made.
    std::string enroll_device() {
        const std::string admin = login_as("admin");
        auto code = call("POST", "/api/v1/admin/enrollment-codes", "{\"lifetime_minutes\":60}", admin);
        REQUIRE_MESSAGE(code.status == 201, code.body);
        auto enrolled = call("POST", "/api/v1/devices/enroll", "{\"code\":\"" + json_string(code.body, "code") + "\",\"name\":\"Kiosk\"}");
        REQUIRE_MESSAGE(enrolled.status == 201, enrolled.body);
        return json_string(enrolled.body, "token");
    }

    static std::string json_string(const std::string& body, const char* name) {
        rapidjson::Document d;
        d.Parse(body.c_str());
        if (!d.IsObject() || !d.HasMember(name) || !d[name].IsString()) return {};
        return d[name].GetString();
    }

    std::string dir;
    std::unique_ptr<server::SqliteStorage> store;
    server::Metrics metrics;
    server::IngestQueue queue;
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    server::Api api;
    int accounts = 0;
};

} // namespace idekort::test
