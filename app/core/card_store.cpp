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
};

SqlStatement stmt(std::string sql, std::vector<SqlValue> params = {}) { return {std::move(sql), std::move(params)}; }

std::string text_at(const SqlRow& row, std::size_t i) { return i < row.size() ? row[i].text : std::string(); }
std::int64_t int_at(const SqlRow& row, std::size_t i) { return i < row.size() ? row[i].integer : 0; }

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
    m_executor.run({stmt("PRAGMA user_version")}, [this, done](Expected<SqlBatchResult> r) {
        if (!r) return done(r.error());
        const auto& rows = r.value().at(0);
        const int version = rows.empty() ? 0 : static_cast<int>(int_at(rows[0], 0));
        if (version > schema_version)
            return done(Error{"the database was written by a newer idekort (schema " + std::to_string(version) +
                                  "); this build reads up to " + std::to_string(schema_version), "store"});
        if (version == schema_version) return done({});
        std::vector<SqlStatement> batch;
        for (int v = version; v < schema_version; ++v)
            for (const auto& sql : migrations[static_cast<std::size_t>(v)]) batch.push_back(stmt(sql));
        // PRAGMA takes no parameters; the number is ours, not input.
        batch.push_back(stmt("PRAGMA user_version = " + std::to_string(schema_version)));
        m_executor.run(std::move(batch), [done](Expected<SqlBatchResult> m) { done(m ? Status{} : Status{m.error()}); });
    });
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
    m_executor.run({stmt("SELECT id, title, updated_at, revision FROM drafts ORDER BY updated_at DESC, id")},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       std::vector<DraftSummary> drafts;
                       for (const auto& row : r.value().at(0))
                           drafts.push_back({text_at(row, 0), text_at(row, 1), text_at(row, 2), int_at(row, 3)});
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
    m_executor.run({stmt("INSERT INTO outbox (id, card_json, state, completed_at) VALUES (?1, ?2, 'queued', ?3)",
                         {SqlValue::of(card.id), SqlValue::of(card_to_json(card)), SqlValue::of(completed_at)}),
                    stmt("DELETE FROM drafts WHERE id = ?1", {SqlValue::of(card.id)})},
                   [done](Expected<SqlBatchResult> r) { done(r ? Status{} : Status{r.error()}); });
}

void CardStore::list_outbox(Then<std::vector<OutboxEntry>> done) {
    m_executor.run({stmt("SELECT id, state, attempts, next_attempt_at, last_error, receipt, completed_at, card_json"
                         " FROM outbox ORDER BY completed_at, id")},
                   [done](Expected<SqlBatchResult> r) {
                       if (!r) return done(r.error());
                       std::vector<OutboxEntry> entries;
                       for (const auto& row : r.value().at(0)) {
                           OutboxEntry e;
                           e.id = text_at(row, 0);
                           e.state = parse_state(text_at(row, 1));
                           e.attempts = int_at(row, 2);
                           e.next_attempt_at = text_at(row, 3);
                           e.last_error = text_at(row, 4);
                           e.receipt = text_at(row, 5);
                           e.completed_at = text_at(row, 6);
                           auto card = card_from_json(text_at(row, 7));
                           if (!card) return done(Error{"an outbox card cannot be read: " + card.error().describe(), e.id});
                           e.card = std::move(card).value();
                           entries.push_back(std::move(e));
                       }
                       done(std::move(entries));
                   });
}

} // namespace idekort
