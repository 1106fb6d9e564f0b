// SqliteExecutor (see sqlite_executor.h).
#include "platform/native/sqlite_executor.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

namespace idekort::platform {

namespace {

Status make_folders(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const std::string folder = path.substr(0, slash);
        if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
            return Error{std::string("cannot create the folder: ") + std::strerror(errno), folder};
    }
    return {};
}

Error sqlite_error(sqlite3* db, const std::string& what) { return Error{std::string(sqlite3_errmsg(db)), what}; }

} // namespace

std::string default_database_path() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/idekort/idekort.db";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.local/share/idekort/idekort.db";
}

Expected<std::unique_ptr<SqliteExecutor>> SqliteExecutor::open(const std::string& path) {
    if (auto made = make_folders(path); !made) return made.error();
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        Error e = sqlite_error(db, path);
        sqlite3_close(db);
        return e;
    }
    // WAL: a commit appends to the log (one fsync) instead of rewriting pages; FULL: that fsync
    // happens before COMMIT returns, so an acknowledged save survives power loss.
    const char* setup = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
    char* message = nullptr;
    if (sqlite3_busy_timeout(db, 5000) != SQLITE_OK || sqlite3_exec(db, setup, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{message ? message : sqlite3_errmsg(db), path};
        sqlite3_free(message);
        sqlite3_close(db);
        return e;
    }
    return std::unique_ptr<SqliteExecutor>(new SqliteExecutor(db, path));
}

SqliteExecutor::SqliteExecutor(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {
    m_thread = std::thread([this] { worker(); });
}

SqliteExecutor::~SqliteExecutor() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true; // queued batches still run: a save the user made is not dropped
    }
    m_wake.notify_all();
    m_thread.join();
    sqlite3_close(m_db);
}

void SqliteExecutor::run(std::vector<SqlStatement> batch, Callback done) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_jobs.push_back({std::move(batch), std::move(done)});
    }
    m_wake.notify_one();
}

int SqliteExecutor::deliver() {
    std::deque<Finished> ready;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ready.swap(m_finished);
    }
    for (auto& f : ready) f.done(std::move(f.result));
    return static_cast<int>(ready.size());
}

bool SqliteExecutor::busy() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_running_job || !m_jobs.empty() || !m_finished.empty();
}

void SqliteExecutor::wait_idle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return !m_running_job && m_jobs.empty(); });
}

void SqliteExecutor::worker() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_jobs.empty()) return; // stopping, and everything queued has run
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_running_job = true;
        }
        Expected<SqlBatchResult> result = execute(job.batch);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_finished.push_back({std::move(job.done), std::move(result)});
            m_running_job = false;
        }
        m_idle.notify_all();
    }
}

Expected<SqlBatchResult> SqliteExecutor::execute(const std::vector<SqlStatement>& batch) {
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return sqlite_error(m_db, "BEGIN");
    SqlBatchResult result;
    for (std::size_t n = 0; n < batch.size(); ++n) {
        const SqlStatement& s = batch[n];
        sqlite3_stmt* st = nullptr;
        const auto fail = [&](const std::string& what) {
            Error e = sqlite_error(m_db, what + " (statement " + std::to_string(n + 1) + ")");
            sqlite3_finalize(st);
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return e;
        };
        if (sqlite3_prepare_v2(m_db, s.sql.c_str(), static_cast<int>(s.sql.size()), &st, nullptr) != SQLITE_OK) return fail("prepare");
        for (std::size_t i = 0; i < s.params.size(); ++i) {
            const SqlValue& v = s.params[i];
            const int index = static_cast<int>(i + 1);
            int rc = SQLITE_OK;
            if (v.kind == SqlValue::Kind::Integer) rc = sqlite3_bind_int64(st, index, v.integer);
            else if (v.kind == SqlValue::Kind::Text) rc = sqlite3_bind_text(st, index, v.text.data(), static_cast<int>(v.text.size()), SQLITE_TRANSIENT);
            else rc = sqlite3_bind_null(st, index);
            if (rc != SQLITE_OK) return fail("bind");
        }
        std::vector<SqlRow> rows;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            SqlRow row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                switch (sqlite3_column_type(st, c)) {
                case SQLITE_NULL: row.push_back(SqlValue::null()); break;
                case SQLITE_INTEGER: row.push_back(SqlValue::of(static_cast<std::int64_t>(sqlite3_column_int64(st, c)))); break;
                default: {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
                    row.push_back(SqlValue::of(std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(st, c)))));
                }
                }
            }
            rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) return fail("step");
        sqlite3_finalize(st);
        result.push_back(std::move(rows));
    }
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        Error e = sqlite_error(m_db, "COMMIT");
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return e;
    }
    return result;
}

} // namespace idekort::platform
