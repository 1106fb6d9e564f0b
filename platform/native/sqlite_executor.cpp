// SqliteExecutor (see sqlite_executor.h).
#include "platform/native/sqlite_executor.h"

#include "common/directories.h"
#include "sqlite/durable_database.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace idekort::platform {

namespace {

Error sqlite_error(sqlite3* db, const std::string& what) { return Error{std::string(sqlite3_errmsg(db)), what}; }

} // namespace

std::string default_database_path() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/idekort/idekort.db";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.local/share/idekort/idekort.db";
}

namespace {

// One connection with every store's settings (sqlite/durable_database.h: WAL, synchronous=FULL,
// a busy timeout); checkpoints are ours (wal_autocheckpoint=0), taken in pauses between saves.
Expected<sqlite3*> open_connection(const std::string& path) {
    sqlite::OpenOptions options;
    options.own_checkpoints = true;
    auto db = sqlite::open_durable(path, options);
    // Deleted content is overwritten with zeros, in the log's pages and so, after a checkpoint,
    // in the database: a kiosk's wiped card or forgotten contact is not left in free space.
    if (db) sqlite3_exec(db.value(), "PRAGMA secure_delete = ON", nullptr, nullptr, nullptr);
    return db;
}

// Checkpoint once the log holds this many pages (SQLite's own default threshold), in the first
// pause of 50 ms between saves (autosaves come at most every ~300 ms, so there is always one);
// past ten times that, checkpoint at once, so the log cannot grow without bound.
constexpr int checkpoint_pages = 1000;
constexpr int checkpoint_pages_urgent = 10000;
constexpr auto checkpoint_pause = std::chrono::milliseconds(50);

} // namespace

Expected<std::unique_ptr<SqliteExecutor>> SqliteExecutor::open(const std::string& path) {
    if (const auto slash = path.rfind('/'); path != ":memory:" && slash != std::string::npos && slash > 0)
        if (auto made = make_directories(path.substr(0, slash), 0700); !made) return made.error();
    auto db = open_connection(path);
    if (!db) return db.error();
    // ":memory:" (the fallback when the disk fails) has no log to checkpoint, but a second
    // connection keeps the code path the same; it opens its own empty memory database.
    auto checkpoint_db = open_connection(path);
    if (!checkpoint_db) {
        sqlite3_close(db.value());
        return checkpoint_db.error();
    }
    return std::unique_ptr<SqliteExecutor>(new SqliteExecutor(db.value(), checkpoint_db.value(), path));
}

SqliteExecutor::SqliteExecutor(sqlite3* db, sqlite3* checkpoint_db, std::string path)
    : m_db(db), m_checkpoint_db(checkpoint_db), m_path(std::move(path)) {
    sqlite3_wal_hook(m_db, &SqliteExecutor::on_wal_commit, this);
    m_thread = std::thread([this] { worker(); });
    m_checkpoint_thread = std::thread([this] { checkpointer(); });
}

SqliteExecutor::~SqliteExecutor() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true; // queued batches still run: a save the user made is not dropped
    }
    m_wake.notify_all();
    m_checkpoint_wake.notify_all();
    m_thread.join();
    m_checkpoint_thread.join();
    sqlite3_close(m_checkpoint_db);
    sqlite3_close(m_db); // the last connection to close checkpoints and removes the log
}

int SqliteExecutor::on_wal_commit(void* self, sqlite3*, const char*, int pages) {
    // Runs on the worker thread inside COMMIT, with m_mutex not held.
    auto* executor = static_cast<SqliteExecutor*>(self);
    if (pages >= checkpoint_pages) {
        {
            std::lock_guard<std::mutex> lock(executor->m_mutex);
            executor->m_checkpoint_wanted = true;
            executor->m_checkpoint_urgent = pages >= checkpoint_pages_urgent;
        }
        executor->m_checkpoint_wake.notify_one();
    }
    return SQLITE_OK;
}

void SqliteExecutor::checkpointer() {
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_checkpoint_wake.wait(lock, [this] { return m_stop || m_checkpoint_wanted; });
            // Wait for a pause in the saves, so no autosave waits behind the checkpoint's fsync.
            while (!m_stop && !m_checkpoint_urgent) {
                const auto quiet_until = m_last_commit + checkpoint_pause;
                const bool idle = m_jobs.empty() && !m_running_job;
                if (idle && std::chrono::steady_clock::now() >= quiet_until) break;
                m_checkpoint_wake.wait_until(lock, idle ? quiet_until : std::chrono::steady_clock::now() + checkpoint_pause);
            }
            if (m_stop) return;
            m_checkpoint_wanted = false;
            m_checkpoint_urgent = false;
        }
        // PASSIVE: copies what it can without blocking the writer, which keeps appending.
        sqlite3_wal_checkpoint_v2(m_checkpoint_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
}

void SqliteExecutor::run(std::vector<SqlStatement> batch, Callback done) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_jobs.push_back({std::move(batch), std::move(done)});
    }
    m_wake.notify_one();
}

void SqliteExecutor::scrub(Callback done) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_jobs.push_back({{}, std::move(done), true});
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
        Expected<SqlBatchResult> result = job.scrub ? scrub_files() : execute(job.batch);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_finished.push_back({std::move(job.done), std::move(result)});
            m_running_job = false;
            m_last_commit = std::chrono::steady_clock::now();
        }
        if (m_wake_loop) m_wake_loop();
        m_idle.notify_all();
    }
}

Expected<SqlBatchResult> SqliteExecutor::scrub_files() {
    // TRUNCATE: every page of the log goes into the database (where secure_delete has zeroed
    // what was deleted), and the log file is cut to zero bytes. It waits (busy timeout) for the
    // checkpoint thread's passive checkpoint, if one is running.
    const int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(m_db, "scrub (checkpoint)");
    return SqlBatchResult{};
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
