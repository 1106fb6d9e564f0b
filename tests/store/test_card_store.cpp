// CardStore over the real native SQLite executor, on a real file: drafts, the outbox, migrations,
// and that callbacks arrive only through deliver() (the frame thread).
#include "store_test_support.h"

#include "common/card_id.h"

#include <sqlite3.h>

#include <optional>

using namespace idekort;
using namespace idekort::test;
using idekort::platform::SqliteExecutor;

namespace {

IdeaCard draft(const std::string& title) {
    IdeaCard c;
    c.id = to_string(new_uuid());
    c.created_at = c.updated_at = "2026-11-27T06:30:00Z";
    c.title = title;
    c.idea = "Idé med æøå";
    return c;
}

struct OpenStore {
    std::string path = temp_database();
    std::unique_ptr<SqliteExecutor> executor = SqliteExecutor::open(path).value();
    CardStore store{*executor};
    OpenStore() { REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok()); }
};

} // namespace

TEST_CASE("[CardStore] a saved draft is listed, loads back intact, and can be deleted") {
    OpenStore s;
    const IdeaCard card = draft("Grøn skolegård");
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.save_draft(card, 1, done); }).ok());
    auto list = wait_value<std::vector<DraftSummary>>(*s.executor, [&](auto done) { s.store.list_drafts(done); });
    REQUIRE(list.ok());
    REQUIRE(list.value().size() == 1);
    CHECK(list.value()[0].title == "Grøn skolegård");
    auto loaded = wait_value<IdeaCard>(*s.executor, [&](auto done) { s.store.load_draft(card.id, done); });
    REQUIRE(loaded.ok());
    CHECK(loaded.value() == card);
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.delete_draft(card.id, done); }).ok());
    CHECK(wait_value<std::vector<DraftSummary>>(*s.executor, [&](auto done) { s.store.list_drafts(done); }).value().empty());
    auto missing = wait_value<IdeaCard>(*s.executor, [&](auto done) { s.store.load_draft(card.id, done); });
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "no such draft");
}

TEST_CASE("[CardStore] an older revision never overwrites a newer one") {
    OpenStore s;
    IdeaCard card = draft("v2");
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.save_draft(card, 2, done); }).ok());
    card.title = "v1 arriving late";
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.save_draft(card, 1, done); }).ok());
    auto loaded = wait_value<IdeaCard>(*s.executor, [&](auto done) { s.store.load_draft(card.id, done); });
    CHECK(loaded.value().title == "v2");
}

TEST_CASE("[CardStore] completing moves the card from drafts to the outbox in one step") {
    OpenStore s;
    const IdeaCard card = draft("Cykelværksted");
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.save_draft(card, 1, done); }).ok());
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.complete(card, "2026-11-27T07:00:00Z", done); }).ok());
    CHECK(wait_value<std::vector<DraftSummary>>(*s.executor, [&](auto done) { s.store.list_drafts(done); }).value().empty());
    auto outbox = wait_value<std::vector<OutboxEntry>>(*s.executor, [&](auto done) { s.store.list_outbox(done); });
    REQUIRE(outbox.ok());
    REQUIRE(outbox.value().size() == 1);
    CHECK(outbox.value()[0].state == OutboxState::Queued);
    CHECK(outbox.value()[0].attempts == 0);
    CHECK(outbox.value()[0].card == card);

    // Completing twice fails as a whole: the outbox keeps one row, the draft table is untouched.
    REQUIRE(wait_status(*s.executor, [&](auto done) { s.store.save_draft(draft("other"), 1, done); }).ok());
    CHECK_FALSE(wait_status(*s.executor, [&](auto done) { s.store.complete(card, "2026-11-27T07:01:00Z", done); }).ok());
    CHECK(wait_value<std::vector<OutboxEntry>>(*s.executor, [&](auto done) { s.store.list_outbox(done); }).value().size() == 1);
    CHECK(wait_value<std::vector<DraftSummary>>(*s.executor, [&](auto done) { s.store.list_drafts(done); }).value().size() == 1);
}

TEST_CASE("[CardStore] callbacks run only inside deliver(), on the caller's thread") {
    OpenStore s;
    bool called = false;
    s.store.save_draft(draft("x"), 1, [&](Status st) { CHECK(st.ok()); called = true; });
    s.executor->wait_idle();
    CHECK_FALSE(called); // committed, but not yet delivered
    CHECK(s.executor->deliver() == 1);
    CHECK(called);
}

TEST_CASE("[CardStore] data survives closing and reopening; the schema version is recorded") {
    const std::string path = temp_database();
    const IdeaCard card = draft("Varig");
    {
        auto executor = SqliteExecutor::open(path).value();
        CardStore store(*executor);
        REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok());
        REQUIRE(wait_status(*executor, [&](auto done) { store.save_draft(card, 1, done); }).ok());
    }
    auto executor = SqliteExecutor::open(path).value();
    CardStore store(*executor);
    REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok()); // migrating again is a no-op
    CHECK(wait_value<IdeaCard>(*executor, [&](auto done) { store.load_draft(card.id, done); }).value() == card);
    auto version = wait_value<SqlBatchResult>(*executor, [&](auto done) { executor->run({{"PRAGMA user_version", {}}}, done); });
    CHECK(version.value()[0][0][0].integer == CardStore::schema_version);
}

TEST_CASE("[CardStore] a database from a newer idekort is refused, not damaged") {
    const std::string path = temp_database();
    {
        auto executor = SqliteExecutor::open(path).value();
        REQUIRE(wait_value<SqlBatchResult>(*executor, [&](auto done) { executor->run({{"PRAGMA user_version = 7", {}}}, done); }).ok());
    }
    auto executor = SqliteExecutor::open(path).value();
    CardStore store(*executor);
    const Status opened = wait_status(*executor, [&](auto done) { store.open(done); });
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.find("newer idekort (schema 7)") != std::string::npos);
}

TEST_CASE("[SqliteExecutor] a failing batch rolls back as a whole and says which statement") {
    OpenStore s;
    auto r = wait_value<SqlBatchResult>(*s.executor, [&](auto done) {
        s.executor->run({{"INSERT INTO drafts (id, title, updated_at, revision, card_json) VALUES ('a', 't', 'u', 1, '{}')", {}},
                         {"INSERT INTO nowhere VALUES (1)", {}}}, done);
    });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == "prepare (statement 2)");
    CHECK(r.error().message.find("no such table") != std::string::npos);
    CHECK(wait_value<std::vector<DraftSummary>>(*s.executor, [&](auto done) { s.store.list_drafts(done); }).value().empty());
}

TEST_CASE("[SqliteExecutor] an unusable path gives a message naming it") {
    auto r = SqliteExecutor::open("/proc/idekort/cannot/idekort.db");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where.find("/proc/idekort") == 0);
}

TEST_CASE("[CardStore] the app's services share one store: opens asked at once migrate once, and later ones answer at once") {
    const std::string path = temp_database();
    auto executor = SqliteExecutor::open(path).value();
    CardStore store(*executor);
    std::optional<Status> shelf, sync;
    store.open([&](Status s) { shelf = s; });   // the drafts on the start screen
    store.open([&](Status s) { sync = s; });    // the sync engine, before the first answered
    pump_until(*executor, [&] { return shelf && sync; });
    CHECK(shelf->ok());
    CHECK(sync->ok());
    // Known now: a service composed later is told without another round trip.
    std::optional<Status> late;
    store.open([&](Status s) { late = s; });
    REQUIRE(late.has_value());
    CHECK(late->ok());
    CHECK_FALSE(executor->busy());
}

TEST_CASE("[CardStore] a version 1 database is migrated with its outbox intact, and sync state saves") {
    const std::string path = temp_database();
    SqliteExecutor::open(path).value().reset(); // makes the folders and an empty file
    {
        // The version 1 schema, as the first release wrote it, with one card waiting.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const char* v1 =
            "CREATE TABLE drafts (id TEXT PRIMARY KEY, title TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " revision INTEGER NOT NULL, card_json TEXT NOT NULL);"
            "CREATE TABLE outbox (id TEXT PRIMARY KEY, card_json TEXT NOT NULL, state TEXT NOT NULL"
            " CHECK (state IN ('queued','sending','received','conflict','failed')), attempts INTEGER NOT NULL DEFAULT 0,"
            " next_attempt_at TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',"
            " receipt TEXT NOT NULL DEFAULT '', completed_at TEXT NOT NULL);"
            "CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);"
            "INSERT INTO outbox (id, card_json, state, completed_at) VALUES ('c-1', '{}', 'queued', '2026-11-01T00:00:00Z');"
            "PRAGMA user_version = 1;";
        REQUIRE(sqlite3_exec(db, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    auto executor = SqliteExecutor::open(path).value();
    CardStore store(*executor);
    REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok());
    auto rows = wait_value<std::vector<OutboxRow>>(*executor, [&](auto done) { store.list_outbox_rows(done); });
    REQUIRE(rows.value().size() == 1);
    OutboxRow row = rows.value()[0];
    CHECK(row.id == "c-1");
    CHECK(row.state == OutboxState::Queued);
    row.state = OutboxState::Failed;
    row.attempts = 3;
    row.error_code = "validation";
    row.error_field = "title";
    row.error_rule = "too_long";
    row.last_error = "title is too long";
    REQUIRE(wait_status(*executor, [&](auto done) { store.save_outbox_rows({row}, done); }).ok());
    const OutboxRow saved = wait_value<std::vector<OutboxRow>>(*executor, [&](auto done) { store.list_outbox_rows(done); }).value()[0];
    CHECK(saved.state == OutboxState::Failed);
    CHECK(saved.attempts == 3);
    CHECK(saved.error_rule == "too_long");
    CHECK(saved.completed_at == "2026-11-01T00:00:00Z");
    auto bodies = wait_value<std::vector<std::pair<std::string, std::string>>>(
        *executor, [&](auto done) { store.load_outbox_bodies({"c-1", "gone"}, done); });
    REQUIRE(bodies.value().size() == 1);
    CHECK(bodies.value()[0].second == "{}");
    REQUIRE(wait_status(*executor, [&](auto done) { store.save_settings({{"sync.device_token", "t"}}, done); }).ok());
    CHECK(wait_value<std::string>(*executor, [&](auto done) { store.load_setting("sync.device_token", done); }).value() == "t");
    CHECK(wait_value<std::string>(*executor, [&](auto done) { store.load_setting("unset", done); }).value().empty());
}

TEST_CASE("[CardStore] schema 3 keeps each outbox card's title apart, read from the stored JSON, even when that is broken") {
    // Issue 13, point 11: a received card's JSON is emptied, and its title must stay.
    const std::string path = temp_database();
    {
        auto executor = SqliteExecutor::open(path).value();
        std::vector<SqlStatement> v2;
        // The schema as version 2 left it (migrations 1 and 2), with two waiting cards.
        for (const char* sql : {"CREATE TABLE drafts (id TEXT PRIMARY KEY, title TEXT NOT NULL, updated_at TEXT NOT NULL,"
                                " revision INTEGER NOT NULL, card_json TEXT NOT NULL)",
                                "CREATE TABLE outbox (id TEXT PRIMARY KEY, card_json TEXT NOT NULL, state TEXT NOT NULL,"
                                " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL DEFAULT '',"
                                " last_error TEXT NOT NULL DEFAULT '', receipt TEXT NOT NULL DEFAULT '', completed_at TEXT NOT NULL,"
                                " last_attempt_at TEXT NOT NULL DEFAULT '', error_code TEXT NOT NULL DEFAULT '',"
                                " error_field TEXT NOT NULL DEFAULT '', error_rule TEXT NOT NULL DEFAULT '',"
                                " received_at TEXT NOT NULL DEFAULT '')",
                                "CREATE TABLE device_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                                "INSERT INTO outbox (id, card_json, state, completed_at) VALUES"
                                " ('c-1', '{\"title\":\"Cykelværksted\"}', 'queued', '2026-11-01T00:00:00Z'),"
                                " ('c-2', 'not json at all', 'queued', '2026-11-01T00:00:01Z')",
                                "PRAGMA user_version = 2"})
            v2.push_back({sql, {}});
        REQUIRE(wait_value<SqlBatchResult>(*executor, [&](auto done) { executor->run(v2, done); }).ok());
    }
    auto executor = SqliteExecutor::open(path).value();
    CardStore store(*executor);
    REQUIRE(wait_status(*executor, [&](auto done) { store.open(done); }).ok());
    auto titles = wait_value<SqlBatchResult>(*executor, [&](auto done) { executor->run({{"SELECT id, title FROM outbox ORDER BY id", {}}}, done); });
    REQUIRE(titles.ok());
    REQUIRE(titles.value()[0].size() == 2);
    CHECK(titles.value()[0][0][1].text == "Cykelværksted");
    CHECK(titles.value()[0][1][1].text.empty());
}
