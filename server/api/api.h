// Api: idekort-server's API v1 (docs/API.md, docs/openapi.json) as plain request -> response
// logic, without sockets, so handler tests and the fuzzer drive exactly what the HTTP front
// (http_server.h) runs. Every reply body is a protocol message (common/protocol/), written
// through the same types the app reads it with.
//
// The route table (routes()) is the single list of what the API serves and who may call it.
// The OpenAPI test and the auth-table test iterate over it, so a new route cannot slip in
// undocumented or unprotected.
//
// Responses may complete on another thread (a card's response waits for its group commit);
// `respond` is called exactly once per request.
#pragma once

#include "common/card_validation.h"
#include "common/pipeline.h"
#include "common/programme_config.h"
#include "common/protocol/meetings.h"
#include "common/protocol/pipeline.h"
#include "common/protocol/wire.h"
#include "server/api/accounts.h"
#include "server/api/login_backoff.h"
#include "server/api/password_worker.h"
#include "server/api/status_words.h"
#include "server/store/ingest_queue.h"
#include "server/metrics.h"
#include "server/http/rate_limiter.h"
#include "server/store/storage.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace idekort::server {

class WorkshopApi;   // workshop_api.h: the live workshop's routes (issue 16)

// The largest card validation accepts is the largest body: a valid card is never 413
// (common/card_validation.h, CardLimits::json_bytes; issue 13, point 8).
constexpr std::size_t max_request_body_bytes = CardLimits::json_bytes;

struct ApiConfig {
    // Deployment submission keys for browsers (config file / --submission-key). A card sent with
    // one is recorded as "key:<first 12 hex of its hash>", never the key itself.
    std::vector<std::string> submission_keys;
    // Keys being rotated out: still accepted until `until_ms`, so cards that browsers queued
    // with the old page are not stranded; refused with words after.
    struct RetiredKey {
        std::string key;
        std::int64_t until_ms = 0;
    };
    std::vector<RetiredKey> retired_submission_keys;
    RateLimit per_ip{20, 200};          // every /api/ request, by client address
    RateLimit per_device{10, 100};      // card submissions by one enrolled device
    RateLimit per_key{100, 1000};       // card submissions under one submission key (all browsers)
    RateLimit per_key_address{0.5, 60}; // ... and under it from one client address, taken first
    // Below this much free space where the database lives, new cards get 503 + Retry-After
    // before SQLite would fail; /healthz says "low_disk". Empty data_dir: not checked.
    std::string data_dir;
    std::uint64_t min_free_disk_bytes = 256ull * 1024 * 1024;
    RateLimit logins_per_ip{0.2, 10};   // login attempts
    RateLimit enrollments_per_ip{0.2, 10};
    RateLimit status_per_ip{0.5, 30};   // receipt lookups (GET /api/v1/status/{receipt})
    // Joining a workshop (POST /api/v1/workshops/{code}/participants): a room of 400 behind one
    // venue address joins at once; a script minting participants does not go on for long.
    RateLimit joins_per_ip{1, 400};
    int max_failed_logins = 5;          // in a row from one address for one account name: that pair waits `lockout`
    std::chrono::seconds lockout{15 * 60};   // doubling with each further run of failures (login_backoff.h)
    int password_threads = 1;
    // GET /metrics answers only `Authorization: Bearer <metrics_token>`; without a token set,
    // /metrics is off (404). Request counts and connection numbers are not for the public.
    std::string metrics_token;           // argon2id runs on these, never on an I/O thread
    std::chrono::seconds session_lifetime{8 * 60 * 60};
    // The status page's words per stage (issue 14; --strings). Empty: the page says the stage's
    // name only, as before.
    StatusWords status_words;
    // Contact details are erased this many (30-day) months after a card is closed (issue 14,
    // GDPR Art. 5); 0: only on an administrator's request.
    int erase_contact_months = 12;
};

struct ApiRequest {
    std::string method;          // "GET", "PUT", ... (HEAD is answered as GET)
    std::string target;          // path and query, as received
    std::string authorization;   // the Authorization header, or empty
    std::string body;
    std::string client_ip;       // behind a trusted proxy, the client's (client_address.h)
    std::string content_type;    // the Content-Type header; a body must be application/json (415)
};

struct ApiResponse {
    int status = 200;
    std::string content_type = protocol::json_content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string route;           // the matched route pattern, for metrics ("unmatched" if none)
    // A body too large to hold at once (exports): asked again and again for its next piece, on
    // the connection's thread between writes, and sent chunked; `body` is unused then.
    enum class Piece { More, End, Failed };
    std::function<Piece(std::string& piece)> stream;
};

// Participant: a live workshop's route (issue 16) that takes a participant's token from joining
// or the session of the facilitator who runs the workshop; the workshop decides which may do what.
enum class Access { Public, Submitter, Session, Participant };

struct RouteInfo {
    std::string method;
    std::string pattern;         // "/api/v1/cards/{uuid}"
    Access access = Access::Public;
    std::vector<Role> roles;     // for Access::Session; every role when empty
    // Whether the per-address limit (429) applies. The workshop's routes other than joining are
    // exempt: a room of phones shares one venue address.
    bool limited_per_address = true;
};

class Api {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;
    using Respond = std::function<void(ApiResponse)>;

    Api(ApiConfig config, ProgrammeConfig programme, Storage& storage, IngestQueue& ingest, Metrics& metrics,
        Clock clock = [] { return std::chrono::system_clock::now(); });

    // Whether the API answers `path` (the rest are the web app's static files).
    static bool owns(std::string_view path);
    // Every route, the workshop's (workshop_api.h) included.
    static const std::vector<RouteInfo>& routes();

    void handle(const ApiRequest& request, Respond respond);
    // The server's own periodic work, run at startup and then every few minutes (main.cpp,
    // server/housekeeper.h): contact details due for erasure are erased (issue 14).
    void run_housekeeping();
    // Requests under /api/v1/workshops go to `workshops` (none: they are 404).
    void set_workshops(WorkshopApi* workshops) { m_workshops = workshops; }
    WorkshopApi* workshops() const { return m_workshops; }

private:
    struct Context;
    using Handler = void (Api::*)(Context&);
    struct Route;
    static const std::vector<Route>& route_table();

    void healthz(Context& c);
    void metrics(Context& c);
    void put_card(Context& c);
    void card_status(Context& c);
    void enroll_device(Context& c);
    void login(Context& c);
    void logout(Context& c);
    void session_info(Context& c);
    void create_enrollment_code(Context& c);
    void list_devices(Context& c);
    void revoke_device(Context& c);
    void create_user(Context& c);
    void list_cards(Context& c);
    void export_cards(Context& c);
    // Issue 14: the pipeline
    void card_pipeline(Context& c);
    void post_transition(Context& c);
    void put_account_themes(Context& c);
    std::optional<PipelineActor> pipeline_actor(Context& c);
    void run_transition(Context& c, const std::string& card_id, const protocol::TransitionRequest& request, const std::string& meeting_id);
    void answer_transition(const std::function<void(int, std::string)>& send, const Expected<TransitionOutcome>& outcome,
                           const TransitionExtras& extras, const PipelineActor& actor, PipelineAction action, const std::string& by);
    bool transition_extras(Context& c, const std::string& card_id, PipelineAction action, const protocol::TransitionRequest& request,
                           TransitionExtras& extras);
    void get_ledger(Context& c);
    void erase_contact(Context& c);
    // Runs the erasures that are due, at most once an hour by the API's clock (so tests move it).
    void erase_due_contacts(bool now_regardless = false);
    void create_meeting(Context& c);
    void list_meetings(Context& c);
    void get_meeting(Context& c);
    void put_meeting_scores(Context& c);
    void post_meeting_decision(Context& c);
    std::optional<MeetingRecord> meeting_for(Context& c);
    // The meeting as the participants see it, with its agenda's cards (without contact or sender).
    protocol::MeetingReply meeting_with_cards(const MeetingRecord& record);
    // Issue 14: the programme's own figures (dashboard_api.h)
    void get_dashboard(Context& c);
    std::int64_t waiting_before_ms() const;   // cards in their state since before this are waiting
    // Issue 14: a card's sparring partner and advice log
    void get_sparring(Context& c);
    void put_sparring_partner(Context& c);
    void post_advice(Context& c);
    bool sparring_card_allowed(Context& c, const std::string& card_id);
    void send_sparring(Context& c, int status, const std::string& card_id);

    bool authenticate_submitter(Context& c);
    bool authenticate_session(Context& c, const std::vector<Role>& roles);
    bool within_limit(Context& c, const std::string& key, const RateLimit& limit);
    bool accept_key(Context& c, const std::string& key);
    bool store_has_room(Context& c);
    std::optional<std::uint64_t> free_disk_bytes() const;
    bool room_known_recently();
    // Runs `work` on the password worker with a context of its own; the request is answered from
    // there (503 when the worker's queue is full).
    void off_io_thread(Context& c, std::function<void(Context&)> work);
    void verify_login(Context& c, const std::string& username, const std::string& password);
    void create_user_hashed(Context& c, const protocol::CreateUserRequest& request, Role role);
    std::int64_t now_ms() const;

    ApiConfig m_config;
    ProgrammeConfig m_programme;
    Storage& m_storage;
    IngestQueue& m_ingest;
    Metrics& m_metrics;
    Clock m_clock;
    RateLimiter m_limiter;
    std::string m_dummy_password_hash;   // verified against for unknown users: equal timing
    LoginBackoff m_login_backoff;
    std::atomic<bool> m_store_failing{false};   // the last durable write failed (disk full, I/O error)
    std::atomic<std::int64_t> m_last_erasure_sweep_ms{0};   // when closed cards' contact details were last swept
    std::atomic<std::int64_t> m_roomy_disk_seen_ms{-1};      // when the disk last had ample room (store_has_room)
    WorkshopApi* m_workshops = nullptr;
    PasswordWorker m_password_worker;    // last: it finishes its queue while the rest still stands
};

} // namespace idekort::server
