// Opening an SQLite database the way every idekort store needs it: WAL, so a commit appends to
// the log (one fsync) instead of rewriting pages; synchronous=FULL, so that fsync happens before
// COMMIT returns and an acknowledged save survives power loss; foreign keys on; and a busy
// timeout, so two connections queue for the write lock instead of failing at once. Temporary
// data (statement journals, sorts) stays in memory: it is not part of what a commit keeps.
//
// Its own target (idekort::sqlite, Debian's libsqlite3) for the server's store and the native
// app's executor: common/ stays free of SQLite, and the browser build (sqlite-wasm in a worker)
// never links it.
#pragma once

#include "common/status.h"

#include <string>

struct sqlite3;

namespace idekort::sqlite {

struct OpenOptions {
    bool read_only = false;          // query_only, no journal change (a reader beside the writer)
    bool own_checkpoints = false;    // wal_autocheckpoint=0: the caller checkpoints in pauses
    bool no_mutex = true;            // one thread uses the connection at a time
    int busy_timeout_ms = 5000;
};

// An open connection (close it with sqlite3_close), or an Error whose `where` is the path.
Expected<sqlite3*> open_durable(const std::string& path, const OpenOptions& options = {});

} // namespace idekort::sqlite
