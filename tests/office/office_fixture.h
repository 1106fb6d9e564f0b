// The office app under test: the real idekort-server binary on loopback with a real SQLite file,
// real accounts, cards sent as a kiosk sends them; and the real OfficeApp in the headless runner
// with the real native store (a SQLite file) and the real HTTP transport (libcurl). Widgets are
// found by label and pressed as a person would; every wait is for a state, with a deadline.
#pragma once

#include "app/office/office_app.h"
#include "common/card_id.h"
#include "common/file_io.h"
#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"
#include "platform/native/curl_transport.h"
#include "platform/native/sqlite_executor.h"
#include "platform/null/null_runner.h"
#include "server_harness.h"
#include "test_support.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/
#include <rapidjson/document.h>
#include <doctest/doctest.h>

#include "imgui.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace idekort::test {

constexpr const char* office_key = "office-test-submission-key-0001";
constexpr const char* office_password = "a password long enough";

inline const AssetSource& office_assets() {
    static const DirectoryAssets assets(IDEKORT_ASSET_DIR);
    return assets;
}

struct OfficeServer {
    std::string dir, web;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> client;
    std::map<std::string, std::string> tokens;

    // `programme`: the programme file's text; empty: the shipped one.
    explicit OfficeServer(const std::string& programme = {}) : dir(make_temp_dir("idekort-office")), web(make_temp_dir("idekort-office-web")) {
        REQUIRE(file_io::write_file(web + "/index.html", "<!doctype html><title>idekort</title>").ok());
        const std::string programme_file = programme.empty() ? std::string(IDEKORT_SOURCE_DIR) + "/assets/programme/programme.json"
                                                             : dir + "/programme.json";
        if (!programme.empty()) REQUIRE(file_io::write_file(programme_file, programme).ok());
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN,
            std::vector<std::string>{"--data-dir", dir + "/data", "--web-root", web, "--submission-key", office_key, "--rate-ip", "0",
                                     "--rate-login", "0", "--rate-key", "0", "--rate-key-address", "0", "--rate-status", "0",
                                     "--programme", programme_file});
        REQUIRE_MESSAGE(server->started(), server->log());
        client = std::make_unique<HttpClient>(server->port());
        account("ada", "admin");
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    void account(const std::string& name, const char* role) {
        REQUIRE(create_account(IDEKORT_SERVER_BIN, dir + "/data", name, office_password, role));
        auto r = client->post("/api/v1/admin/login", "{\"username\":\"" + name + "\",\"password\":\"" + office_password + "\"}");
        REQUIRE_MESSAGE(r.status == 200, r.body);
        json::ObjectReader reader(r.body, JsonLimits{});
        tokens[name] = reader.optional_text("token").value_or("");
    }

    // A card as a kiosk sends it, with its own title; returns {id, receipt}.
    std::pair<std::string, std::string> send_card(const std::string& title) {
        const std::string id = to_string(new_uuid());
        const std::string card = replace_once(card_with_id(read_project_file("tests/fixtures/card-v1.json"), id),
                                              "Fælles cykelværksted for skoler og plejehjem", title);
        auto r = client->put("/api/v1/cards/" + id, card, office_key);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        json::ObjectReader reader(r.body, JsonLimits{});
        return {id, reader.optional_text("receipt").value_or("")};
    }

    protocol::PipelineCardReply view(const std::string& card) {
        auto r = client->get("/api/v1/cards/" + card + "/pipeline", tokens["ada"]);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        auto reply = protocol::from_json<protocol::PipelineCardReply>(r.body);
        REQUIRE(reply.ok());
        return reply.value();
    }
};

// The office app as one desk runs it: its own device store file and the real transport.
struct OfficeDesk {
    std::unique_ptr<platform::SqliteExecutor> store;
    platform::CurlTransport http;
    office::OfficeApp app;
    std::optional<platform::NullRunner> runner;

    // `export_dir`: where the desk saves the files a person exports (as the native runner's
    // --export-dir); empty: the platform cannot save files. `assets`: the app's assets (the
    // staged ones unless a test gives the app another programme).
    OfficeDesk(const std::string& database, const std::string& server_url, float width = 1920, float height = 1080,
               const std::string& export_dir = {}, const AssetSource* assets = nullptr)
        : store(platform::SqliteExecutor::open(database).value()), app(office::OfficeSettings{"da", server_url}) {
        AppEnvironment env;
        env.assets = assets ? assets : &office_assets();
        if (!export_dir.empty())
            env.save_file = [export_dir](std::string name, std::string bytes, std::function<void(Expected<std::string>)> done) {
                const std::string path = export_dir + "/" + name;
                if (auto written = file_io::write_file(path, bytes); !written) return done(written.error());
                done(path);
            };
        env.store = store.get();
        env.http = &http;
        runner.emplace(app, env, width, height);
        REQUIRE(runner->init_status().ok());
    }

    std::string state(const char* key) const {
        rapidjson::Document doc;
        doc.Parse(app.state_json().c_str());
        REQUIRE(!doc.HasParseError());
        const auto& v = doc[key];
        return v.IsString() ? v.GetString() : std::to_string(v.GetInt64());
    }

    // Draws frames until `holds` (the store's and the network's answers arrive between them),
    // failing after `seconds` with what the screen showed.
    void wait_until(const std::function<bool()>& holds, const char* what, double seconds = 20) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (!holds()) {
            if (std::chrono::steady_clock::now() > deadline) {
                std::string seen;
                for (const auto& i : app.semantic_items()) seen += "'" + i.label + "' ";
                FAIL("waited in vain for " << std::string(what) << "; state " << app.state_json() << "; widgets: " << seen);
            }
            runner->frame();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));   // the transport's thread answers
        }
    }
    bool shows(std::string_view label) const { return find_item(app.semantic_items(), label) != nullptr; }
    void wait_for(std::string_view label) {
        wait_until([&] { return shows(label); }, std::string(label).c_str());
    }
    // Presses the widget where it rests: an answer arriving between two frames can move the
    // layout (a message line, the card's buttons), so its place must be the same two frames running.
    void press(std::string_view label) {
        SemanticRect last{-1, -1, -1, -1};
        wait_until([&] {
            const SemanticItem* found = find_item(app.semantic_items(), label);
            if (!found) return false;
            const SemanticRect r = found->rect;
            const bool resting = r.x == last.x && r.y == last.y && r.width == last.width && r.height == last.height;
            last = r;
            return resting && !http.busy();
        }, std::string(label).c_str());
        const SemanticItem item = *find_item(app.semantic_items(), label);
        runner->click(item.rect.centre_x(), item.rect.centre_y());
        runner->frames(2);
    }
    void type(std::string_view label, std::string_view text) {
        press(label);
        runner->type_text(text);
        runner->frames(2);
    }
    void key(ImGuiKey k) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddKeyEvent(k, true);
        runner->frame();
        io.AddKeyEvent(k, false);
        runner->frame();
    }
    void sign_in(const std::string& user) {
        wait_until([&] { return state("screen") == "sign_in"; }, "the sign-in screen");
        type("Brugernavn", user);
        type("Adgangskode", office_password);
        press("Log ind");
    }
};

} // namespace idekort::test
