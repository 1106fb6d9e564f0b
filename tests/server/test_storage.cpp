// SQLite storage (server/sqlite_storage.h) on real files: migrations, durability settings, and
// the exactly-once rules of a batch.
#include "common/file_io.h"
#include "server/store/ingest_queue.h"
#include "server/store/sqlite_storage.h"
#include "server_harness.h"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace idekort;
using namespace idekort::server;

namespace {
IngestItem item(const std::string& id, const std::string& receipt, const std::string& body) {
    return IngestItem{id, receipt, "climate", body, "key:test", 1000};
}
std::string pragma(const std::string& path, const char* name) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &q, nullptr);
    std::string out = sqlite3_step(q) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(q, 0)) : "";
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}
void set_schema_version(const std::string& path, int version) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, ("INSERT INTO schema_migrations VALUES (" + std::to_string(version) + ", 0)").c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}
} // namespace

TEST_CASE("[storage] a new file is migrated to the latest schema, once, in WAL mode") {
    const std::string path = test::make_temp_dir("idekort-store") + "/idekort.db";
    {
        auto store = SqliteStorage::open(path);
        REQUIRE(store.ok());
        CHECK(store.value()->schema_version().value() == SqliteStorage::latest_schema_version());
        REQUIRE(store.value()->ingest({item("a", "AAAA-AAAA", "{}")}).ok());
        CHECK(pragma(path, "journal_mode") == "wal");
    }
    auto reopened = SqliteStorage::open(path);
    REQUIRE(reopened.ok());
    CHECK(reopened.value()->card_count().value() == 1);   // nothing re-created or lost
    CHECK(reopened.value()->schema_version().value() == SqliteStorage::latest_schema_version());
}

TEST_CASE("[storage] a database from a newer build is refused with a message saying so") {
    const std::string path = test::make_temp_dir("idekort-store") + "/idekort.db";
    REQUIRE(SqliteStorage::open(path).ok());
    set_schema_version(path, SqliteStorage::latest_schema_version() + 1);
    auto refused = SqliteStorage::open(path);
    REQUIRE(!refused.ok());
    CHECK(refused.error().message.find("newer than this build") != std::string::npos);
}

TEST_CASE("[storage] a file that is not a database is refused, not overwritten") {
    const std::string path = test::make_temp_dir("idekort-store") + "/idekort.db";
    REQUIRE(file_io::write_file(path, std::string(4096, 'x')).ok());
    CHECK(!SqliteStorage::open(path).ok());
}

TEST_CASE("[storage] the WAL stays bounded while cards arrive without a pause") {
    // A busy server's WAL grew without bound (377 MB after 45,000 cards): the checkpoint thread's
    // passes never caught up with commits that kept coming. Here commits come back to back from
    // this thread, with the wake-up size small so the bound shows in a few MB.
    const std::string path = test::make_temp_dir("idekort-store") + "/idekort.db";
    auto store = SqliteStorage::open(path);
    REQUIRE(store.ok());
    constexpr int wake_pages = 64;
    store.value()->set_checkpoint_pages(wake_pages);
    const std::string body = "{" + std::string(1500, 'x') + "}";   // about a real card's size
    long written_pages_at_least = 0;
    for (int batch = 0; batch < 150; ++batch) {
        std::vector<IngestItem> items;
        for (int i = 0; i < 20; ++i) {
            const std::string n = std::to_string(batch * 20 + i);
            items.push_back(item("card-" + n, "R-" + n, body));
        }
        REQUIRE(store.value()->ingest(items).ok());
        written_pages_at_least += 20 / 3;   // three 1.5 kB bodies fill a page; indexes come on top
    }
    CHECK(store.value()->card_count().value() == 3000);
    struct stat wal{};
    REQUIRE(::stat((path + "-wal").c_str(), &wal) == 0);
    const long frame = 4096 + 24;
    INFO("WAL file: " << wal.st_size << " bytes; at least " << written_pages_at_least * frame << " bytes were written to it");
    CHECK(written_pages_at_least * frame > 4 * 2 * wake_pages * frame);   // the load is larger than the bound below
    // The writer catches up at twice the wake-up size; one batch's pages can come on top.
    CHECK(wal.st_size <= 4 * 2 * wake_pages * frame);
}

TEST_CASE("[storage] one batch stores each id once and keeps receipt codes unique") {
    auto store = SqliteStorage::open(test::make_temp_dir("idekort-store") + "/idekort.db");
    REQUIRE(store.ok());
    auto outcomes = store.value()->ingest({item("a", "AAAA-AAAA", "{1}"), item("a", "AAAA-AAAA", "{1}"), item("a", "AAAA-AAAA", "{2}"),
                                           item("b", "AAAA-AAAA", "{3}"), item("c", "CCCC-CCCC", "{4}")});
    REQUIRE(outcomes.ok());
    const auto& o = outcomes.value();
    CHECK(o[0].result == IngestResult::Created);
    CHECK(o[1].result == IngestResult::Duplicate);
    CHECK(o[1].stored.seq == o[0].stored.seq);
    CHECK(o[2].result == IngestResult::Conflict);
    CHECK(o[3].result == IngestResult::ReceiptTaken);
    CHECK(o[4].result == IngestResult::Created);
    CHECK(store.value()->card_count().value() == 2);
}

// The queue's answerer (server/store/ingest_queue.h): a connection that is slow to be answered
// must not hold up the cards of the others, and a stop answers everything it took.
TEST_CASE("[storage] the group commit goes on storing while an earlier batch is still being answered") {
    const std::string path = test::make_temp_dir("idekort-store") + "/idekort.db";
    auto store = SqliteStorage::open(path);
    REQUIRE(store.ok());
    IngestQueue queue(*store.value(), true);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::mutex order_mutex;
    std::vector<std::string> answered;
    const auto record = [&](const std::string& id, const Expected<IngestOutcome>& outcome) {
        // CHECK, not REQUIRE: this runs on the answerer's thread, where a throw would end the process.
        CHECK(outcome.ok());
        if (outcome.ok()) {
            CHECK(outcome.value().result == IngestResult::Created);
            CHECK(outcome.value().stored.card_id == id);
        }
        std::lock_guard<std::mutex> lock(order_mutex);
        answered.push_back(id);
    };
    queue.submit(item("a", "AAAA-AAAA", "{1}"), [&](Expected<IngestOutcome> outcome) {
        record("a", outcome);
        released.wait(); // the answer to "a" is stuck, e.g. building a large reply
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    const auto wait_for = [&](const auto& done) {
        while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return done();
    };
    const auto count_reaches = [&](std::int64_t n) { return wait_for([&] { return store.value()->card_count().value() >= n; }); };
    // Wait until "a"'s answer has begun (and is stuck), so that "b" goes in a later batch.
    REQUIRE(wait_for([&] {
        std::lock_guard<std::mutex> lock(order_mutex);
        return !answered.empty();
    }));
    queue.submit(item("b", "BBBB-BBBB", "{2}"), [&](Expected<IngestOutcome> outcome) { record("b", outcome); });
    // Stored while "a" is still unanswered: before the answerer, the writer ran the completions
    // itself and "b" waited for "a"'s answer.
    CHECK(count_reaches(2));
    {
        std::lock_guard<std::mutex> lock(order_mutex);
        CHECK(answered == std::vector<std::string>{"a"});
    }
    release.set_value();
    queue.stop(); // answers "b" before it returns
    CHECK(answered == std::vector<std::string>{"a", "b"});
}
