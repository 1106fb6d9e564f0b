// Online backup and restore (see backup.h).
#include "server/store/backup.h"

#include "server/store/sqlite_storage.h"
#include "sqlite/durable_database.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace idekort::server {

namespace {

Error sql_error(sqlite3* db, const std::string& where) { return Error{db ? sqlite3_errmsg(db) : "out of memory", where}; }

// Closes the connections it holds on every path out.
struct Connection {
    sqlite3* db = nullptr;
    ~Connection() { sqlite3_close(db); }
};

Status open_plain(const std::string& path, int flags, Connection& c) {
    if (sqlite3_open_v2(path.c_str(), &c.db, flags, nullptr) != SQLITE_OK) return sql_error(c.db, path);
    sqlite3_busy_timeout(c.db, 5000);
    return {};
}

Expected<std::int64_t> single_integer(sqlite3* db, const char* sql, const std::string& where) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) return sql_error(db, where);
    const int rc = sqlite3_step(st);
    const std::int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return sql_error(db, where);
    return value;
}

// "ok", or the first problem integrity_check names.
Status check_integrity(sqlite3* db, const std::string& where) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK) return sql_error(db, where);
    std::string verdict = sqlite3_step(st) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "no answer";
    sqlite3_finalize(st);
    if (verdict != "ok") return Error{"the copy is damaged: " + verdict, where};
    return {};
}

// One step copies every page inside one read transaction (see backup.h for why).
Status copy_all(sqlite3* from, sqlite3* to, const std::string& where, std::int64_t& pages) {
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) return sql_error(to, where);
    int rc;
    // BUSY/LOCKED: the writer holds a lock for a moment (a checkpoint); try again.
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return Error{sqlite3_errstr(rc), where};
    return {};
}

Status sync_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return Error{"cannot open to sync", path};
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return Error{"cannot sync", path};
    return {};
}

Status sync_folder_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return sync_file(slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash));
}

} // namespace

Expected<BackupSummary> backup_database(const std::string& database_path, const std::string& backup_path) {
    if (::access(database_path.c_str(), R_OK) != 0) return Error{"no database to back up", database_path};
    BackupSummary summary;
    const std::string partial = backup_path + ".partial";
    std::remove(partial.c_str());
    {
        // Read-write without create: a WAL reader needs the -shm index the server keeps.
        Connection live, copy;
        if (auto s = open_plain(database_path, SQLITE_OPEN_READWRITE, live); !s) return s.error();
        if (auto s = open_plain(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, copy); !s) return s.error();
        if (auto s = copy_all(live.db, copy.db, database_path, summary.pages); !s) return s.error();
        // One self-contained file: no -wal beside it when it is copied elsewhere.
        if (sqlite3_exec(copy.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
            return sql_error(copy.db, partial);
        if (auto s = check_integrity(copy.db, partial); !s) return s.error();
        auto cards = single_integer(copy.db, "SELECT count(*) FROM cards", partial);
        if (!cards) return Error{"the copy has no cards table: is this idekort's database? (" + cards.error().message + ")", database_path};
        summary.cards = cards.value();
    }
    if (auto s = sync_file(partial); !s) return s.error();
    if (std::rename(partial.c_str(), backup_path.c_str()) != 0) return Error{"cannot move the copy into place", backup_path};
    if (auto s = sync_folder_of(backup_path); !s) return s.error();
    return summary;
}

Expected<BackupSummary> restore_database(const std::string& backup_path, const std::string& database_path) {
    BackupSummary summary;
    Connection backup, live;
    if (::access(backup_path.c_str(), R_OK) != 0) return Error{"no backup file", backup_path};
    if (auto s = open_plain(backup_path, SQLITE_OPEN_READONLY, backup); !s) return s.error();
    // Refused before anything is overwritten: a damaged file, another program's database, or a
    // newer schema than this build reads.
    if (auto s = check_integrity(backup.db, backup_path); !s) return s.error();
    auto version = single_integer(backup.db, "PRAGMA user_version", backup_path);
    if (!version) return version.error();
    if (version.value() > SqliteStorage::latest_schema_version())
        return Error{"the backup has schema " + std::to_string(version.value()) + "; this build reads up to " +
                         std::to_string(SqliteStorage::latest_schema_version()),
                     backup_path};
    auto cards = single_integer(backup.db, "SELECT count(*) FROM cards", backup_path);
    if (!cards) return Error{"not an idekort database (no cards table)", backup_path};
    summary.cards = cards.value();
    // The database as the server opens it (WAL, synchronous=FULL), so the copy lands in its log
    // and is checkpointed like any commit.
    auto opened = sqlite::open_durable(database_path);
    if (!opened) return opened.error();
    live.db = opened.value();
    if (auto s = copy_all(backup.db, live.db, database_path, summary.pages); !s) return s.error();
    if (sqlite3_wal_checkpoint_v2(live.db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) != SQLITE_OK)
        return sql_error(live.db, database_path);
    if (auto s = check_integrity(live.db, database_path); !s) return s.error();
    return summary;
}

} // namespace idekort::server
