// Opening a durable SQLite connection (see durable_database.h).
#include "sqlite/durable_database.h"

#include <sqlite3.h>

namespace idekort::sqlite {

Expected<sqlite3*> open_durable(const std::string& path, const OpenOptions& options) {
    sqlite3* db = nullptr;
    int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (options.no_mutex) flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error e{db ? sqlite3_errmsg(db) : "out of memory", path};
        sqlite3_close(db);
        return e;
    }
    // temp_store=MEMORY: a statement's own undo log (its statement journal) stays in memory. An
    // INSERT into a table with triggers and many indexes (the server's cards: ten indexes and the
    // dashboard's counters) needs one, and past 64 KiB SQLite spilled it to a file in /var/tmp:
    // twelve page writes per stored card that no crash recovery ever reads (docs/BENCHMARKS.md,
    // server ingest). Temporary tables and sorts stay in memory too; durability is the WAL's.
    std::string setup = options.read_only ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; PRAGMA temp_store=MEMORY;"
                                          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
    if (options.own_checkpoints && !options.read_only) setup += " PRAGMA wal_autocheckpoint=0;";
    char* message = nullptr;
    if (sqlite3_busy_timeout(db, options.busy_timeout_ms) != SQLITE_OK ||
        sqlite3_exec(db, setup.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{message ? message : sqlite3_errmsg(db), path};
        sqlite3_free(message);
        sqlite3_close(db);
        return e;
    }
    return db;
}

} // namespace idekort::sqlite
