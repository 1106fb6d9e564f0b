// ProductStore (see product_store.h).
#include "app/core/product_store.h"

namespace idekort {

namespace {
SqlStatement stmt(std::string sql, std::vector<SqlValue> params = {}) { return SqlStatement{std::move(sql), std::move(params)}; }
std::string text_at(const SqlRow& row, std::size_t i) { return i < row.size() ? row[i].text : std::string(); }
} // namespace

void ProductStore::run(std::vector<SqlStatement> batch, std::function<void(Status)> done) {
    if (!m_executor) {
        if (done) done(Error{"no device store on this platform", m_product + " store"});
        return;
    }
    m_executor->run(std::move(batch), [done](Expected<SqlBatchResult> r) {
        if (done) done(r ? Status{} : Status{r.error()});
    });
}

void ProductStore::open(std::function<void(Status, std::map<std::string, std::string>, std::map<std::string, std::string>)> done) {
    if (!m_executor) return done(Error{"no device store on this platform", m_product + " store"}, {}, {});
    m_executor->run({stmt("CREATE TABLE IF NOT EXISTS " + table("settings") + " (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                     stmt("CREATE TABLE IF NOT EXISTS " + table("pending") + " (key TEXT PRIMARY KEY, request TEXT NOT NULL, saved_at TEXT NOT NULL)"),
                     stmt("SELECT key, value FROM " + table("settings")),
                     stmt("SELECT key, request FROM " + table("pending") + " ORDER BY saved_at")},
                    [done](Expected<SqlBatchResult> r) {
                        if (!r) return done(Status{r.error()}, {}, {});
                        std::map<std::string, std::string> settings, pending;
                        for (const SqlRow& row : r.value().at(2)) settings[text_at(row, 0)] = text_at(row, 1);
                        for (const SqlRow& row : r.value().at(3)) pending[text_at(row, 0)] = text_at(row, 1);
                        done(Status{}, std::move(settings), std::move(pending));
                    });
}

void ProductStore::save_setting(const std::string& key, const std::string& value, std::function<void(Status)> done) {
    run({stmt("INSERT INTO " + table("settings") + " (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
              {SqlValue::of(key), SqlValue::of(value)})},
        std::move(done));
}

void ProductStore::forget_settings(std::function<void(Status)> done) { run({stmt("DELETE FROM " + table("settings"))}, std::move(done)); }

void ProductStore::keep_pending(const std::string& key, const std::string& json, std::function<void(Status)> done) {
    run({stmt("INSERT INTO " + table("pending") + " (key, request, saved_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
              " ON CONFLICT (key) DO UPDATE SET request = excluded.request",
              {SqlValue::of(key), SqlValue::of(json)})},
        std::move(done));
}

void ProductStore::drop_pending(const std::string& key, std::function<void(Status)> done) {
    run({stmt("DELETE FROM " + table("pending") + " WHERE key = ?1", {SqlValue::of(key)})}, std::move(done));
}

} // namespace idekort
