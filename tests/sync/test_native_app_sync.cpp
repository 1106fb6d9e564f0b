// The real native app sends its outbox: cards completed earlier are in the device store, the
// real idekort binary runs in a real X server (Xvfb) with --server and --submission-key, and sits
// idle (no input, no frames asked for): the sync engine's wake-ups alone must get every card to
// the real idekort-server. After SIGTERM, the device store holds each card's receipt, the same
// one the server has.
#include "child_processes.h"
#include "sync_test_support.h"

#include <sqlite3.h>

#include <map>

using namespace idekort;
using namespace idekort::test;
using idekort::platform::SqliteExecutor;

namespace {

constexpr const char* key = "native-app-test-submission-key-1";
constexpr int cards = 25;

// id -> receipt from a database while its owner runs (WAL lets a reader in): the server's
// cards, or the device's received outbox rows.
std::map<std::string, std::string> read_receipts(const std::string& db_path, const char* query) {
    std::map<std::string, std::string> found;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, query, -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW)
                found[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return found;
}

std::map<std::string, std::string> on_server(const std::string& folder) {
    return read_receipts(folder + "/server/idekort.db", "SELECT card_id, receipt FROM cards");
}
std::map<std::string, std::string> received_on_device(const std::string& db) {
    return read_receipts(db, "SELECT id, receipt FROM outbox WHERE state = 'received'");
}

} // namespace

TEST_CASE("[native app] an idle kiosk window sends its whole outbox and keeps the receipts") {
    char folder_template[] = "/tmp/idekort-native-sync-XXXXXX";
    const std::string folder = mkdtemp(folder_template);
    const std::string device_db = folder + "/device/idekort.db";
    std::vector<std::string> ids;
    {
        auto executor = SqliteExecutor::open(device_db).value();
        CardStore store(*executor);
        REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok());
        ids = complete_cards(*executor, store, cards, "Kiosk-idé");
    }
    ServerProcess server(IDEKORT_SERVER_BIN, folder + "/server",
                         {"--programme", std::string(IDEKORT_SOURCE_DIR) + "/assets/programme/programme.json", "--submission-key", key});
    server.start();
    XvfbDisplay x(folder + "/xvfb.log");
    {
        AppProcess app({IDEKORT_APP_BIN, "--database", device_db, "--server", server.url(), "--submission-key", key, "--size", "800x600"},
                       x.display(), folder + "/app.log");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        // Until the server has every card and the device has saved every receipt.
        while (on_server(folder).size() < static_cast<std::size_t>(cards) ||
               received_on_device(device_db).size() < static_cast<std::size_t>(cards)) {
            REQUIRE_MESSAGE(app.running(), "the app exited; see " << folder << "/app.log");
            REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "not all cards arrived; see " << folder);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        app.stop(); // as a kiosk is shut down
    }
    const auto server_cards = on_server(folder);
    CHECK(server_cards.size() == static_cast<std::size_t>(cards));
    auto executor = SqliteExecutor::open(device_db).value();
    CardStore store(*executor);
    REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok());
    const auto rows = wait_value<std::vector<OutboxRow>>(*executor, [&](auto done) { store.list_outbox_rows(done); });
    REQUIRE(rows.value().size() == static_cast<std::size_t>(cards));
    for (const auto& row : rows.value()) {
        CHECK(row.state == OutboxState::Received);
        CHECK(row.attempts == 1);
        const auto it = server_cards.find(row.id);
        REQUIRE(it != server_cards.end());
        CHECK(row.receipt == it->second);
    }
}
