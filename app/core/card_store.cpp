// CardStore (see card_store.h). All SQL of the device store is in this file.
#include "app/core/card_store.h"

#include "common/card_json.h"

namespace idekort {

namespace {

// [SECTION] Schema and migrations. migrations[n] takes user_version n to n+1. Never edit a
// migration that has shipped; add the next one.
const std::vector<std::vector<std::string>> migrations = {
    {
        "CREATE TABLE drafts ("
        " id TEXT PRIMARY KEY,"
        " title TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " revision INTEGER NOT NULL,"
        " card_json TEXT NOT NULL)",
        "CREATE TABLE outbox ("
        " id TEXT PRIMARY KEY,"
        " card_json TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('queued','sending','received','conflict','failed')),"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " next_attempt_at TEXT NOT NULL DEFAULT '',"
        " last_error TEXT NOT NULL DEFAULT '',"
        " receipt TEXT NOT NULL DEFAULT '',"
        " completed_at TEXT NOT NULL)",
        "CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at)",
    },
    {
        // Sync (issue 6): why a card needs attention, in parts the UI can put into words, and
        // the server's time of arrival beside the receipt.
        "ALTER TABLE outbox ADD COLUMN last_attempt_at TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE outbox ADD COLUMN error_code TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE outbox ADD COLUMN error_field TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE outbox ADD COLUMN error_rule TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE outbox ADD COLUMN received_at TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE device_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    },
    {
        // Privacy (issue 13, point 11): once the server has a card, the device keeps only what
        // the person needs (receipt, title, state); the card's JSON, with the idea and the
        // contact details, is emptied. The title is kept in its own column for that.
        "ALTER TABLE outbox ADD COLUMN title TEXT NOT NULL DEFAULT ''",
        // json_valid first: json_extract raises an error on malformed text, and a migration that
        // fails leaves the device without its store.
        "UPDATE outbox SET title = coalesce(CASE WHEN json_valid(card_json) THEN json_extract(card_json, '$.title') END, '')",
    },
};

SqlStatement stmt(std::string sql, std::vector<SqlValue> params = {}) { return {std::move(sql), std::move(params)}; }

std::string text_at(const SqlRow& row, std::size_t i) { return i < row.size() ? row[i].text : std::string(); }
std::int64_t int_at(const SqlRow& row, std::size_t i) { return i < row.size() ? row[i].integer : 0; }

// The columns of OutboxRow, in the order read_outbox_row reads them.
constexpr const char* outbox_row_columns =
    "id, state, attempts, next_attempt_at, last_attempt_at, last_error, error_code, error_field, error_rule,"
    " receipt, received_at, completed_at";
constexpr std::size_t outbox_row_column_count = 12;

OutboxState parse_state(const std::string& s);

OutboxRow read_outbox_row(const SqlRow& row) {
    OutboxRow e;
    e.id = text_at(row, 0);
    e.state = parse_state(text_at(row, 1));
    e.attempts = int_at(row, 2);
    e.next_attempt_at = text_at(row, 3);
    e.last_attempt_at = text_at(row, 4);
    e.last_error = text_at(row, 5);
    e.error_code = text_at(row, 6);
    e.error_field = text_at(row, 7);
    e.error_rule = text_at(row, 8);
    e.receipt = text_at(row, 9);
    e.received_at = text_at(row, 10);
    e.completed_at = text_at(row, 11);
    return e;
}

OutboxState parse_state(const std::string& s) {
    if (s == "sending") return OutboxState::Sending;
    if (s == "received") return OutboxState::Received;
    if (s == "conflict") return OutboxState::Conflict;
    if (s == "failed") return OutboxState::Failed;
    return OutboxState::Queued;
}

} // namespace

std::string_view to_string(OutboxState state) {
    switch (state) {
    case OutboxState::Queued: return "queued";
    case OutboxState::Sending: return "sending";
    case OutboxState::Received: return "received";
    case OutboxState::Conflict: return "conflict";
    case OutboxState::Failed: return "failed";
    }
    return "queued";
}

void CardStore::open(Done done) {
    if (m_open_state == OpenState::Done) return done(m_open_status);
    m_open_waiting.push_back(std::move(done));
    if (m_open_state == OpenState::Opening) return;
    m_open_state = OpenState::Opening;
    m_executor.run({stmt("PRAGMA user_version")}, [this](Expected<SqlBatchResult> r) {
        if (!r) return opened(r.error());
        const auto& rows = r.value().at(0);
        const int version = rows.empty() ? 0 : static_cast<int>(int_at(rows[0], 0));
        if (version > schema_version)
            return opened(Error{"the database was written by a newer idekort (schema " + std::to_string(version) +
                                    "); this build reads up to " + std::to_string(schema_version), "store"});
        if (version == schema_version) return opened({});
        std::vector<SqlStatement> batch;
        for (int v = version; v < schema_version; ++v)
            for (const auto& sql : migrations[static_cast<std::size_t>(v)]) batch.push_back(stmt(sql));
        // PRAGMA takes no parameters; the number is ours, not input.
        batch.push_back(stmt("PRAGMA user_version = " + std::to_string(schema_version)));
        m_executor.run(std::move(batch), [this](Expected<SqlBatchResult> m) { opened(m ? Status{} : Status{m.error()}); });
    });
}

void CardStore::opened(Status status) {
    m_open_state = OpenState::Done;
    m_open_status = status;
    // The callbacks may open again (they get the outcome at once) or queue more work.
    std::vector<Done> waiting = std::move(m_open_waiting);
    m_open_waiting.clear();
    for (Done& done : waiting) done(status);
}

void CardStore::save_draft(const IdeaCard& card, std::int64_t revision, Done done) {
    m_executor.run({stmt("INSERT INTO drafts (id, title, updated_at, revision, card_json) VALUES (?1, ?2, ?3, ?4, ?5)"
                         " ON CONFLICT (id) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at,"
                         " revision = excluded.revision, card_json = excluded.card_json"
                         " WHERE excluded.revision > drafts.revision",
                         {SqlValue::of(card.id), SqlValue::of(card.title), SqlValue::of(card.updated_at),
                          SqlValue::of(revision), SqlValue::of(card_to_json(card))})},
                   [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::list_drafts(Then<std::vector<DraftSummary>> done) {
    // The opening words come from the stored card (SQLite's JSON functions, in Debian's SQLite
    // and sqlite-wasm alike), so a list of drafts never loads whole cards.
    m_executor.run({stmt("SELECT id, title, updated_at, revision, "
                         "coalesce(nullif(json_extract(card_json, '$.challenge'), ''), json_extract(card_json, '$.idea'), '') "
                         "FROM drafts ORDER BY updated_at DESC, id")},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       std::vector<DraftSummary> drafts;
                       for (const auto& row : r.value().at(0))
                           drafts.push_back({text_at(row, 0), text_at(row, 1), text_at(row, 2), int_at(row, 3), text_at(row, 4)});
                       done(std::move(drafts));
                   });
}

void CardStore::load_draft(const std::string& id, Then<IdeaCard> done) {
    m_executor.run({stmt("SELECT card_json FROM drafts WHERE id = ?1", {SqlValue::of(id)})},
                   [done, id](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       const auto& rows = r.value().at(0);
                       if (rows.empty()) return done(Error{"no such draft", id});
                       auto card = card_from_json(text_at(rows[0], 0));
                       if (!card) return done(Error{"the stored draft cannot be read: " + card.error().describe(), id});
                       done(std::move(card).value());
                   });
}

void CardStore::delete_draft(const std::string& id, Done done) {
    m_executor.run({stmt("DELETE FROM drafts WHERE id = ?1", {SqlValue::of(id)})},
                   [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::complete(const IdeaCard& card, const std::string& completed_at, Done done) {
    m_executor.run({stmt("INSERT INTO outbox (id, card_json, state, completed_at, title) VALUES (?1, ?2, 'queued', ?3, ?4)",
                         {SqlValue::of(card.id), SqlValue::of(card_to_json(card)), SqlValue::of(completed_at), SqlValue::of(card.title)}),
                    stmt("DELETE FROM drafts WHERE id = ?1", {SqlValue::of(card.id)})},
                   [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::list_outbox(Then<std::vector<OutboxEntry>> done) {
    m_executor.run({stmt("SELECT " + std::string(outbox_row_columns) + ", card_json, title FROM outbox ORDER BY completed_at, id")},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       std::vector<OutboxEntry> entries;
                       for (const auto& row : r.value().at(0)) {
                           OutboxEntry e;
                           static_cast<OutboxRow&>(e) = read_outbox_row(row);
                           const std::string json = text_at(row, outbox_row_column_count);
                           if (json.empty()) { // received and forgotten: what is left is id and title
                               e.card.id = e.id;
                               e.card.title = text_at(row, outbox_row_column_count + 1);
                               entries.push_back(std::move(e));
                               continue;
                           }
                           auto card = card_from_json(json);
                           if (!card) return done(Error{"an outbox card cannot be read: " + card.error().describe(), e.id});
                           e.card = std::move(card).value();
                           entries.push_back(std::move(e));
                       }
                       done(std::move(entries));
                   });
}

void CardStore::list_outbox_rows(Then<std::vector<OutboxRow>> done) {
    m_executor.run({stmt("SELECT " + std::string(outbox_row_columns) + " FROM outbox ORDER BY completed_at, id")},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       std::vector<OutboxRow> rows;
                       rows.reserve(r.value().at(0).size());
                       for (const auto& row : r.value().at(0)) rows.push_back(read_outbox_row(row));
                       done(std::move(rows));
                   });
}

void CardStore::load_outbox_bodies(const std::vector<std::string>& ids,
                                   Then<std::vector<std::pair<std::string, std::string>>> done) {
    // One statement per id keeps the SQL fixed (no IN-list built from a count); the batch is
    // one transaction either way.
    std::vector<SqlStatement> batch;
    for (const auto& id : ids) batch.push_back(stmt("SELECT id, card_json FROM outbox WHERE id = ?1", {SqlValue::of(id)}));
    m_executor.run(std::move(batch), [done](Expected<SqlBatchResult> r) {
        if (!r) return done(r.error());
        std::vector<std::pair<std::string, std::string>> bodies;
        for (const auto& rows : r.value())
            for (const auto& row : rows) bodies.emplace_back(text_at(row, 0), text_at(row, 1));
        done(std::move(bodies));
    });
}

void CardStore::save_outbox_rows(const std::vector<OutboxRow>& rows, Done done) {
    std::vector<SqlStatement> batch;
    for (const auto& row : rows)
        batch.push_back(stmt("UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_attempt_at = ?5,"
                             " last_error = ?6, error_code = ?7, error_field = ?8, error_rule = ?9, receipt = ?10,"
                             " received_at = ?11 WHERE id = ?1",
                             {SqlValue::of(row.id), SqlValue::of(std::string(to_string(row.state))), SqlValue::of(row.attempts),
                              SqlValue::of(row.next_attempt_at), SqlValue::of(row.last_attempt_at), SqlValue::of(row.last_error),
                              SqlValue::of(row.error_code), SqlValue::of(row.error_field), SqlValue::of(row.error_rule),
                              SqlValue::of(row.receipt), SqlValue::of(row.received_at)}));
    m_executor.run(std::move(batch), [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::give_outbox_card_new_id(const std::string& old_id, const std::string& new_id, const std::string& card_json,
                                        const std::string& note, Done done) {
    m_executor.run({stmt("UPDATE outbox SET id = ?2, card_json = ?3, state = 'queued', next_attempt_at = '', error_code = ?4,"
                         " error_field = '', error_rule = '', last_error = '', receipt = '', received_at = '' WHERE id = ?1",
                         {SqlValue::of(old_id), SqlValue::of(new_id), SqlValue::of(card_json), SqlValue::of(note)})},
                   [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::forget_received_cards(const std::string& received_before, Then<std::int64_t> done) {
    m_executor.run({stmt("UPDATE outbox SET card_json = '' WHERE state = 'received' AND card_json <> ''"
                         " AND received_at <> '' AND received_at < ?1",
                         {SqlValue::of(received_before)}),
                    stmt("SELECT changes()")},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       const auto& rows = r.value().at(1);
                       done(rows.empty() ? std::int64_t{0} : int_at(rows[0], 0));
                   });
}

void CardStore::scrub(Done done) {
    m_executor.scrub([done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::load_setting(const std::string& key, Then<std::string> done) {
    m_executor.run({stmt("SELECT value FROM device_settings WHERE key = ?1", {SqlValue::of(key)})},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       const auto& rows = r.value().at(0);
                       done(rows.empty() ? std::string() : text_at(rows[0], 0));
                   });
}

void CardStore::save_settings(const std::vector<std::pair<std::string, std::string>>& values, Done done) {
    std::vector<SqlStatement> batch;
    for (const auto& [key, value] : values)
        batch.push_back(stmt("INSERT INTO device_settings (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             {SqlValue::of(key), SqlValue::of(value)}));
    m_executor.run(std::move(batch), [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

} // namespace idekort
