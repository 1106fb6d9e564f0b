// SqliteStorage: the default Storage, one SQLite file in the data directory (idekort.db).
//
// Durability: WAL journal with synchronous=FULL, so a commit is on disk when COMMIT returns,
// even across power loss; a busy timeout instead of SQLITE_BUSY errors. One connection writes
// (serialised by a mutex: SQLite has one writer anyway) and one reads, so list and status
// queries do not wait behind a group commit's fsync.
//
// Checkpoints: SQLite's automatic WAL checkpoint would run inside whichever commit crosses
// 1,000 pages, adding its fsyncs to that request's latency. It is off; a checkpoint thread with
// its own connection copies the WAL back (PASSIVE: never blocks the writer) when it has grown,
// between commits. Under writes without a pause that thread never quite catches up, so at twice
// its wake-up size the writer copies the rest itself and the WAL starts over: it stays bounded
// (about 33 MB) however long the load lasts. A clean close checkpoints what is left.
//
// Schema migrations are numbered; `schema_migrations` records each one applied, in its own
// transaction, and a database from a newer build is refused rather than misread.
#pragma once

#include "server/store/storage.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;
struct sqlite3_stmt;

namespace idekort::server {

class SqliteStorage final : public Storage {
public:
    // Opens (creating if needed) `path` and migrates it. ":memory:" gives a private in-memory
    // store with one connection (tests and the fuzzer). `schema` stops the migrations at that
    // version, for the tests that show a later migration keeps an older file's data; 0: the latest.
    static Expected<std::unique_ptr<SqliteStorage>> open(const std::string& path, int schema = 0);
    ~SqliteStorage() override;

    static int latest_schema_version();
    Expected<int> schema_version();
    // The WAL size in pages (4 KiB) that wakes the checkpoint thread; the writer catches up
    // itself at twice that. The default, 4,000, is larger than SQLite's 1,000: the last page of
    // the table and hot index pages are rewritten by every commit, and a checkpoint copies only
    // their newest version, so fewer passes write less (docs/BENCHMARKS.md). Tests set it small
    // to see the bound without writing hundreds of MB.
    void set_checkpoint_pages(int pages) { m_checkpoint_pages = pages; }

    Expected<std::vector<IngestOutcome>> ingest(const std::vector<IngestItem>& batch) override;
    Expected<std::optional<StoredCard>> card_by_receipt(const std::string& receipt) override;
    Expected<std::vector<StoredCard>> list_cards(const CardFilter& filter) override;
    Expected<std::int64_t> card_count() override;

    Status add_enrollment_code(const std::string& code_hash, std::int64_t now_ms, std::optional<std::int64_t> expires_ms,
                               const std::string& created_by) override;
    Expected<EnrollResult> enroll_device(const std::string& code_hash, std::int64_t now_ms, const Device& device,
                                         const std::string& token_hash) override;
    Expected<std::optional<Device>> device_by_token_hash(const std::string& token_hash) override;
    Expected<std::vector<Device>> list_devices() override;
    Expected<std::optional<Device>> revoke_device(const std::string& device_id, std::int64_t now_ms) override;

    Expected<bool> create_user(const AdminUser& user) override;
    Expected<std::optional<AdminUser>> user_by_name(const std::string& username) override;
    Status record_login_failure(std::int64_t user_id, int failed_logins, std::int64_t locked_until_ms) override;
    Status record_login_success(std::int64_t user_id) override;
    Status add_session(const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms, std::int64_t expires_ms) override;
    Expected<std::optional<Session>> session_by_token_hash(const std::string& token_hash) override;
    Status delete_session(const std::string& token_hash) override;

    Expected<std::optional<CardPipeline>> card_pipeline(const std::string& card_id) override;
    Expected<TransitionOutcome> transition(const std::string& card_id, const PipelineDecider& decide,
                                           const TransitionRecord& record, const TransitionExtras& extras = {}) override;
    Expected<std::vector<Expected<TransitionOutcome>>> transition_group(const std::vector<TransitionJob>& jobs) override;
    Expected<std::vector<TestCard>> test_cards(const std::string& card_id) override;
    Expected<std::vector<LedgerLine>> ledger(int year) override;
    Expected<std::vector<LoggedTransition>> transitions(const std::string& card_id) override;
    Expected<std::vector<std::string>> account_themes(std::int64_t user_id) override;
    Expected<bool> set_account_themes(const std::string& username, const std::vector<std::string>& themes) override;

    Status add_meeting(const Meeting& meeting) override;
    Expected<std::optional<MeetingRecord>> meeting(const std::string& meeting_id) override;
    Expected<std::vector<MeetingSummaryRow>> list_meetings(const MeetingQuery& query) override;
    Expected<std::int64_t> put_scores(const std::string& meeting_id, const std::string& card_id, const std::string& director,
                                      const std::vector<CriterionScore>& scores) override;
    Expected<bool> erase_contact(const std::string& card_id, const std::string& by, const std::string& reason, std::int64_t at_ms) override;
    Expected<std::int64_t> erase_contacts_closed_before(std::int64_t closed_before_ms, std::int64_t at_ms) override;
    Expected<std::optional<std::int64_t>> contact_erased_at(const std::string& card_id) override;
    Expected<std::optional<CardContact>> card_contact(const std::string& card_id) override;
    void set_stage_mail(bool on) override { m_stage_mail = on; }
    Expected<std::vector<OutboxMail>> due_mail(std::int64_t now_ms, int limit) override;
    Status mail_done(std::int64_t seq, std::int64_t at_ms, const std::string& outcome) override;
    Status mail_failed(std::int64_t seq, std::int64_t retry_at_ms, const std::string& error) override;
    Expected<DashboardFacts> dashboard(const DashboardQuery& query) override;
    Expected<std::optional<SparringRecord>> sparring(const std::string& card_id) override;
    Expected<bool> set_sparring_partner(const std::string& card_id, const StoredSparringPartner& partner) override;
    Expected<bool> add_advice(const std::string& card_id, const StoredAdvice& advice) override;
    Expected<TransitionOutcome> decide_in_meeting(const std::string& meeting_id, const std::string& card_id,
                                                  const PipelineDecider& decide, const TransitionRecord& record) override;

private:
    SqliteStorage() = default;
    // The connection for reads: a second one for files, the only one in memory.
    sqlite3* reader() { return m_read ? m_read : m_write; }
    std::mutex& reader_mutex() { return m_read ? m_read_mutex : m_write_mutex; }

    void checkpoint_loop();
    // A PASSIVE checkpoint on `db` (the thread's connection or the writer's), one at a time.
    void copy_wal_back(sqlite3* db);

    sqlite3* m_write = nullptr;
    // ingest()'s INSERTs, prepared once (on m_write, under m_write_mutex): preparing the card's
    // cost as much as a batch of ~25 inserts, and preparing the contact's for each card was 4 %
    // of the writer thread's time under load. Finalized before m_write closes.
    sqlite3_stmt* m_insert_card = nullptr;
    sqlite3_stmt* m_insert_contact = nullptr;
    sqlite3* m_checkpoint = nullptr;
    std::thread m_checkpointer;
    std::mutex m_checkpoint_mutex;
    std::condition_variable m_checkpoint_wake;
    std::atomic<int> m_wal_pages{0};
    std::atomic<int> m_checkpoint_pages{4000};
    std::mutex m_checkpoint_pass;   // held by copy_wal_back: the thread's pass and the writer's
    bool m_closing = false;
    sqlite3* m_read = nullptr;
    std::mutex m_write_mutex;
    std::mutex m_read_mutex;
    std::string m_path;
    std::atomic<bool> m_stage_mail{false};   // queue stage-change mail with each transition
};

} // namespace idekort::server
