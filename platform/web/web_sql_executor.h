// WebSqlExecutor: the browser's SqlExecutor (app/core/sql_executor.h). It sends each batch, as
// JSON, through the JS bridge to web/idekort-db-worker.js (sqlite-wasm on OPFS), and queues the
// worker's answer until the frame loop calls deliver().
//
// Implements:
//  [X] Batches in order, one transaction each, answers delivered on the frame thread
//  [X] durable()/describe() from the worker: OPFS, or memory only (no OPFS, another tab)
//  [ ] Storage quota and eviction reporting (issue 7)
#pragma once

#include "app/core/sql_executor.h"
#include "platform/web/bridge_requests.h"

#include <string>

namespace idekort::platform {

class WebSqlExecutor final : public SqlExecutor {
public:
    WebSqlExecutor(bool durable, std::string where) : m_durable(durable), m_where(std::move(where)) {}

    void run(std::vector<SqlStatement> batch, Callback done) override;
    int deliver() override;
    bool busy() const override { return m_requests.busy(); }
    std::string describe() const override { return m_where; }
    bool durable() const override { return m_durable; }

    // Called by the bridge when the worker answered request `id` (ok, or an error).
    void on_result(int id, bool ok, const char* json);

private:
    bool m_durable;
    std::string m_where;
    BridgeRequests<Expected<SqlBatchResult>> m_requests;
};

// The batch as the worker's JSON: [{"sql": "...", "params": [...]}, ...].
std::string batch_to_json(const std::vector<SqlStatement>& batch);
// The worker's rows JSON ([[row, ...] per statement]) back into SqlBatchResult.
Expected<SqlBatchResult> rows_from_json(const char* json);

} // namespace idekort::platform
