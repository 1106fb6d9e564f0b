// WebSqlExecutor (see web_sql_executor.h).
#include "platform/web/web_sql_executor.h"

#include "common/json_document.h"
#include "platform/web/js_bridge.h"

#include "common/json_writer.h"


namespace idekort::platform {

std::string batch_to_json(const std::vector<SqlStatement>& batch) {
    json::Writer w;
    w.begin_array();
    for (const SqlStatement& statement : batch) {
        w.begin_object().member("sql", statement.sql).key("params").begin_array();
        for (const SqlValue& v : statement.params) {
            if (v.kind == SqlValue::Kind::Integer) w.value(static_cast<long long>(v.integer));
            else if (v.kind == SqlValue::Kind::Text) w.value(v.text);
            else w.null();
        }
        w.end_array().end_object();
    }
    w.end_array();
    return w.str();
}

Expected<SqlBatchResult> rows_from_json(const char* json) {
    rapidjson::Document doc;
    if (!parse_guarded_json(json, own_json_limits(), doc) || !doc.IsArray())
        return Error{"the store worker's answer is not a list", "store"};
    SqlBatchResult result;
    for (const auto& statement : doc.GetArray()) {
        if (!statement.IsArray()) return Error{"the store worker's answer is malformed", "store"};
        std::vector<SqlRow> rows;
        for (const auto& row : statement.GetArray()) {
            if (!row.IsArray()) return Error{"the store worker's answer is malformed", "store"};
            SqlRow values;
            for (const auto& cell : row.GetArray()) {
                if (cell.IsString()) values.push_back(SqlValue::of(std::string(cell.GetString(), cell.GetStringLength())));
                else if (cell.IsInt64()) values.push_back(SqlValue::of(static_cast<std::int64_t>(cell.GetInt64())));
                else if (cell.IsNumber()) values.push_back(SqlValue::of(static_cast<std::int64_t>(cell.GetDouble())));
                else values.push_back(SqlValue::null());
            }
            rows.push_back(std::move(values));
        }
        result.push_back(std::move(rows));
    }
    return result;
}

void WebSqlExecutor::run(std::vector<SqlStatement> batch, Callback done) {
    const int id = m_requests.add(std::move(done));
    idekort_js_db_run(id, batch_to_json(batch).c_str());
}

void WebSqlExecutor::scrub(Callback done) {
    const int id = m_requests.add(std::move(done));
    // Not a list of statements: the worker's own request (web/idekort-db-worker.js).
    idekort_js_db_run(id, "{\"scrub\":true}");
}

void WebSqlExecutor::on_result(int id, bool ok, const char* json) {
    if (!m_requests.waiting(id)) return; // not ours (cannot happen unless JS is confused)
    Expected<SqlBatchResult> result = Error{"", ""};
    if (ok) {
        result = rows_from_json(json);
    } else {
        // The worker's error is {"error": "...", "where": "statement N"}.
        rapidjson::Document doc;
        const bool shaped = parse_guarded_json(json, own_json_limits(), doc) && doc.IsObject() && doc.HasMember("error") &&
                            doc["error"].IsString();
        result = Error{shaped ? doc["error"].GetString() : "the store failed",
                       shaped && doc.HasMember("where") && doc["where"].IsString() ? doc["where"].GetString() : "store"};
    }
    m_requests.finish(id, std::move(result));
}

int WebSqlExecutor::deliver() { return m_requests.deliver(); }

} // namespace idekort::platform
