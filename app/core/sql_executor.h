// SqlExecutor: the storage seam (docs/ARCHITECTURE.md, "The device store"). app/core owns the SQL (schema, migrations,
// queries: card_store.cpp); a platform executor only runs it, so both targets run the same SQL:
//   native:  SQLite from Debian on a worker thread (platform/native/sqlite_executor.cpp)
//   browser: the official sqlite-wasm with opfs-sahpool in a Worker (platform/web, web/)
//
// Every call is asynchronous. A batch runs as one transaction, all or nothing. Completions are
// delivered on the frame thread, inside deliver(), which the runner calls once per frame, so app
// code never sees another thread.
#pragma once

#include "common/status.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace idekort {

struct SqlValue {
    enum class Kind { Null, Integer, Text };
    Kind kind = Kind::Null;
    std::int64_t integer = 0;
    std::string text;

    static SqlValue null() { return {}; }
    static SqlValue of(std::int64_t v) { SqlValue s; s.kind = Kind::Integer; s.integer = v; return s; }
    static SqlValue of(std::string v) { SqlValue s; s.kind = Kind::Text; s.text = std::move(v); return s; }
    static SqlValue of(const char* v) { return of(std::string(v)); }
};

struct SqlStatement {
    std::string sql;
    std::vector<SqlValue> params;   // bound to ?1, ?2, ...
};

using SqlRow = std::vector<SqlValue>;
// The rows each statement of a batch returned, in order.
using SqlBatchResult = std::vector<std::vector<SqlRow>>;

// How the device's data is kept, as the person must be told.
enum class StoreCondition {
    Opening,         // the platform is still opening it (the browser's worker); batches queue
    Durable,         // survives a restart
    MemoryOnly,      // no durable storage here (a private window, a file that cannot be opened)
    HeldElsewhere,   // the durable store is held by another tab: this one keeps memory only
};

class SqlExecutor {
public:
    using Callback = std::function<void(Expected<SqlBatchResult>)>;
    virtual ~SqlExecutor() = default;

    // Queues `batch` to run in one transaction; `done` is called from a later deliver().
    virtual void run(std::vector<SqlStatement> batch, Callback done) = 0;
    // Calls the callbacks of finished batches, on the caller's thread. Returns how many.
    virtual int deliver() = 0;
    // True while batches are queued or running (the runner keeps drawing to deliver them).
    virtual bool busy() const = 0;
    // Where the data lives, for the about screen and logs ("SQLite file ...", "memory only").
    virtual std::string describe() const = 0;
    // Makes what was deleted unrecoverable from the files (issue 13, point 11: a kiosk's wiped
    // card): the log is checkpointed into the database and emptied, and deleted content in the
    // database is zeroed (the native executor runs with secure_delete). Runs in order with the
    // batches. An executor without that ability runs nothing and says done.
    virtual void scrub(Callback done) { run({}, std::move(done)); }
    // Whether the data will survive a restart, and why not (no OPFS in a private window).
    virtual StoreCondition condition() const = 0;
    bool durable() const { return condition() == StoreCondition::Durable; }
};

} // namespace idekort
