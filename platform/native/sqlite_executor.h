// SqliteExecutor: the native SqlExecutor (app/core/sql_executor.h) on Debian's libsqlite3.
//
// Implements:
//  [X] One SQLite file, WAL journal, synchronous=FULL (a commit is on disk before it is
//      acknowledged), a busy timeout, foreign keys on
//  [X] Batches run on one worker thread, each in BEGIN IMMEDIATE ... COMMIT, all or nothing;
//      completions wait in a queue until the frame thread calls deliver()
//  [X] The default location follows XDG: $XDG_DATA_HOME/idekort/idekort.db, else
//      ~/.local/share/idekort/idekort.db
#pragma once

#include "app/core/sql_executor.h"

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

    void run(std::vector<SqlStatement> batch, Callback done) override;
    int deliver() override;
    bool busy() const override;
    std::string describe() const override { return "SQLite file " + m_path; }
    bool durable() const override { return true; }

    // Blocks until every queued batch has run (shutdown, tests).
    void wait_idle();

private:
    SqliteExecutor(sqlite3* db, std::string path);
    void worker();
    Expected<SqlBatchResult> execute(const std::vector<SqlStatement>& batch);

    struct Job {
        std::vector<SqlStatement> batch;
        Callback done;
    };
    struct Finished {
        Callback done;
        Expected<SqlBatchResult> result;
    };

    sqlite3* m_db;
    std::string m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_jobs;
    std::deque<Finished> m_finished;
    bool m_running_job = false;
    bool m_stop = false;
    std::thread m_thread;
};

// $XDG_DATA_HOME/idekort/idekort.db, or ~/.local/share/idekort/idekort.db.
std::string default_database_path();

} // namespace idekort::platform
