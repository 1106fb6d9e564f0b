// Durability: the server is SIGKILLed again and again while a client submits cards and retries
// every one that got no answer, as a kiosk's sync would. Afterwards every card the client saw
// acknowledged (201, or 200 for a retry whose first answer was lost) is in the database exactly
// once, with the receipt it was acknowledged with. The same for the pipeline's transitions, which
// are group-committed like cards (issue 14): every transition answered 200 is in the log once.
#include "common/card_id.h"
#include "common/json_reader.h"
#include "common/protocol/message.h"
#include "common/protocol/pipeline.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"
#include "test_support.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/ (one definition in the program)
#include <rapidjson/document.h>

#include <signal.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>

using namespace idekort;
using namespace idekort::test;
using namespace std::chrono_literals;

TEST_CASE("[durability] SIGKILL in a loop: every acknowledged card is stored exactly once") {
    constexpr const char* key = "durability-submission-key-1";
    const std::string dir = make_temp_dir("idekort-kill");
    const std::uint16_t port = free_port();
    const std::vector<std::string> args{"--data-dir", dir, "--web-root", dir, "--submission-key", key, "--rate-ip", "0", "--rate-key", "0"};
    const std::string fixture = read_project_file("tests/fixtures/card-v1.json");

    std::mutex server_mutex;
    auto server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN, args, port);
    REQUIRE_MESSAGE(server->started(), server->log());

    std::atomic<bool> done{false};
    std::map<std::string, std::string> acknowledged;   // id -> receipt
    int retries = 0;
    std::thread client([&] {
        HttpClient http(port, 2s);
        while (!done) {
            const std::string id = to_string(new_uuid());
            const std::string card = card_with_id(fixture, id);
            for (;;) {   // retry this card until it is answered, as the sync engine does
                auto r = http.put("/api/v1/cards/" + id, card, key);
                if (r.status == 201 || r.status == 200) {
                    rapidjson::Document d;
                    d.Parse(r.body.c_str());
                    acknowledged[id] = d["receipt"].GetString();
                    break;
                }
                ++retries;
                if (done) break;
                std::this_thread::sleep_for(5ms);
            }
        }
    });

    std::mt19937 random(42);
    int kills = 0;
    for (; kills < 15; ++kills) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 200));
        server->stop(SIGKILL);
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN, args, port);
        REQUIRE_MESSAGE(server->started(), server->log());
    }
    std::this_thread::sleep_for(300ms);
    done = true;
    client.join();
    server->stop(SIGKILL);

    MESSAGE(acknowledged.size() << " cards acknowledged across " << kills << " kills; " << retries << " retries");
    CHECK(acknowledged.size() > 50);
    CHECK(retries > 0);   // the kills really did cut requests off
    auto store = server::SqliteStorage::open(dir + "/idekort.db");
    REQUIRE(store.ok());
    server::CardFilter everything;
    everything.limit = 0;
    auto rows = store.value()->list_cards(everything);
    REQUIRE(rows.ok());
    std::map<std::string, int> seen;
    std::map<std::string, std::string> receipts;
    for (const auto& row : rows.value()) {
        ++seen[row.card_id];
        receipts[row.card_id] = row.receipt;
    }
    int missing = 0, doubled = 0, wrong_receipt = 0;
    for (const auto& [id, receipt] : acknowledged) {
        missing += seen[id] == 0;
        doubled += seen[id] > 1;
        wrong_receipt += seen[id] == 1 && receipts[id] != receipt;
    }
    CHECK(missing == 0);
    CHECK(doubled == 0);
    CHECK(wrong_receipt == 0);
    // Stored but never acknowledged is allowed (the answer died with the server), but only for
    // the one card in flight at each kill.
    CHECK(rows.value().size() <= acknowledged.size() + static_cast<std::size_t>(kills) + 1);
}

TEST_CASE("[durability] SIGKILL during concurrent transitions: every acknowledged transition is in the log exactly once") {
    constexpr const char* key = "durability-submission-key-2";
    const std::string dir = make_temp_dir("idekort-kill-moves");
    const std::uint16_t port = free_port();
    const std::vector<std::string> args{"--data-dir", dir, "--web-root", dir, "--submission-key", key, "--rate-ip", "0",
                                        "--rate-key", "0", "--rate-key-address", "0", "--rate-login", "0", "--threads", "4"};
    const std::string fixture = read_project_file("tests/fixtures/card-v1.json");
    REQUIRE(create_account(IDEKORT_SERVER_BIN, dir, "tove", "a password long enough", "triage"));
    auto server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN, args, port);
    REQUIRE_MESSAGE(server->started(), server->log());
    std::string token;
    std::vector<std::string> cards;
    {
        HttpClient http(port);
        auto login = http.post("/api/v1/admin/login", "{\"username\":\"tove\",\"password\":\"a password long enough\"}");
        REQUIRE_MESSAGE(login.status == 200, login.body);
        token = json::ObjectReader(login.body, JsonLimits{}).optional_text("token").value_or("");
        for (int i = 0; i < 400; ++i) {
            const std::string id = to_string(new_uuid());
            REQUIRE(http.put("/api/v1/cards/" + id, card_with_id(fixture, id), key).status == 201);
            cards.push_back(id);
        }
    }

    // Eight office clients at once, each triaging its own cards (version 0 -> 1) and sending a
    // request again when it got no answer, as the office app's retry does. A retry whose first
    // attempt was stored is answered 409 (the card is at version 1 now): stored, not acknowledged.
    constexpr int clients = 8;
    std::atomic<bool> done{false};
    std::mutex acknowledged_mutex;
    std::vector<std::string> acknowledged;
    std::atomic<int> retries{0}, conflicts{0};
    std::vector<std::thread> office;
    for (int k = 0; k < clients; ++k)
        office.emplace_back([&, k] {
            HttpClient http(port, 2s);
            protocol::TransitionRequest request;
            request.action = "triage";
            request.theme = "climate";
            request.version = 0;
            request.why = "durability test";
            for (std::size_t i = static_cast<std::size_t>(k); i < cards.size() && !done; i += clients) {
                for (;;) {
                    auto r = http.post("/api/v1/cards/" + cards[i] + "/transitions", protocol::to_json(request), token);
                    if (r.status == 200) {
                        std::lock_guard<std::mutex> lock(acknowledged_mutex);
                        acknowledged.push_back(cards[i]);
                        break;
                    }
                    if (r.status == 409) {
                        ++conflicts;
                        break;
                    }
                    ++retries;
                    if (done) break;
                    std::this_thread::sleep_for(5ms);
                }
            }
        });

    std::mt19937 random(7);
    int kills = 0;
    for (; kills < 10; ++kills) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 200));
        server->stop(SIGKILL);
        server = std::make_unique<ServerProcess>(IDEKORT_SERVER_BIN, args, port);
        REQUIRE_MESSAGE(server->started(), server->log());
    }
    // The clients finish their cards on the last server (the deadline only bounds a hang).
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(acknowledged_mutex);
            if (acknowledged.size() + static_cast<std::size_t>(conflicts) >= cards.size()) break;
        }
        if (std::chrono::steady_clock::now() > deadline) break;
        std::this_thread::sleep_for(20ms);
    }
    done = true;
    for (auto& t : office) t.join();
    server->stop(SIGKILL);

    MESSAGE(acknowledged.size() << " transitions acknowledged across " << kills << " kills; " << retries.load() << " retries, " << conflicts.load()
                                << " answered 409 after a lost answer");
    CHECK(acknowledged.size() + static_cast<std::size_t>(conflicts.load()) == cards.size());
    CHECK(retries > 0);   // the kills really did cut requests off
    auto store = server::SqliteStorage::open(dir + "/idekort.db");
    REQUIRE(store.ok());
    int missing = 0, doubled = 0;
    for (const std::string& id : cards) {   // acknowledged or not, no card is triaged twice
        auto log = store.value()->transitions(id);
        REQUIRE(log.ok());
        doubled += log.value().size() > 1;
    }
    for (const std::string& id : acknowledged) {
        auto log = store.value()->transitions(id);
        REQUIRE(log.ok());
        missing += log.value().empty();
        auto card = store.value()->card_pipeline(id);
        REQUIRE(card.ok());
        CHECK(card.value()->position.state == CardState::Triaged);
        CHECK(card.value()->position.version == 1);
    }
    CHECK(missing == 0);
    CHECK(doubled == 0);
}
