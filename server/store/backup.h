// Backups of the server's database while it runs (docs/DEPLOYMENT.md, "Backups"), and restoring
// one, with SQLite's online backup API (https://sqlite.org/backup.html).
//
// backup_database: copies the live database (WAL mode) into a single, self-contained file. The
// copy is one step over one read transaction, which in WAL mode never blocks the server's
// writer: cards keep arriving, and the copy is the database as it was at one commit, never a
// mixture. (Copying a few pages at a time would restart whenever a card arrived, and under
// steady traffic never finish.) The copy is written beside the target, checked with
// `PRAGMA integrity_check`, switched to a rollback journal (one file, no -wal beside it),
// synced and renamed into place, so a crash leaves the old backup or the new one, whole.
//
// restore_database: checks that the file is a whole idekort database this build can read, then
// copies it into the data directory's database through the same API, which takes the
// database's locks and replaces its log properly. The server must be stopped first.
#pragma once

#include "common/status.h"

#include <cstdint>
#include <string>

namespace idekort::server {

struct BackupSummary {
    std::int64_t cards = 0;     // rows of the cards table in the copy
    std::int64_t pages = 0;
};

Expected<BackupSummary> backup_database(const std::string& database_path, const std::string& backup_path);
Expected<BackupSummary> restore_database(const std::string& backup_path, const std::string& database_path);

} // namespace idekort::server
