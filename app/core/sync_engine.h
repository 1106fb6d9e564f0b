// SyncEngine: works the outbox until every completed card has reached idekort-server exactly
// once, whatever the network does (issue 6; docs/API.md; protocol in sync_protocol.h).
//
// Pure logic on three seams, so tests drive it deterministically: the store (the app's CardStore),
// the network (HttpTransport) and a clock. It runs on the frame thread: the runner delivers the
// store's and the transport's answers, then the app's update() calls tick(), which starts what
// is due.
//
//  [X] PUT each waiting card; 201/200 with our envelope and identity header -> received + receipt
//  [X] never two exchanges for the same card at once (double "send now", retries, rescans)
//  [X] 409 -> conflict, needs a person; 400/413/422 -> rejected with the server's field and rule;
//      neither is retried in a loop (retry(id) after a fix)
//  [X] 409 receipt_taken -> the card gets a new id (so a new receipt) and is sent again at once;
//      the start screen shows the new receipt (issue 13, point 7: no card is ever stuck)
//  [X] 401/403 -> the credential is refused: everything pauses until configure() or enroll()
//  [X] transient (no answer, timeout, 5xx, 429, a portal's 200 page): full-jitter exponential
//      backoff per card and for the whole queue, first retry within seconds, capped, unlimited;
//      429's Retry-After is honoured even by "send now"
//  [X] after a failure the queue sends one card at a time until one gets through; offline, a
//      cheap GET /healthz probe notices the way back faster than the backoff would
//  [X] network back (browser online event, a successful probe) and "send now" retry at once
//  [X] the sync state of every row is saved (attempts, next attempt, last error, receipt), with
//      the updates of many answers in one transaction
//  [X] only https:// (plain http to loopback, or when allowed): nothing is sent elsewhere, and
//      the status says why
//  [X] enrollment: one-time code -> device token, stored with the server URL in the store
//  [X] received cards are forgotten (idea, contact) at once on a kiosk, after keep_sent_days
//      elsewhere; the receipt, title and state stay
//  [X] a status snapshot for the UI: per card phase and reason, online, backlog progress
#pragma once

#include "app/core/card_store.h"
#include "app/core/http_transport.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace idekort {

enum class CredentialKind {
    DeviceToken,     // a kiosk: got by enrollment, stored in the device store, revocable
    SubmissionKey,   // a browser: the deployment's key, from the launch configuration
};

struct SyncSettings {
    std::string server_url;   // "https://idekort.aarhus.dk"; empty: not configured, nothing is sent
    std::string credential;   // sent as "Authorization: Bearer ..."
    CredentialKind credential_kind = CredentialKind::SubmissionKey;
    int max_parallel = 4;                   // exchanges at once while all goes well
    double request_timeout_seconds = 30;    // one whole exchange
    double backoff_base_seconds = 2;        // the first retry comes within this
    double backoff_cap_seconds = 300;       // no wait is longer than this (Retry-After aside)
    double probe_interval_seconds = 10;     // offline: how often GET /healthz looks for the way back
    double rescan_interval_seconds = 60;    // look for cards completed without outbox_changed()
    std::uint64_t random_seed = 0;          // 0: from std::random_device
    // Privacy (issue 13, point 11): how long a received card's idea and contact details stay on
    // the device. 0: forgotten as soon as the receipt is saved, and scrubbed from the files (a
    // shared kiosk); otherwise after this many days (a personal device, --keep-sent-days).
    // The receipt, title and state stay.
    double keep_sent_days = 30;
    // Plain http:// to another machine is refused unless this is set (sync::check_server_url).
    bool allow_plain_http = false;
};

// The monotonic time in seconds drives waits; the UTC text is what is saved and shown.
struct SyncClock {
    std::function<double()> monotonic_seconds;
    std::function<std::string(double seconds_from_now)> utc;   // RFC 3339, as the card schema writes
    static SyncClock system();
};

enum class Connection { Unknown, Online, Offline };

// What the UI says about one card.
enum class CardPhase {
    SavedOnDevice,    // not in the outbox (a draft, or unknown to the engine)
    Waiting,          // in the outbox, not being sent right now
    Sending,
    Received,         // receipt in hand
    NeedsAttention,   // conflict or rejected: a person must look (reason below)
};
std::string_view to_string(CardPhase phase);

struct CardSyncState {
    CardPhase phase = CardPhase::SavedOnDevice;
    std::string receipt;       // Received
    std::string received_at;   // Received: the server's time
    // The strings key of the reason (assets/strings): "sync.reason.conflict",
    // "validation.<rule>" for a rule the app knows, "sync.reason.rejected" otherwise, and for a
    // waiting card the last transient cause ("sync.reason.offline", ...); empty when none.
    std::string reason_key;
    std::string code, field, rule, message;   // the parts, for the administrator's screen
    std::int64_t attempts = 0;
};

struct SyncStatus {
    bool configured = false;       // a server URL and a credential
    bool loaded = false;           // the outbox has been read from the store
    Connection connection = Connection::Unknown;
    bool credential_rejected = false;   // 401/403: a kiosk must be enrolled again
    std::string credential_error;       // "revoked", "unauthorized", ...
    CredentialKind credential_kind = CredentialKind::SubmissionKey;
    int waiting = 0, sending = 0, needs_attention = 0, received = 0;
    // "Sending {backlog_done + 1} of {backlog_total}": the cards of the current run, which starts
    // when the outbox stops being empty and ends when it is empty again.
    int backlog_done = 0, backlog_total = 0;
    std::string last_success_at;   // UTC of the last receipt, empty before the first
    std::string last_error;        // words, for the administrator's screen
    std::string last_error_code;
    double next_attempt_in_seconds = std::numeric_limits<double>::infinity();
    std::string store_error;       // the store could not be read or written
    // Received cards whose idea and contact details were deleted from this device and scrubbed
    // from its files since the start (keep_sent_days).
    std::int64_t forgotten = 0;
    // Grows whenever something here or in a card_state() may have changed (an answer, a state,
    // the connection, cards found in the outbox): a screen listing sent cards asks card_state()
    // again when it differs from the last one it saw. card_state() is current at once; the
    // store's rows follow a save later (saves of many answers are batched).
    std::uint64_t revision = 0;
};

// As JSON for tests and diagnostics (the browser's window.idekort, logs). No card content.
std::string to_json(const SyncStatus& status);
std::string to_json(const CardSyncState& state);

class SyncEngine {
public:
    // `store` is the app's one CardStore of the device database (shared with the drafts).
    SyncEngine(CardStore& store, HttpTransport& transport, SyncClock clock = SyncClock::system());
    ~SyncEngine();
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    // Settings from the launch configuration. An empty URL or credential is taken from the
    // store (a kiosk's enrollment) when start() reads it. A new credential ends a rejection.
    void configure(SyncSettings settings);
    // Opens the store, reads the stored enrollment and the outbox, then starts sending.
    void start();
    // Starts what is due. The runner calls it every loop, after delivering answers.
    void tick();
    // Seconds until tick() has something to start (infinity: only an answer or an event will).
    double seconds_until_due() const;

    // "Send now": every waiting card is tried at once (a rate limit's Retry-After still holds).
    void send_now();
    // The platform's view of the network (the browser's online/offline events).
    void network_changed(bool online);
    // A card was completed: read the outbox for it now rather than at the next rescan.
    void outbox_changed();
    // Puts a card that needs attention back in the queue (after the server or card was fixed).
    void retry(const std::string& card_id);

    // Exchanges a one-time code for a device token at `server_url`, stores both, and sends with
    // them from then on. Error: `where` is the server's code ("invalid_code", "expired_code",
    // "used_code") or "network" / "not_our_server" / "store".
    void enroll(const std::string& server_url, const std::string& code, const std::string& device_name,
                std::function<void(Status)> done);

    // The id the card has now: `card_id` itself, or the new id it was given because its receipt
    // code was taken (a screen holding the old id follows it).
    std::string current_id(const std::string& card_id) const;

    SyncStatus status() const;
    // The server this device sends to, for the deployment's public routes (following a card's
    // status, issue 15): empty when none is configured or it may not be reached (check_server_url).
    std::string server_url() const;
    // Just the connection, for callers that ask every loop turn: status() copies the whole
    // queue's summary.
    Connection connection() const { return m_connection; }
    CardSyncState card_state(const std::string& card_id) const;
    // Nothing waiting, sending, being read or saved (tests, benchmarks, shutdown).
    bool settled() const;

private:
    struct Card {
        OutboxRow row;
        double due = 0;            // monotonic; when Queued
        bool in_flight = false;    // a PUT (or its body read) is running
        bool body_loading = false;
        bool counted_in_backlog = false;
        std::string body;          // the stored card JSON, read shortly before sending
        std::uint64_t order = 0;   // completion order, the queue's tie-break
    };
    using QueueKey = std::pair<double, std::uint64_t>;

    void read_outbox();
    void merge_rows(std::vector<OutboxRow> rows);
    void enqueue(Card& card, double due);
    void dequeue(Card& card);
    void pump();
    void load_bodies();
    void send(Card& card);
    void on_answer(const std::string& id, std::uint64_t epoch, const HttpResponse& response);
    void give_new_id(Card& card);
    void forget_sent();
    void note_transient(Card& card, const std::string& code, const std::string& message, double retry_after,
                        std::uint64_t epoch);
    void probe();
    void retry_all_now();
    void leave_backlog(Card& card);
    void set_state(Card& card, OutboxState state);
    void mark_dirty(const Card& card);
    void flush();
    bool ready_to_send() const;
    double now() const { return m_clock.monotonic_seconds(); }
    double jitter();
    template <class F>
    auto guarded(F f);

    CardStore& m_store;
    HttpTransport& m_transport;
    SyncClock m_clock;
    SyncSettings m_settings;
    std::mt19937_64 m_random;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);   // callbacks check it

    bool m_started = false, m_opened = false, m_loaded = false, m_reading = false, m_read_again = false;
    bool m_saving = false, m_bodies_loading = false, m_probing = false;
    int m_renaming = 0;                        // cards being given a new id in the store
    bool m_forgetting = false, m_forget_wanted = false;   // received cards' bodies being emptied
    std::int64_t m_forgotten = 0;
    std::map<std::string, std::string> m_renamed;   // old id -> new id, since this start
    std::unordered_map<std::string, Card> m_cards;
    std::map<QueueKey, std::string> m_queue;   // waiting cards by (due, order)
    std::set<std::string> m_dirty;
    std::uint64_t m_next_order = 0;
    int m_in_flight = 0;
    std::map<OutboxState, int> m_count;        // cards per stored state, kept as states change

    Connection m_connection = Connection::Unknown;
    int m_consecutive_failures = 0;            // transient failures since the last success
    std::uint64_t m_failure_epoch = 0;         // answers to requests started before the last failure don't count again
    double m_gate_until = 0;                   // no new card before this (backoff of the whole queue)
    double m_rate_limited_until = 0;           // 429/503 Retry-After: even "send now" waits
    double m_next_probe = 0;
    double m_next_rescan = 0;
    std::string m_credential_error;
    int m_backlog_done = 0, m_backlog_total = 0;
    std::string m_last_success_at, m_last_error, m_last_error_code, m_store_error;
    std::uint64_t m_revision = 0;
};

} // namespace idekort
