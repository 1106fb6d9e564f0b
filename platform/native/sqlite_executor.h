// SqliteExecutor: the native SqlExecutor (app/core/sql_executor.h) on Debian's libsqlite3.
//
// Implements:
//  [X] One SQLite file, WAL journal, synchronous=FULL (a commit is on disk before it is
//      acknowledged), a busy timeout, foreign keys on
//  [X] Batches run on one worker thread, each in BEGIN IMMEDIATE ... COMMIT, all or nothing;
//      completions wait in a queue until the frame thread calls deliver()
//  [X] WAL checkpoints run on their own thread and connection, in a pause between saves, so an
//      autosave does not wait for one (SQLite's automatic checkpoint runs inside a commit;
//      docs/BENCHMARKS.md has the figures)
//  [X] scrub(): deleted content is zeroed (secure_delete) and the log is checkpointed into the
//      database and truncated, so a wiped card is in neither file (a shared kiosk)
//  [X] The default location follows XDG: $XDG_DATA_HOME/idekort/idekort.db, else
//      ~/.local/share/idekort/idekort.db
#pragma once

#include "app/core/sql_executor.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace idekort::platform {

class SqliteExecutor final : public SqlExecutor {
public:
    // Opens (creating folders and the file as needed). Fails with the path and SQLite's words.
    static Expected<std::unique_ptr<SqliteExecutor>> open(const std::string& path);
    ~SqliteExecutor() override;

    // Called from the worker thread when a batch has finished, so an idle frame loop can wake
    // up and deliver it (the native runner pushes an SDL event).
    void set_wake(std::function<void()> wake) { m_wake_loop = std::move(wake); }

    void run(std::vector<SqlStatement> batch, Callback done) override;
    void scrub(Callback done) override;
    int deliver() override;
    bool busy() const override;
    std::string describe() const override { return m_path == ":memory:" ? "memory only" : "SQLite file " + m_path; }
    StoreCondition condition() const override { return m_path == ":memory:" ? StoreCondition::MemoryOnly : StoreCondition::Durable; }

    // Blocks until every queued batch has run (shutdown, tests).
    void wait_idle();

private:
    SqliteExecutor(sqlite3* db, sqlite3* checkpoint_db, std::string path);
    void worker();
    Expected<SqlBatchResult> scrub_files();
    void checkpointer();
    static int on_wal_commit(void* self, sqlite3*, const char*, int pages);
    Expected<SqlBatchResult> execute(const std::vector<SqlStatement>& batch);

    struct Job {
        std::vector<SqlStatement> batch;
        Callback done;
        bool scrub = false;   // a TRUNCATE checkpoint instead of a batch
    };
    struct Finished {
        Callback done;
        Expected<SqlBatchResult> result;
    };

    sqlite3* m_db;
    sqlite3* m_checkpoint_db;        // a second connection, used only by the checkpoint thread
    std::string m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_jobs;
    std::deque<Finished> m_finished;
    bool m_running_job = false;
    bool m_stop = false;
    bool m_checkpoint_wanted = false;
    bool m_checkpoint_urgent = false;
    std::chrono::steady_clock::time_point m_last_commit;
    std::condition_variable m_checkpoint_wake;
    std::function<void()> m_wake_loop;
    std::thread m_thread;
    std::thread m_checkpoint_thread;
};

// $XDG_DATA_HOME/idekort/idekort.db, or ~/.local/share/idekort/idekort.db.
std::string default_database_path();

} // namespace idekort::platform
