// WebSqlExecutor: the browser's SqlExecutor (app/core/sql_executor.h). It sends each batch, as
// JSON, through the JS bridge to web/idekort-db-worker.js (sqlite-wasm on OPFS), and queues the
// worker's answer until the frame loop calls deliver().
//
// Implements:
//  [X] Batches in order, one transaction each, answers delivered on the frame thread
//  [X] condition()/describe() from the worker: OPFS, or memory only (no OPFS, another tab)
//  [X] Usable before the worker has opened the database: batches are posted at once and the
//      worker runs them once it is ready, so the app's first frame never waits for the store
//  [ ] Storage quota and eviction reporting (issue 7)
#pragma once

#include "app/core/sql_executor.h"
#include "platform/web/bridge_requests.h"

#include <string>

namespace idekort::platform {

class WebSqlExecutor final : public SqlExecutor {
public:
    WebSqlExecutor() = default;
    // The worker opened its database: durably (OPFS) or in memory, and why.
    void opened(StoreCondition condition, std::string where) {
        m_condition = condition;
        m_where = std::move(where);
    }

    void run(std::vector<SqlStatement> batch, Callback done) override;
    // The worker zeroes deleted content (secure_delete) and checkpoints and truncates its log.
    void scrub(Callback done) override;
    int deliver() override;
    bool busy() const override { return m_requests.busy(); }
    std::string describe() const override { return m_where; }
    StoreCondition condition() const override { return m_condition; }

    // Called by the bridge when the worker answered request `id` (ok, or an error).
    void on_result(int id, bool ok, const char* json);

private:
    StoreCondition m_condition = StoreCondition::Opening;
    std::string m_where = "opening the device store";
    BridgeRequests<Expected<SqlBatchResult>> m_requests;
};

// The batch as the worker's JSON: [{"sql": "...", "params": [...]}, ...].
std::string batch_to_json(const std::vector<SqlStatement>& batch);
// The worker's rows JSON ([[row, ...] per statement]) back into SqlBatchResult.
Expected<SqlBatchResult> rows_from_json(const char* json);

} // namespace idekort::platform
