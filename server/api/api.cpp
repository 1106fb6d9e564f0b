// API v1 handlers and router (see api.h).
#include "server/api/api.h"

#include "common/card_fields.h"
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/card_validation.h"
#include "common/json_guard.h"
#include "common/protocol/protocol.h"
#include "common/text.h"
#include "server/api/card_export.h"
#include "server/api/crypto.h"
#include "server/api/dashboard_api.h"
#include "server/api/pipeline_view.h"
#include "server/api/workshop_api.h"
#include "server/http/http_server.h"
#include "common/rfc3339.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

namespace idekort::server {

namespace {

const std::vector<Role> every_role{};
const std::vector<Role> admin_only{Role::Admin};
const std::vector<Role> card_readers{Role::Admin, Role::Triage};
const std::vector<Role> pipeline_roles{Role::Admin, Role::Triage, Role::Director};
const std::vector<Role> meeting_planners{Role::Admin, Role::Triage};
const std::vector<Role> directors{Role::Director};
const std::vector<Role> deciders{Role::Admin, Role::Director};

namespace code = protocol::error_code;

using protocol::error_body;
using protocol::error_reply;

// English words for a validation rule (the app shows its own, translated, from assets/strings).
std::string describe_problem(const FieldProblem& p) {
    std::string what;
    if (p.rule == "required") what = "is required";
    else if (p.rule == "too_long") what = "is longer than " + std::to_string(p.limit) + " characters";
    else if (p.rule == "invalid_text") what = "contains characters that are not valid text";
    else if (p.rule == "duplicate") what = "is listed twice";
    else if (p.rule.rfind("unknown_", 0) == 0) what = "is not in the programme (" + p.rule + ")";
    else if (p.rule.rfind("invalid_", 0) == 0) what = "is not a valid " + p.rule.substr(8);
    else what = "breaks the rule '" + p.rule + "'";
    return p.field + " " + what;
}

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        out.push_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

// "application/json", any case, with or without parameters ("; charset=utf-8").
bool is_json_media_type(std::string_view content_type) {
    const std::string_view type = text::trim(content_type.substr(0, content_type.find(';')));
    constexpr std::string_view json = "application/json";
    if (type.size() != json.size()) return false;
    for (std::size_t i = 0; i < json.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(type[i])) != json[i]) return false;
    return true;
}

std::string bearer_token(std::string_view header) {
    if (header.size() < 7) return {};
    const std::string scheme(header.substr(0, 7));
    if (scheme != "Bearer " && scheme != "bearer " && scheme != "BEARER ") return {};
    return std::string(text::trim(header.substr(7)));
}

} // namespace

struct Api::Route {
    RouteInfo info;
    Handler handler;
    std::vector<std::string_view> segments() const { return split_path(info.pattern); }
};

struct Api::Context {
    const ApiRequest& request;
    std::shared_ptr<Respond> respond;
    const Route* route = nullptr;
    std::map<std::string, std::string> params;   // {name} segments, decoded
    std::map<std::string, std::string> query;
    std::string sender;                          // for Access::Submitter
    std::optional<Session> session;              // for Access::Session
    std::string session_token_hash;
    bool answered = false;

    void reply(ApiResponse response) {
        if (answered) return;
        answered = true;
        response.route = route ? route->info.method + " " + route->info.pattern : "unmatched";
        (*respond)(std::move(response));
    }
    void json(int status, std::string body) { reply(ApiResponse{status, protocol::json_content_type, std::move(body), {}, {}}); }
    template <class Message>
    void send(int status, const Message& message) { json(status, protocol::to_json(message)); }
    void error(int status, std::string_view code, std::string_view message, std::string_view field = {}, std::string_view rule = {}) {
        json(status, error_body(code, message, field, rule));
    }
    void too_many(int retry_after, std::string_view code, std::string_view message) {
        ApiResponse r{429, protocol::json_content_type, error_body(code, message), {}, {}};
        r.headers.emplace_back("Retry-After", std::to_string(retry_after));
        reply(std::move(r));
    }
};

const std::vector<Api::Route>& Api::route_table() {
    namespace route = protocol::route;
    static const std::vector<Route> table = {
        {{"GET", route::health, Access::Public, {}}, &Api::healthz},
        {{"GET", route::metrics, Access::Public, {}}, &Api::metrics},
        {{"PUT", route::card, Access::Submitter, {}}, &Api::put_card},
        {{"GET", route::card_status, Access::Public, {}}, &Api::card_status},
        {{"POST", route::enroll, Access::Public, {}}, &Api::enroll_device},
        {{"POST", route::login, Access::Public, {}}, &Api::login},
        {{"POST", route::logout, Access::Session, every_role}, &Api::logout},
        {{"GET", route::session, Access::Session, every_role}, &Api::session_info},
        {{"POST", route::enrollment_codes, Access::Session, admin_only}, &Api::create_enrollment_code},
        {{"GET", route::devices, Access::Session, admin_only}, &Api::list_devices},
        {{"POST", route::revoke_device, Access::Session, admin_only}, &Api::revoke_device},
        {{"POST", route::users, Access::Session, admin_only}, &Api::create_user},
        // A director lists only with mine=1: the cards of their themes past triage (issue 15).
        {{"GET", route::cards, Access::Session, pipeline_roles}, &Api::list_cards},
        {{"GET", route::cards_export, Access::Session, card_readers}, &Api::export_cards},
        // Issue 14: the pipeline. Every office role reads and moves cards; decide() then says
        // which role may take which action on which card (common/pipeline.h).
        {{"GET", route::card_pipeline, Access::Session, pipeline_roles}, &Api::card_pipeline},
        {{"POST", route::card_transitions, Access::Session, pipeline_roles}, &Api::post_transition},
        {{"PUT", route::account_themes, Access::Session, admin_only}, &Api::put_account_themes},
        {{"GET", route::ledger, Access::Session, pipeline_roles}, &Api::get_ledger},
        {{"POST", route::erase_contact, Access::Session, admin_only}, &Api::erase_contact},
        {{"POST", route::meetings, Access::Session, meeting_planners}, &Api::create_meeting},
        {{"GET", route::meetings, Access::Session, pipeline_roles}, &Api::list_meetings},
        {{"GET", route::meeting, Access::Session, pipeline_roles}, &Api::get_meeting},
        {{"PUT", route::meeting_scores, Access::Session, directors}, &Api::put_meeting_scores},
        {{"POST", route::meeting_decision, Access::Session, deciders}, &Api::post_meeting_decision},
        // Issue 14: the dashboard; a director sees the themes they answer for only.
        {{"GET", route::dashboard, Access::Session, pipeline_roles}, &Api::get_dashboard},
        // Issue 14: sparring and advice; a director for the themes they answer for.
        {{"GET", route::card_sparring, Access::Session, pipeline_roles}, &Api::get_sparring},
        {{"PUT", route::card_sparring, Access::Session, pipeline_roles}, &Api::put_sparring_partner},
        {{"POST", route::card_advice, Access::Session, pipeline_roles}, &Api::post_advice},
    };
    return table;
}

const std::vector<RouteInfo>& Api::routes() {
    static const std::vector<RouteInfo> infos = [] {
        std::vector<RouteInfo> out;
        for (const Route& r : route_table()) out.push_back(r.info);
        for (RouteInfo& r : WorkshopApi::routes()) out.push_back(std::move(r));
        return out;
    }();
    return infos;
}

bool Api::owns(std::string_view path) {
    return path.rfind("/api/", 0) == 0 || path == "/api" || path == protocol::route::health || path == protocol::route::metrics;
}

Api::Api(ApiConfig config, ProgrammeConfig programme, Storage& storage, IngestQueue& ingest, Metrics& metrics, Clock clock)
    : m_config(std::move(config)), m_programme(std::move(programme)), m_storage(storage), m_ingest(ingest),
      m_metrics(metrics), m_clock(std::move(clock)), m_login_backoff(m_config.max_failed_logins, m_config.lockout),
      m_password_worker(std::max(1, m_config.password_threads)) {
    m_dummy_password_hash = crypto::hash_password(crypto::random_token(16));
}

std::int64_t Api::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(m_clock().time_since_epoch()).count();
}

void Api::handle(const ApiRequest& request, Respond respond) {
    if (m_workshops && WorkshopApi::owns(request.target)) {
        // Joining is the one workshop route limited per address: each join is a row in the
        // workshop's file, and nothing else stands in the way of a script making them.
        if (WorkshopApi::is_join(request.method, request.target)) {
            Context c{request, std::make_shared<Respond>(respond)};
            if (!within_limit(c, "join:" + request.client_ip, m_config.joins_per_ip)) return;
        }
        return m_workshops->handle(request, std::move(respond));
    }
    Context c{request, std::make_shared<Respond>(std::move(respond))};
    const std::string_view target = request.target;
    const std::size_t q = target.find('?');
    const std::string_view path = target.substr(0, std::min(q, target.find('#')));
    if (q != std::string_view::npos) {
        std::string_view rest = target.substr(q + 1);
        rest = rest.substr(0, rest.find('#'));
        while (!rest.empty()) {
            const std::size_t amp = rest.find('&');
            const std::string_view pair = rest.substr(0, amp);
            const std::size_t eq = pair.find('=');
            auto name = text::percent_decode(pair.substr(0, eq), true);
            auto value = text::percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
            if (!name || !value) return c.error(400, code::validation, "the query has a broken %-escape", "query", "invalid_encoding");
            c.query[*name] = *value;
            rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        }
    }
    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    const auto segments = split_path(path);
    std::vector<std::string> allowed;
    // The patterns split once: route_table() is static, so the views stay valid.
    static const std::vector<std::vector<std::string_view>> patterns = [] {
        std::vector<std::vector<std::string_view>> out;
        for (const Route& r : route_table()) out.push_back(r.segments());
        return out;
    }();
    for (std::size_t r = 0; r < route_table().size(); ++r) {
        const Route& route = route_table()[r];
        const auto& pattern = patterns[r];
        if (pattern.size() != segments.size()) continue;
        std::map<std::string, std::string> params;
        bool match = true;
        for (std::size_t i = 0; i < pattern.size() && match; ++i) {
            if (pattern[i].size() > 2 && pattern[i].front() == '{') {
                auto value = text::percent_decode(segments[i], false);
                if (!value || value->empty()) match = false;
                else params[std::string(pattern[i].substr(1, pattern[i].size() - 2))] = *value;
            } else {
                match = pattern[i] == segments[i];
            }
        }
        if (!match) continue;
        if (route.info.method != method) {
            allowed.push_back(route.info.method);
            continue;
        }
        c.route = &route;
        c.params = std::move(params);
        break;
    }
    if (!c.route) {
        if (allowed.empty()) return c.error(404, code::not_found, "no such API route");
        std::string allow;
        for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
        ApiResponse r{405, protocol::json_content_type, error_body(code::method_not_allowed, "use " + allow), {}, {}};
        r.headers.emplace_back("Allow", allow);
        return c.reply(std::move(r));
    }
    const bool is_probe = c.route->info.pattern == protocol::route::health || c.route->info.pattern == protocol::route::metrics;
    if (!is_probe && !within_limit(c, "ip:" + request.client_ip, m_config.per_ip)) return;
    if (c.route->info.access == Access::Submitter && (!authenticate_submitter(c) || !store_has_room(c))) return;
    if (c.route->info.access == Access::Session && !authenticate_session(c, c.route->info.roles)) return;
    if (c.route->info.access == Access::Session) erase_due_contacts();
    if (!request.body.empty() && !is_json_media_type(request.content_type))
        return c.error(415, code::unsupported_media_type,
                       "the body must be JSON sent as Content-Type: application/json" +
                           (request.content_type.empty() ? std::string(" (none was given)") : " (got " + text::strip_control_characters(request.content_type.substr(0, 100), false) + ")"));
    (this->*(c.route->handler))(c);
    if (!c.answered) c.error(500, code::internal, "the handler gave no answer");
}

bool Api::within_limit(Context& c, const std::string& key, const RateLimit& limit) {
    const int wait = m_limiter.take(key, limit);
    if (wait == 0) return true;
    c.too_many(wait, code::rate_limited, "too many requests; retry after " + std::to_string(wait) + " s");
    return false;
}

bool Api::authenticate_submitter(Context& c) {
    const std::string token = bearer_token(c.request.authorization);
    if (token.empty()) {
        c.error(401, code::unauthorized, "send Authorization: Bearer <device token or submission key>");
        return false;
    }
    for (const std::string& key : m_config.submission_keys)
        if (crypto::constant_time_equal(token, key)) return accept_key(c, key);
    for (const ApiConfig::RetiredKey& retired : m_config.retired_submission_keys) {
        if (!crypto::constant_time_equal(token, retired.key)) continue;
        if (now_ms() < retired.until_ms) return accept_key(c, retired.key);
        c.error(401, code::unauthorized, "this submission key was retired on " + format_utc_ms(retired.until_ms) + "; reload the app for the current one");
        return false;
    }
    auto device = m_storage.device_by_token_hash(crypto::token_hash(token));
    if (!device) {
        log_line("error", "device lookup failed", {{"error", device.error().describe()}});
        c.error(500, code::internal, "the store could not be read");
        return false;
    }
    if (!device.value()) {
        c.error(401, code::unauthorized, "unknown device token or submission key");
        return false;
    }
    if (device.value()->revoked_ms) {
        c.error(403, code::revoked, "this device was revoked by an administrator; enroll it again");
        return false;
    }
    c.sender = "device:" + device.value()->device_id;
    return within_limit(c, "sender:" + c.sender, m_config.per_device);
}

// A browser's card under a submission key: its address's bucket first, so that one client
// (junk included) drains only its own share of the key's bucket, which all browsers share.
bool Api::accept_key(Context& c, const std::string& key) {
    c.sender = "key:" + crypto::token_hash(key).substr(0, 12);
    return within_limit(c, "sender:" + c.sender + ":" + c.request.client_ip, m_config.per_key_address) &&
           within_limit(c, "sender:" + c.sender, m_config.per_key);
}

std::optional<std::uint64_t> Api::free_disk_bytes() const {
    if (m_config.data_dir.empty()) return std::nullopt;
    struct statvfs fs {};
    if (::statvfs(m_config.data_dir.c_str(), &fs) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
}

// Whether the disk had ample room less than a second ago: then a card needs no statvfs of its
// own (a system call per card, at hundreds of cards a second). Ample is the floor and as much
// again, at least 256 MiB more: far more than a second of cards can fill. Near the floor every
// card looks, so a refusal comes at the floor and an emptied disk is seen at once.
bool Api::room_known_recently() {
    const std::int64_t seen = m_roomy_disk_seen_ms.load();
    return seen >= 0 && now_ms() - seen < 1000;
}

// New cards stop at the free-disk floor, while the store still works: a clear 503 that clients
// retry later, instead of SQLite failing mid-batch for everyone.
bool Api::store_has_room(Context& c) {
    if (room_known_recently()) return true;
    const auto free = free_disk_bytes();
    const std::uint64_t ample = m_config.min_free_disk_bytes + std::max<std::uint64_t>(m_config.min_free_disk_bytes, 256ull << 20);
    m_roomy_disk_seen_ms = free && *free >= ample ? now_ms() : -1;
    if (!free || *free >= m_config.min_free_disk_bytes) return true;
    log_line("error", "card refused: the disk is nearly full", {{"free_bytes", static_cast<long long>(*free)}});
    ApiResponse r{503, protocol::json_content_type,
                  error_body(code::unavailable, "the server's disk is nearly full; the card stays on the device and is sent later"), {}, {}};
    r.headers.emplace_back("Retry-After", "300");
    c.reply(std::move(r));
    return false;
}

bool Api::authenticate_session(Context& c, const std::vector<Role>& roles) {
    const std::string token = bearer_token(c.request.authorization);
    if (token.empty()) {
        c.error(401, code::unauthorized, "log in and send Authorization: Bearer <session token>");
        return false;
    }
    c.session_token_hash = crypto::token_hash(token);
    auto session = m_storage.session_by_token_hash(c.session_token_hash);
    if (!session) {
        log_line("error", "session lookup failed", {{"error", session.error().describe()}});
        c.error(500, code::internal, "the store could not be read");
        return false;
    }
    if (!session.value()) {
        c.error(401, code::unauthorized, "unknown session token; log in again");
        return false;
    }
    if (session.value()->expires_ms <= now_ms()) {
        c.error(401, code::session_expired, "the session has expired; log in again");
        return false;
    }
    bool allowed = roles.empty();
    for (Role r : roles) allowed = allowed || r == session.value()->role;
    if (!allowed) {
        std::string names;
        for (Role r : roles) names += (names.empty() ? "" : " or ") + std::string(to_string(r));
        c.error(403, code::forbidden, "this needs the role " + names);
        return false;
    }
    c.session = session.value();
    return true;
}

// [SECTION] Probes

void Api::healthz(Context& c) {
    protocol::HealthReply health;
    health.server = server_identity;
    const auto free = free_disk_bytes();
    if (free) health.free_bytes = static_cast<std::int64_t>(*free);
    health.store = m_store_failing ? "failing" : free && *free < m_config.min_free_disk_bytes ? "low_disk" : "ok";
    if (*health.store != "ok") health.status = "degraded";
    c.send(200, health);
}

void Api::metrics(Context& c) {
    if (m_config.metrics_token.empty()) return c.error(404, code::not_found, "metrics are off; set metrics-token to serve them");
    if (!crypto::constant_time_equal(bearer_token(c.request.authorization), m_config.metrics_token))
        return c.error(401, code::unauthorized, "send Authorization: Bearer <metrics token>");
    c.reply(ApiResponse{200, "text/plain; version=0.0.4; charset=utf-8", m_metrics.render(), {}, {}});
}

// [SECTION] Cards

void Api::put_card(Context& c) {
    const auto started = std::chrono::steady_clock::now();
    const std::string& path_id = c.params["uuid"];
    auto id = parse_uuid(path_id);
    if (!id) return c.error(400, code::validation, "the path must end in the card's id, a lower-case UUID v4", "id", "invalid_id");
    JsonLimits limits;
    limits.max_bytes = max_request_body_bytes;
    auto parsed = card_from_json(c.request.body, limits);
    if (!parsed) {
        // The reader runs the JSON guard first; only on failure is it asked again which it was.
        if (auto guard = check_json(c.request.body, limits); !guard)
            return c.error(400, code::invalid_json, guard.error().describe(), guard.error().where, "json");
        return c.error(422, code::validation, parsed.error().describe(), parsed.error().where, "schema");
    }
    if (parsed.value().id != path_id)
        return c.error(400, code::id_mismatch, "the card's id differs from the id in the path", "id", "id_mismatch");
    IdeaCard card = sanitise_card(std::move(parsed.value()));
    const auto problems = validate_card(card, m_programme, CardCheck::Complete);
    if (!problems.empty()) {
        protocol::ErrorReply e = error_reply(code::validation, describe_problem(problems[0]), problems[0].field, problems[0].rule);
        for (const FieldProblem& p : problems) e.problems.push_back({p.field, p.rule, describe_problem(p)});
        return c.send(422, e);
    }

    IngestItem item;
    item.card_id = card.id;
    item.receipt = receipt_code(id.value());
    // A theme the programme no longer has (renamed or dropped since the card was made) stays in
    // the card as the person chose it; the card's theme for triage is left to the office.
    item.theme = m_programme.theme(card.theme) ? card.theme : std::string();
    set_card_parts(item, card);   // the contact goes to its own table (issue 14)
    item.sender = c.sender;
    item.received_ms = now_ms();
    c.answered = true; // the completion answers, on the group commit's answerer thread
    auto respond = c.respond;
    const std::string route = c.route->info.method + " " + c.route->info.pattern;
    const bool is_key_sender = c.sender.rfind("key:", 0) == 0;
    m_ingest.submit(std::move(item), [this, respond, route, started, is_key_sender, card = std::move(card)](Expected<IngestOutcome> outcome) {
        ApiResponse r;
        r.route = route;
        m_store_failing = !outcome;
        if (!outcome) {
            log_line("error", "card not stored", {{"error", outcome.error().describe()}});
            r.status = 500;
            r.body = error_body(code::internal, "the card could not be stored; send it again");
            return (*respond)(std::move(r));
        }
        const StoredCard& stored = outcome.value().stored;
        const auto envelope = [&](bool duplicate) {
            return protocol::to_json(protocol::PutCardReply{stored.card_id, stored.receipt, format_utc_ms(stored.received_ms), duplicate});
        };
        switch (outcome.value().result) {
        case IngestResult::Created:
            m_metrics.add_cards_stored(1);
            r.status = 201;
            r.body = envelope(false);
            break;
        case IngestResult::Duplicate:
            r.status = 200;
            r.body = envelope(true);
            break;
        case IngestResult::Conflict: {
            auto before = card_from_json(stored.body);
            if (before && stored.contact) {
                before.value().has_contact = true;
                before.value().contact = *stored.contact;
            }
            protocol::ErrorReply e = error_reply(code::conflict, "a different card with this id was already received");
            // Which fields differ is for a device the office enrolled; under the public key
            // anyone who learnt a card's id could probe another person's card field by field.
            if (!is_key_sender) e.differences = before ? differing_members(before.value(), card) : std::vector<std::string>{"card"};
            r.status = 409;
            r.body = protocol::to_json(e);
            break;
        }
        case IngestResult::ReceiptTaken:
            r.status = 409;
            r.body = error_body(code::receipt_taken, "another card already has this card's receipt code; make the card a new id", "id", "receipt_taken");
            break;
        }
        m_metrics.observe_ingest_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        (*respond)(std::move(r));
    });
}

// The stage only: arrival time and theme would tell whoever sees or guesses a receipt more
// than its holder needs. Lookups are limited per address, against walking the code space.
void Api::card_status(Context& c) {
    if (!within_limit(c, "status:" + c.request.client_ip, m_config.status_per_ip)) return;
    auto receipt = normalise_receipt_code(c.params["receipt"]);
    if (!receipt) return c.error(400, code::validation, receipt.error().describe(), "receipt", "invalid_receipt");
    auto found = m_storage.card_by_receipt(receipt.value());
    if (!found) return c.error(500, code::internal, "the store could not be read");
    if (!found.value()) return c.error(404, code::not_found, "no card has this receipt code (yet)");
    const StoredCard& card = *found.value();
    protocol::CardStatusReply reply{card.receipt, card.state, {}, std::nullopt};
    if (!m_config.status_words.empty()) {
        // Issue 14: in words, what happens next, the feedback once closed, and the day of the
        // last change; never who decided, the scores, or the time of day.
        auto place = m_storage.card_pipeline(card.card_id);
        if (!place || !place.value()) return c.error(500, code::internal, "the store could not be read");
        const CardPipeline& p = *place.value();
        reply.stage = m_config.status_words.stage(p.position.state, p.position.step);
        reply.next = m_config.status_words.next(p.position.state, p.position.step);
        if (p.position.state == CardState::Closed) reply.feedback = p.feedback;
        reply.changed_on = format_utc_ms(p.changed_ms).substr(0, 10);
    }
    c.send(200, reply);
}

// [SECTION] Request bodies

namespace {
// A request message read with its protocol type, or nothing once the error is answered: 400 when
// the body is not a JSON object within the limits, 422 naming the member that is missing or
// of the wrong type.
template <class Message, class Context>
std::optional<Message> read_request(Context& c) {
    JsonLimits limits;
    limits.max_bytes = max_request_body_bytes;
    limits.max_depth = 4;
    auto message = protocol::from_request_body<Message>(c.request.body, limits);
    if (message) return std::move(message.value());
    const Error& e = message.error();
    if (protocol::is_document_error(e)) c.error(400, code::invalid_json, e.describe(), "", "json");
    else if (e.message == "missing") c.error(422, code::validation, e.where + " is required", e.where, "required");
    else c.error(422, code::validation, e.where + " must be a string", e.where, "type");
    return std::nullopt;
}

// Text members every request needs non-empty, valid and of a sane size; answers 422 itself.
template <class Context>
bool check_texts(Context& c, std::initializer_list<std::pair<const char*, const std::string*>> members) {
    for (const auto& [name, value] : members) {
        if (text::trim(*value).empty()) { c.error(422, code::validation, std::string(name) + " is required", name, "required"); return false; }
        if (!text::is_valid_utf8(*value) || value->size() > 1024) { c.error(422, code::validation, std::string(name) + " is not valid text of at most 1024 bytes", name, "invalid_text"); return false; }
    }
    return true;
}

protocol::DeviceInfo device_info(const Device& d) {
    protocol::DeviceInfo info{d.device_id, d.name, format_utc_ms(d.enrolled_ms), std::nullopt, d.cards};
    if (d.revoked_ms) info.revoked_at = format_utc_ms(*d.revoked_ms);
    return info;
}
} // namespace

// [SECTION] Devices

void Api::enroll_device(Context& c) {
    if (!within_limit(c, "enroll:" + c.request.client_ip, m_config.enrollments_per_ip)) return;
    auto request = read_request<protocol::EnrollRequest>(c);
    if (!request || !check_texts(c, {{"code", &request->code}, {"name", &request->name}})) return;
    const std::string name(text::trim(text::strip_control_characters(request->name, false)));
    if (text::count_characters(name) > 100) return c.error(422, code::validation, "name is longer than 100 characters", "name", "too_long");
    Device device;
    device.device_id = idekort::to_string(new_uuid());
    device.name = name;
    const std::string token = crypto::random_token();
    auto result = m_storage.enroll_device(crypto::token_hash(crypto::normalise_enrollment_code(request->code)), now_ms(), device,
                                          crypto::token_hash(token));
    if (!result) {
        log_line("error", "enrollment failed", {{"error", result.error().describe()}});
        return c.error(500, code::internal, "the device could not be stored");
    }
    switch (result.value()) {
    case EnrollResult::Enrolled:
        log_line("info", "device enrolled", {{"device_id", device.device_id}});
        return c.send(201, protocol::EnrollReply{device.device_id, token});
    case EnrollResult::InvalidCode: return c.error(401, code::invalid_code, "no such enrollment code");
    case EnrollResult::ExpiredCode: return c.error(401, code::expired_code, "the enrollment code has expired; ask for a new one");
    case EnrollResult::UsedCode: return c.error(401, code::used_code, "the enrollment code was already used; ask for a new one");
    }
}

void Api::create_enrollment_code(Context& c) {
    JsonLimits limits;
    limits.max_bytes = max_request_body_bytes;
    limits.max_depth = 4;
    auto request = protocol::from_request_body<protocol::EnrollmentCodeRequest>(c.request.body, limits);
    const auto out_of_range = [&] {
        c.error(422, code::validation, "lifetime_minutes must be a whole number from 1 to 129600 (90 days)", "lifetime_minutes", "out_of_range");
    };
    if (!request) {
        if (protocol::is_document_error(request.error())) return c.error(400, code::invalid_json, request.error().describe(), "", "json");
        return out_of_range();
    }
    const std::int64_t minutes = request.value().lifetime_minutes.value_or(protocol::enrollment_code_default_minutes);
    if (minutes < 1 || minutes > protocol::enrollment_code_max_minutes) return out_of_range();
    const std::optional<std::int64_t> expires = now_ms() + minutes * 60 * 1000;
    const std::string enrollment_code = crypto::random_enrollment_code();
    if (auto s = m_storage.add_enrollment_code(crypto::token_hash(crypto::normalise_enrollment_code(enrollment_code)), now_ms(),
                                               expires, c.session->username);
        !s)
        return c.error(500, code::internal, "the code could not be stored");
    protocol::EnrollmentCodeReply reply{enrollment_code, std::nullopt};
    if (expires) reply.expires_at = format_utc_ms(*expires);
    c.send(201, reply);
}

void Api::list_devices(Context& c) {
    auto devices = m_storage.list_devices();
    if (!devices) return c.error(500, code::internal, "the store could not be read");
    protocol::DeviceListReply reply;
    for (const Device& d : devices.value()) reply.devices.push_back(device_info(d));
    c.send(200, reply);
}

void Api::revoke_device(Context& c) {
    auto device = m_storage.revoke_device(c.params["id"], now_ms());
    if (!device) return c.error(500, code::internal, "the store could not be written");
    if (!device.value()) return c.error(404, code::not_found, "no such device");
    log_line("info", "device revoked", {{"device_id", device.value()->device_id}, {"by", c.session->username}});
    c.send(200, device_info(*device.value()));
}

// [SECTION] Administrator accounts

void Api::off_io_thread(Context& c, std::function<void(Context&)> work) {
    // The request, its parameters and session are copied: the HTTP front's request is gone
    // once handle() returns.
    auto request = std::make_shared<ApiRequest>(c.request);
    auto later = [request, respond = c.respond, route = c.route, params = c.params, session = c.session, work = std::move(work)] {
        Context own{*request, respond};
        own.route = route;
        own.params = params;
        own.session = session;
        work(own);
        if (!own.answered) own.error(500, code::internal, "the handler gave no answer");
    };
    c.answered = true;
    if (!m_password_worker.post(std::move(later))) {
        c.answered = false;
        ApiResponse r{503, protocol::json_content_type, error_body(code::unavailable, "too many logins at once; retry in a moment"), {}, {}};
        r.headers.emplace_back("Retry-After", "1");
        c.reply(std::move(r));
    }
}

// One answer for an unknown name, a wrong password and a held-back address: which of the three
// it was would tell an attacker which accounts exist.
namespace {
constexpr const char* login_refused = "wrong user name or password, or too many failed attempts from this address; wait a while and try again";
}

void Api::login(Context& c) {
    if (!within_limit(c, "login:" + c.request.client_ip, m_config.logins_per_ip)) return;
    auto request = read_request<protocol::LoginRequest>(c);
    if (!request || !check_texts(c, {{"username", &request->username}, {"password", &request->password}})) return;
    if (!m_login_backoff.begin(c.request.client_ip, request->username, m_clock())) {
        m_metrics.count_login("refused");
        return c.error(401, code::invalid_credentials, login_refused);
    }
    off_io_thread(c, [this, username = request->username, password = request->password](Context& later) {
        verify_login(later, username, password);
    });
}

void Api::verify_login(Context& c, const std::string& username, const std::string& password) {
    const std::string& address = c.request.client_ip;
    auto user = m_storage.user_by_name(username);
    if (!user) {
        m_login_backoff.end(address, username, LoginBackoff::Outcome::Abandoned, m_clock());
        return c.error(500, code::internal, "the store could not be read");
    }
    const bool ok = crypto::verify_password(user.value() ? user.value()->password_hash : m_dummy_password_hash, password);
    if (!user.value() || !ok) {
        m_login_backoff.end(address, username, LoginBackoff::Outcome::Failed, m_clock());
        m_metrics.count_login("wrong");
        return c.error(401, code::invalid_credentials, login_refused);
    }
    m_login_backoff.end(address, username, LoginBackoff::Outcome::Succeeded, m_clock());
    m_metrics.count_login("ok");
    const std::int64_t now = now_ms();
    const std::string token = crypto::random_token();
    const std::int64_t expires = now + std::chrono::duration_cast<std::chrono::milliseconds>(m_config.session_lifetime).count();
    if (auto s = m_storage.add_session(crypto::token_hash(token), user.value()->user_id, now, expires); !s)
        return c.error(500, code::internal, "the session could not be stored");
    c.send(200, protocol::LoginReply{token, format_utc_ms(expires), user.value()->username, user.value()->role});
}

void Api::logout(Context& c) {
    if (auto s = m_storage.delete_session(c.session_token_hash); !s) return c.error(500, code::internal, "the session could not be ended");
    c.send(200, protocol::LogoutReply{});
}

void Api::session_info(Context& c) {
    c.send(200, protocol::SessionReply{c.session->username, c.session->role, format_utc_ms(c.session->expires_ms)});
}

void Api::create_user(Context& c) {
    auto request = read_request<protocol::CreateUserRequest>(c);
    if (!request || !check_texts(c, {{"username", &request->username}, {"password", &request->password}, {"role", &request->role}})) return;
    const auto role = parse_role(request->role);
    if (!role) return c.error(422, code::validation, "role must be admin, triage, director or facilitator", "role", "unknown_role");
    off_io_thread(c, [this, request = *request, role = *role](Context& later) { create_user_hashed(later, request, role); });
}

void Api::create_user_hashed(Context& c, const protocol::CreateUserRequest& request, Role role) {
    auto created = create_account(m_storage, request.username, request.password, role);
    if (!created) {
        const Error& e = created.error();
        if (e.where == "username" || e.where == "password") return c.error(422, code::validation, e.message, e.where, "weak_or_invalid");
        return c.error(500, code::internal, e.where == "hash" ? "the password could not be hashed" : "the account could not be stored");
    }
    if (created.value() == AccountResult::NameTaken)
        return c.error(409, code::username_taken, "an account with this user name exists", "username", "taken");
    log_line("info", "account created", {{"username", request.username}, {"role", request.role}, {"by", c.session->username}});
    c.send(201, protocol::CreateUserReply{request.username, role});
}

// [SECTION] Lists and exports

namespace {
// `waiting_before_ms`: what waiting=1 means now (the programme's waiting_days before now).
template <class Fail>
std::optional<CardFilter> read_filter(const std::map<std::string, std::string>& query, bool paged, const ProgrammeConfig& programme,
                                      std::int64_t waiting_before_ms, Fail&& fail) {
    CardFilter f;
    std::string cursor;
    for (const auto& [name, value] : query) {
        if (name == "theme") f.theme = value;
        else if (name == "q") {
            if (!text::is_valid_utf8(value) || text::count_characters(value) > 200) { fail(name, "invalid_text", std::string("q must be valid text of at most 200 characters")); return std::nullopt; }
            f.search = std::string(text::trim(value));
        } else if (name == "department") {
            if (!programme.department(value)) { fail(name, "unknown_department", "department '" + value + "' is not a department of the programme"); return std::nullopt; }
            f.department = value;
        }
        else if (name == "waiting") {
            if (value != "1" && value != "0") { fail(name, "invalid_flag", std::string("waiting must be 1 (only cards waiting longer than the programme's waiting_days) or 0")); return std::nullopt; }
            if (value == "1") f.waiting_before_ms = waiting_before_ms;
        } else if (paged && name == "mine") {
            if (value != "1" && value != "0") { fail(name, "invalid_flag", std::string("mine must be 1 (the cards of your themes between triage and closing) or 0")); return std::nullopt; }
            f.past_triage = value == "1";
        } else if (paged && name == "sort") {
            if (value == "received_at") f.sort = CardFilter::Sort::ReceivedAt;
            else if (value == "state_since") f.sort = CardFilter::Sort::StateSince;
            else if (value == "theme") f.sort = CardFilter::Sort::Theme;
            else { fail(name, "unknown_sort", std::string("sort must be received_at, state_since or theme")); return std::nullopt; }
        } else if (paged && name == "order") {
            if (value != "asc" && value != "desc") { fail(name, "unknown_order", std::string("order must be asc or desc")); return std::nullopt; }
            f.descending = value == "desc";
        } else if (name == "state") {
            f.state = parse_card_state(value);
            if (!f.state) { fail(name, "unknown_state", "state must be one of the card states (docs/API.md), such as received"); return std::nullopt; }
        } else if (name == "since" || name == "until") {
            auto ms = parse_utc_ms(value);
            if (!ms) { fail(name, "invalid_timestamp", name + " must be an RFC 3339 UTC time such as 2026-11-27T08:00:00Z"); return std::nullopt; }
            (name == "since" ? f.since_ms : f.until_ms) = ms;
        } else if (paged && (name == "cursor" || name == "limit")) {
            char* end = nullptr;
            const long long n = std::strtoll(value.c_str(), &end, 10);
            const long long lo = name == "cursor" ? 0 : 1, hi = name == "cursor" ? (1LL << 62) : 1000;
            if (value.empty() || *end || n < lo || n > hi) { fail(name, "out_of_range", name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)); return std::nullopt; }
            if (name == "cursor") f.after_seq = n; else f.limit = static_cast<int>(n);
        } else if (!paged && name == "format") {
        } else {
            fail(name, "unknown_parameter", "unknown query parameter '" + name + "'");
            return std::nullopt;
        }
    }
    if (!paged) f.limit = 0;
    // In any order but arrival's the cursor counts the rows already listed (next_cursor says it).
    if (f.sorted()) {
        f.offset = f.after_seq;
        f.after_seq = 0;
    }
    return f;
}
} // namespace

std::int64_t Api::waiting_before_ms() const {
    return now_ms() - static_cast<std::int64_t>(m_programme.waiting_days) * 24 * 60 * 60 * 1000;
}

void Api::list_cards(Context& c) {
    const auto filter = read_filter(c.query, true, m_programme, waiting_before_ms(), [&](const std::string& f, const char* rule, const std::string& m) { c.error(400, code::validation, m, f, rule); });
    if (!filter) return;
    CardFilter probe = *filter;
    // "Mine kort" (issue 15): a director lists the cards of the themes they answer for once they
    // are past triage, and nothing else; the card's contact part follows the pipeline view's rule.
    if (c.session->role == Role::Director) {
        if (!filter->past_triage)
            return c.error(400, code::validation, "a director lists only the cards of their themes past triage: add mine=1", "mine", "required");
        auto themes = m_storage.account_themes(c.session->user_id);
        if (!themes) return c.error(500, code::internal, "the store could not be read");
        probe.themes_any = std::move(themes.value());
    }
    probe.limit = filter->limit + 1; // one more tells whether there is a next page
    auto cards = m_storage.list_cards(probe);
    if (!cards) return c.error(500, code::internal, "the store could not be read");
    const bool more = static_cast<int>(cards.value().size()) > filter->limit;
    if (more) cards.value().pop_back();
    protocol::CardListReply reply;
    for (const StoredCard& card : cards.value()) {
        reply.cards.push_back(stored_card_entry(card, c.session->role));
        // Directors do not see which device or key sent a card, as in a meeting's cards.
        if (c.session->role == Role::Director) reply.cards.back().sender.clear();
    }
    if (more) reply.next_cursor = std::to_string(filter->sorted() ? filter->offset + filter->limit : cards.value().back().seq);
    c.send(200, reply);
}

void Api::export_cards(Context& c) {
    const auto format = c.query.count("format") ? c.query.at("format") : std::string("csv");
    if (format != "csv" && format != "json") return c.error(400, code::validation, "format must be csv or json", "format", "unknown_format");
    const auto filter = read_filter(c.query, false, m_programme, waiting_before_ms(), [&](const std::string& f, const char* rule, const std::string& m) { c.error(400, code::validation, m, f, rule); });
    if (!filter) return;
    // Streamed a page at a time: never every card in memory, and the reader lock is held for one
    // page, not the whole export, so kiosks' cards and lookups go on meanwhile.
    struct Export {
        CardFilter filter;
        bool csv = true;
        bool started = false, finished = false;
        std::size_t cards = 0;
        std::string by;
        Role role = Role::Triage;   // whose export: the contacts in it are the ones this role may see
    };
    auto state = std::make_shared<Export>();
    state->filter = *filter;
    state->filter.limit = 200;
    state->csv = format == "csv";
    state->by = c.session->username;
    state->role = c.session->role;
    ApiResponse r;
    r.content_type = state->csv ? "text/csv; charset=utf-8" : protocol::json_content_type;
    r.headers.emplace_back("Content-Disposition", state->csv ? "attachment; filename=\"idekort-cards.csv\"" : "attachment; filename=\"idekort-cards.json\"");
    r.stream = [this, state](std::string& piece) {
        using Piece = ApiResponse::Piece;
        piece.clear();
        if (state->finished) return Piece::End;
        if (!state->started) {
            state->started = true;
            piece = state->csv ? cards_csv_header() : "{\"cards\":[";
        }
        auto page = m_storage.list_cards(state->filter);
        if (!page) {
            log_line("error", "export failed", {{"error", page.error().describe()}});
            return Piece::Failed;   // the connection closes without the last chunk: the client sees it broken
        }
        if (state->csv) {
            piece += cards_csv_rows(page.value(), state->role);
        } else {
            for (const StoredCard& card : page.value()) piece += (state->cards++ ? "," : "") + protocol::to_json(stored_card_entry(card, state->role));
        }
        if (state->csv) state->cards += page.value().size();
        if (!page.value().empty()) state->filter.after_seq = page.value().back().seq;
        if (static_cast<int>(page.value().size()) < state->filter.limit) {
            state->finished = true;
            if (!state->csv) piece += "]}";
            log_line("info", "cards exported", {{"format", state->csv ? "csv" : "json"}, {"cards", state->cards}, {"by", state->by}});
        }
        return Piece::More;
    };
    c.reply(std::move(r));
}

// [SECTION] The pipeline (issue 14)

namespace {
bool is_date(const std::string& text) {
    return text.size() == 10 && parse_utc_ms(text + "T00:00:00Z").has_value();
}

// Words for the author and the log: valid text of a sane size (the card's own fields allow
// 2,000 characters; feedback is shorter than an idea).
template <class Context>
bool check_optional_texts(Context& c, std::initializer_list<std::pair<const char*, const std::string*>> members) {
    for (const auto& [name, value] : members)
        if (!text::is_valid_utf8(*value) || text::count_characters(*value) > 2000) {
            c.error(422, code::validation, std::string(name) + " must be valid text of at most 2000 characters", name, "invalid_text");
            return false;
        }
    return true;
}
} // namespace

std::optional<PipelineActor> Api::pipeline_actor(Context& c) {
    PipelineActor actor;
    actor.role = c.session->role;
    if (actor.role == Role::Director) {
        auto themes = m_storage.account_themes(c.session->user_id);
        if (!themes) {
            c.error(500, code::internal, "the store could not be read");
            return std::nullopt;
        }
        actor.themes = std::move(themes.value());
    }
    return actor;
}

void Api::card_pipeline(Context& c) {
    const std::string& card_id = c.params["uuid"];
    if (!parse_uuid(card_id)) return c.error(400, code::validation, "the path must name a card by its id, a lower-case UUID v4", "id", "invalid_id");
    const auto actor = pipeline_actor(c);
    if (!actor) return;
    auto card = m_storage.card_pipeline(card_id);
    if (!card) return c.error(500, code::internal, "the store could not be read");
    if (!card.value()) return c.error(404, code::not_found, "no card has this id");
    auto log = m_storage.transitions(card_id);
    if (!log) return c.error(500, code::internal, "the store could not be read");
    auto tests = m_storage.test_cards(card_id);
    if (!tests) return c.error(500, code::internal, "the store could not be read");
    auto reply = pipeline_reply(*card.value(), available_actions(card.value()->position, *actor, m_programme), log.value(), tests.value());
    // Issue 14 (GDPR Art. 25): the author's contact only for a role that may see it now.
    const bool reached_pitch = std::any_of(log.value().begin(), log.value().end(),
                                           [](const LoggedTransition& t) { return t.to == CardState::InvitedToPitch; });
    if (may_see_contact(c.session->role, card.value()->position.state, reached_pitch)) {
        auto contact = m_storage.card_contact(card_id);
        if (!contact) return c.error(500, code::internal, "the store could not be read");
        if (const auto& k = contact.value())
            reply.contact = protocol::ContactEntry{k->name, k->workplace, k->email, k->phone, k->consent_to_contact};
    }
    c.send(200, reply);
}

void Api::post_transition(Context& c) {
    const std::string& card_id = c.params["uuid"];
    if (!parse_uuid(card_id)) return c.error(400, code::validation, "the path must name a card by its id, a lower-case UUID v4", "id", "invalid_id");
    auto request = read_request<protocol::TransitionRequest>(c);
    if (!request) return;
    run_transition(c, card_id, *request, {});
}

// A transition, alone or made in a meeting (then recorded with the meeting's scores).
void Api::run_transition(Context& c, const std::string& card_id, const protocol::TransitionRequest& raw, const std::string& meeting_id) {
    auto request = std::optional<protocol::TransitionRequest>(raw);
    if (!check_optional_texts(c, {{"feedback", &request->feedback}, {"why", &request->why}, {"theme", &request->theme}})) return;
    PipelineRequest wanted;
    const auto action = parse_pipeline_action(request->action);
    if (!action) return c.error(422, code::validation, "action must be one of " + action_names(), "action", "unknown_action");
    wanted.action = *action;
    wanted.expected_version = request->version;
    wanted.theme = request->theme;
    wanted.feedback = std::string(text::trim(request->feedback));
    if (!request->reason.empty()) {
        wanted.reason = parse_close_reason(request->reason);
        if (!wanted.reason) return c.error(422, code::validation, "reason must be one of " + close_reason_names(), "reason", "unknown_reason");
    }
    if (wanted.action == PipelineAction::MergeDuplicate && !request->merged_into.empty()) {
        // The surviving card must exist and be another card: a merge into nothing loses the idea.
        if (request->merged_into == card_id)
            return c.error(422, code::validation, "a card cannot be a duplicate of itself", "merged_into", "same_card");
        auto survivor = m_storage.card_pipeline(request->merged_into);
        if (!survivor) return c.error(500, code::internal, "the store could not be read");
        if (!survivor.value()) return c.error(422, code::validation, "merged_into names no card on this server", "merged_into", "unknown_card");
        wanted.merged_into = request->merged_into;
    }
    const auto actor = pipeline_actor(c);
    if (!actor) return;
    TransitionExtras extras;
    if (!transition_extras(c, card_id, wanted.action, *request, extras)) return;
    TransitionRecord record;
    record.action = wanted.action;
    record.by = c.session->username;
    record.role = c.session->role;
    record.at_ms = now_ms();
    record.why = std::string(text::trim(request->why));
    record.feedback = wanted.feedback;
    const PipelineActor who = *actor;
    // The decider runs on the store's writer thread after this handler returns: it holds copies.
    const PipelineDecider decider = [this, wanted, who](const CardPipeline& card) { return decide(card.position, wanted, who, m_programme); };
    if (!meeting_id.empty()) {
        auto outcome = m_storage.decide_in_meeting(meeting_id, card_id, decider, record);
        return answer_transition([&c](int status, std::string body) { c.json(status, std::move(body)); }, outcome, extras, who,
                                 wanted.action, c.session->username);
    }
    // Group commit (IngestQueue): the answer is sent from its answerer thread once the transition's
    // group is durable, so 64 connections moving cards share fsyncs instead of queueing for one each.
    c.answered = true;
    auto respond = c.respond;
    const std::string route = c.route->info.method + " " + c.route->info.pattern;
    m_ingest.submit_transition(
        TransitionJob{card_id, decider, record, extras},
        [this, respond, route, extras, who, action = wanted.action, by = c.session->username](Expected<TransitionOutcome> outcome) {
            const auto send = [&](int status, std::string body) {
                ApiResponse r{status, protocol::json_content_type, std::move(body), {}, {}};
                r.route = route;
                (*respond)(std::move(r));
            };
            answer_transition(send, outcome, extras, who, action, by);
        });
}

// The answer to a stored (or refused) transition: 200 with the card, 409/403/... with the card as
// it is, 422 over budget, 404, or 500 when the store failed and nothing changed.
void Api::answer_transition(const std::function<void(int, std::string)>& send, const Expected<TransitionOutcome>& outcome,
                            const TransitionExtras& extras, const PipelineActor& actor, PipelineAction action, const std::string& by) {
    if (!outcome) {
        log_line("error", "transition not stored", {{"error", outcome.error().describe()}});
        return send(500, error_body(code::internal, "the transition could not be stored; nothing changed, try again"));
    }
    if (!outcome.value().card) return send(404, error_body(code::not_found, "no card has this id"));
    const CardPipeline& card = *outcome.value().card;
    const auto actions = available_actions(card.position, actor, m_programme);
    const PipelineDecision& decision = outcome.value().decision;
    if (const auto remaining = outcome.value().over_budget_remaining) {
        const long long budget = *extras.yearly_budget_dkk;
        return send(422, protocol::to_json(protocol::TransitionRefusalReply{
                             protocol::error_code::over_budget,
                             "the test card's budget of " + std::to_string(extras.test_card->budget_dkk) + " kr. would take the theme '" +
                                 card.position.theme + "' past its budget of " + std::to_string(budget) + " kr. for " +
                                 std::to_string(extras.year) + "; " + std::to_string(*remaining) + " kr. remain",
                             pipeline_reply(card, actions)}));
    }
    if (!decision) {
        const Refusal kind = decision.refusal.kind;
        return send(refusal_status(kind), protocol::to_json(protocol::TransitionRefusalReply{
                                              std::string(refusal_code(kind)), decision.refusal.message, pipeline_reply(card, actions)}));
    }
    log_line("info", "card moved", {{"action", std::string(to_string(action))}, {"to", std::string(to_string(card.position.state))},
                                    {"version", static_cast<long long>(card.position.version)}, {"by", by}});
    send(200, protocol::to_json(pipeline_reply(card, actions)));
}

// The test card a funded step needs and the learning a recorded step needs, checked before the
// transaction; the theme's yearly budget goes with them, for the store to hold the ledger to.
bool Api::transition_extras(Context& c, const std::string& card_id, PipelineAction action, const protocol::TransitionRequest& request,
                            TransitionExtras& extras) {
    const auto required = [&](const std::string& field, const std::string& value, const char* what) {
        if (!text::trim(value).empty() && text::is_valid_utf8(value) && text::count_characters(value) <= 2000) return true;
        c.error(422, code::validation, field + ": write " + what + " (at most 2000 characters)", field, "required");
        return false;
    };
    if (action == PipelineAction::FundStep) {
        if (!request.test_card) {
            c.error(422, code::validation, "a funded step needs its test card: hypothesis, test, measure, success criterion, period, budget, owner", "test_card", "required");
            return false;
        }
        const protocol::TestCardEntry& t = *request.test_card;
        if (!required("test_card.hypothesis", t.hypothesis, "what we believe (\"Vi tror, at ...\")") ||
            !required("test_card.test", t.test, "how it is tested (\"For at afprøve det vil vi ...\")") ||
            !required("test_card.measure", t.measure, "what is measured (\"... og måle ...\")") ||
            !required("test_card.success_criterion", t.success_criterion, "when we are right (\"Vi har ret, hvis ...\")") ||
            !required("test_card.owner", t.owner, "who owns the test"))
            return false;
        if (!is_date(t.period_from) || !is_date(t.period_to) || t.period_to < t.period_from) {
            c.error(422, code::validation, "the test's period is two dates, such as 2027-01-01 to 2027-03-31, the first not after the second", "test_card.period_from", "invalid_period");
            return false;
        }
        auto card = m_storage.card_pipeline(card_id);
        if (!card) {
            c.error(500, code::internal, "the store could not be read");
            return false;
        }
        if (card.value()) {
            const int next = card.value()->position.step + 1;
            const auto& steps = m_programme.investment_steps;
            const std::int64_t amount = steps.empty() ? 0 : next <= static_cast<int>(steps.size()) ? steps[static_cast<std::size_t>(next - 1)].amount_dkk : 0;
            if (t.budget_dkk < 0 || t.budget_dkk > amount) {
                c.error(422, code::validation,
                        steps.empty() ? std::string("this programme gives advice without money; the test card's budget is 0")
                                      : "the test card's budget is 0 to " + std::to_string(amount) + " kr., the amount of step " + std::to_string(next),
                        "test_card.budget_dkk", "over_step_amount");
                return false;
            }
            if (const ProgrammeTheme* theme = m_programme.theme(card.value()->position.theme)) extras.yearly_budget_dkk = theme->yearly_budget_dkk;
        }
        TestCard test;
        test.hypothesis = std::string(text::trim(t.hypothesis));
        test.test = std::string(text::trim(t.test));
        test.measure = std::string(text::trim(t.measure));
        test.success_criterion = std::string(text::trim(t.success_criterion));
        test.period_from = t.period_from;
        test.period_to = t.period_to;
        test.budget_dkk = t.budget_dkk;
        test.owner = std::string(text::trim(t.owner));
        extras.test_card = test;
        extras.year = std::stoi(format_utc_ms(now_ms()).substr(0, 4));
    }
    if (action == PipelineAction::RecordLearning) {
        if (!request.learning) {
            c.error(422, code::validation, "recording a step's learning needs what was believed, observed and learned, and the decision", "learning", "required");
            return false;
        }
        const protocol::LearningEntry& l = *request.learning;
        if (!required("learning.believed", l.believed, "what we believed") || !required("learning.observed", l.observed, "what we observed") ||
            !required("learning.learned", l.learned, "what we learned"))
            return false;
        if (l.decision != "next_step" && l.decision != "stop" && l.decision != "hand_on") {
            c.error(422, code::validation, "the learning's decision is next_step, stop or hand_on", "learning.decision", "unknown_decision");
            return false;
        }
        TestCard learning;
        learning.believed = std::string(text::trim(l.believed));
        learning.observed = std::string(text::trim(l.observed));
        learning.learned = std::string(text::trim(l.learned));
        learning.learning_decision = l.decision;
        extras.learning = learning;
    }
    return true;
}

void Api::get_ledger(Context& c) {
    int year = std::stoi(format_utc_ms(now_ms()).substr(0, 4));
    for (const auto& [name, value] : c.query) {
        if (name != "year") return c.error(400, code::validation, "unknown query parameter '" + name + "'", name, "unknown_parameter");
        if (value.size() != 4 || value.find_first_not_of("0123456789") != std::string::npos)
            return c.error(400, code::validation, "year must be a year such as 2026", "year", "invalid_year");
        year = std::stoi(value);
    }
    auto lines = m_storage.ledger(year);
    if (!lines) return c.error(500, code::internal, "the store could not be read");
    protocol::LedgerReply reply;
    reply.year = year;
    for (const ProgrammeTheme& theme : m_programme.themes) {
        protocol::LedgerTheme t;
        t.theme = theme.id;
        t.budget_dkk = theme.yearly_budget_dkk;
        for (const LedgerLine& line : lines.value()) {
            if (line.theme != theme.id) continue;
            t.committed_dkk += line.committed_dkk;
            t.steps.push_back({line.step, line.committed_dkk, line.cards});
        }
        if (t.budget_dkk) t.remaining_dkk = *t.budget_dkk - t.committed_dkk;
        reply.themes.push_back(std::move(t));
    }
    c.send(200, reply);
}

// [SECTION] Privacy (issue 14)

void Api::run_housekeeping() { erase_due_contacts(true); }

// On office requests at most hourly; from run_housekeeping() every time it runs.
void Api::erase_due_contacts(bool now_regardless) {
    if (m_config.erase_contact_months <= 0) return;
    const std::int64_t now = now_ms();
    std::int64_t last = m_last_erasure_sweep_ms.load();
    if ((!now_regardless && now - last < 60 * 60 * 1000) || !m_last_erasure_sweep_ms.compare_exchange_strong(last, now)) return;
    const std::int64_t month_ms = 30LL * 24 * 60 * 60 * 1000;
    auto erased = m_storage.erase_contacts_closed_before(now - m_config.erase_contact_months * month_ms, now);
    if (!erased) {
        m_last_erasure_sweep_ms = last;   // try again with the next request
        log_line("error", "contact erasure failed", {{"error", erased.error().describe()}});
    } else if (erased.value() > 0) {
        log_line("info", "contacts erased after closure", {{"cards", static_cast<long long>(erased.value())}});
    }
}

void Api::erase_contact(Context& c) {
    const std::string& card_id = c.params["uuid"];
    auto erased = m_storage.erase_contact(card_id, c.session->username, "on_request", now_ms());
    if (!erased) return c.error(500, code::internal, "the store could not be written");
    if (!erased.value()) {
        auto when = m_storage.contact_erased_at(card_id);
        if (when && when.value()) return c.error(409, code::conflict, "the card's contact details were already erased on " + format_utc_ms(*when.value()).substr(0, 10));
        return c.error(404, code::not_found, "no card has this id");
    }
    log_line("info", "contact erased on request", {{"card_id", card_id}, {"by", c.session->username}});
    c.send(200, protocol::ContactErasureReply{card_id, format_utc_ms(now_ms())});
}

void Api::put_account_themes(Context& c) {
    auto request = read_request<protocol::AccountThemesRequest>(c);
    if (!request) return;
    for (std::size_t i = 0; i < request->themes.size(); ++i)
        if (!m_programme.theme(request->themes[i]))
            return c.error(422, code::validation, "'" + request->themes[i] + "' is not one of the programme's themes",
                           "themes[" + std::to_string(i) + "]", "unknown_theme");
    auto stored = m_storage.set_account_themes(c.params["username"], request->themes);
    if (!stored) return c.error(500, code::internal, "the store could not be written");
    if (!stored.value()) return c.error(404, code::not_found, "no account has this user name");
    log_line("info", "account themes set", {{"username", c.params["username"]}, {"themes", static_cast<long long>(request->themes.size())}, {"by", c.session->username}});
    c.send(200, protocol::AccountThemesReply{c.params["username"], request->themes});
}

// [SECTION] Screening meetings (issue 14)

namespace {
protocol::MeetingReply meeting_reply(const MeetingRecord& r) {
    protocol::MeetingReply m;
    m.meeting_id = r.meeting.meeting_id;
    m.held_on = r.meeting.held_on;
    m.themes = r.meeting.themes;
    m.participants = r.meeting.participants;
    for (const AgendaItem& a : r.meeting.agenda) m.agenda.push_back({a.card_id, a.minutes});
    for (const CriterionScore& s : r.scores) m.scores.push_back({s.card_id, s.director, s.criterion, s.score, s.note});
    for (const MeetingDecision& d : r.decisions) m.decisions.push_back({d.card_id, d.decision, d.by, format_utc_ms(d.at_ms), d.yes, d.partly, d.no});
    m.revision = r.meeting.revision;
    return m;
}

bool contains_text(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}
} // namespace

void Api::create_meeting(Context& c) {
    auto request = read_request<protocol::MeetingRequest>(c);
    if (!request) return;
    if (!is_date(request->held_on)) return c.error(422, code::validation, "held_on must be the meeting's date, such as 2026-12-03", "held_on", "invalid_date");
    if (request->themes.empty()) return c.error(422, code::validation, "name at least one theme the meeting screens", "themes", "required");
    for (std::size_t i = 0; i < request->themes.size(); ++i)
        if (!m_programme.theme(request->themes[i]))
            return c.error(422, code::validation, "'" + request->themes[i] + "' is not one of the programme's themes", "themes[" + std::to_string(i) + "]", "unknown_theme");
    for (std::size_t i = 0; i < request->participants.size(); ++i) {
        auto user = m_storage.user_by_name(request->participants[i]);
        if (!user) return c.error(500, code::internal, "the store could not be read");
        const std::string field = "participants[" + std::to_string(i) + "]";
        if (!user.value()) return c.error(422, code::validation, "no account is called '" + request->participants[i] + "'", field, "unknown_account");
        if (user.value()->role != Role::Director)
            return c.error(422, code::validation, "'" + request->participants[i] + "' is not a director; only directors score in a meeting", field, "not_a_director");
    }
    Meeting meeting;
    for (std::size_t i = 0; i < request->agenda.size(); ++i) {
        const protocol::AgendaEntry& item = request->agenda[i];
        const std::string field = "agenda[" + std::to_string(i) + "]";
        if (item.minutes < 1 || item.minutes > 240)
            return c.error(422, code::validation, "a card's time box is 1 to 240 minutes", field + ".minutes", "out_of_range");
        auto card = m_storage.card_pipeline(item.card_id);
        if (!card) return c.error(500, code::internal, "the store could not be read");
        if (!card.value()) return c.error(422, code::validation, "no card has the id '" + item.card_id + "'", field + ".card_id", "unknown_card");
        const PipelinePosition& at = card.value()->position;
        if (at.state != CardState::InScreening)
            return c.error(422, code::validation, "card " + card.value()->receipt + " is " + std::string(to_string(at.state)) +
                                                      "; plan it for screening (plan_screening) before it goes on an agenda",
                           field + ".card_id", "not_in_screening");
        if (!contains_text(request->themes, at.theme))
            return c.error(422, code::validation, "card " + card.value()->receipt + " has the theme '" + at.theme + "', which the meeting does not screen",
                           field + ".card_id", "other_theme");
        for (const AgendaItem& earlier : meeting.agenda)
            if (earlier.card_id == item.card_id) return c.error(422, code::validation, "the card is on the agenda twice", field + ".card_id", "duplicate");
        meeting.agenda.push_back({item.card_id, static_cast<int>(item.minutes)});
    }
    meeting.meeting_id = idekort::to_string(new_uuid());
    meeting.held_on = request->held_on;
    meeting.themes = request->themes;
    meeting.participants = request->participants;
    meeting.created_by = c.session->username;
    meeting.created_ms = now_ms();
    if (auto s = m_storage.add_meeting(meeting); !s) return c.error(500, code::internal, "the meeting could not be stored");
    auto stored = m_storage.meeting(meeting.meeting_id);
    if (!stored || !stored.value()) return c.error(500, code::internal, "the store could not be read");
    log_line("info", "meeting planned", {{"meeting_id", meeting.meeting_id}, {"cards", static_cast<long long>(meeting.agenda.size())}, {"by", c.session->username}});
    c.send(201, meeting_with_cards(*stored.value()));
}

// The meeting in the path, for an account that may see it; answers itself otherwise.
std::optional<MeetingRecord> Api::meeting_for(Context& c) {
    auto found = m_storage.meeting(c.params["meeting"]);
    if (!found) {
        c.error(500, code::internal, "the store could not be read");
        return std::nullopt;
    }
    if (!found.value()) {
        c.error(404, code::not_found, "no meeting has this id");
        return std::nullopt;
    }
    if (c.session->role == Role::Director && !contains_text(found.value()->meeting.participants, c.session->username)) {
        c.error(403, code::forbidden, "you are not a participant of this meeting");
        return std::nullopt;
    }
    return std::move(*found.value());
}

protocol::MeetingReply Api::meeting_with_cards(const MeetingRecord& record) {
    protocol::MeetingReply reply = meeting_reply(record);
    // The directors score the card's text, and a director may not list cards: the agenda's cards
    // come with the meeting. Before a pitch nobody in the meeting sees who wrote it (issue 15), so
    // the contact part and the sender stay out. A card the store cannot read is left out; the
    // agenda still names it.
    for (const AgendaItem& item : record.meeting.agenda) {
        auto pipeline = m_storage.card_pipeline(item.card_id);
        if (!pipeline || !pipeline.value()) continue;
        auto stored = m_storage.card_by_receipt(pipeline.value()->receipt);
        if (!stored || !stored.value()) continue;
        // Read as a director reads it; the contact is stripped below whatever the card's state.
        protocol::StoredCardEntry entry = stored_card_entry(*stored.value(), Role::Director);
        entry.sender.clear();
        if (auto card = card_from_json(entry.card_json); card) {
            IdeaCard idea = std::move(card).value();
            idea.has_contact = false;
            idea.contact = {};
            entry.card_json = card_to_json(idea);
        } else {
            entry.card_json = "{}";
        }
        reply.cards.push_back(std::move(entry));
    }
    return reply;
}

// The meetings an account may see: every one for the central office and admin, a director's
// own (those they take part in). `from` keeps those held on that day or later.
void Api::list_meetings(Context& c) {
    MeetingQuery query;
    for (const auto& [name, value] : c.query) {
        if (name == "from") {
            if (!is_date(value)) return c.error(422, code::validation, "from must be a date such as 2026-12-03 (YYYY-MM-DD)", "from", "invalid_date");
            query.from = value;
        } else {
            return c.error(422, code::validation, "unknown query parameter '" + name + "'; this list takes only from", name, "unknown_parameter");
        }
    }
    if (c.session->role == Role::Director) query.participant = c.session->username;
    auto rows = m_storage.list_meetings(query);
    if (!rows) return c.error(500, code::internal, "the store could not be read");
    protocol::MeetingListReply reply;
    for (const MeetingSummaryRow& row : rows.value())
        reply.meetings.push_back({row.meeting.meeting_id, row.meeting.held_on, row.meeting.themes, row.meeting.participants,
                                  row.agenda_cards, row.decided_cards, row.meeting.revision});
    c.send(200, reply);
}

void Api::get_meeting(Context& c) {
    const auto meeting = meeting_for(c);
    if (!meeting) return;
    c.send(200, meeting_with_cards(*meeting));
}

namespace {
// Scores and decisions are taken only for the cards a meeting has on its agenda.
bool on_agenda(const Meeting& meeting, const std::string& card_id) {
    for (const AgendaItem& a : meeting.agenda)
        if (a.card_id == card_id) return true;
    return false;
}
} // namespace

void Api::put_meeting_scores(Context& c) {
    const auto meeting = meeting_for(c);
    if (!meeting) return;
    const std::string& card_id = c.params["uuid"];
    if (!on_agenda(meeting->meeting, card_id)) return c.error(404, code::not_found, "the card is not on this meeting's agenda");
    auto request = read_request<protocol::ScoresRequest>(c);
    if (!request) return;
    auto card = m_storage.card_pipeline(card_id);
    if (!card || !card.value()) return c.error(500, code::internal, "the store could not be read");
    const PipelinePosition& at = card.value()->position;
    const auto actor = pipeline_actor(c);
    if (!actor) return;
    if (!contains_text(actor->themes, at.theme))
        return c.error(403, protocol::error_code::not_your_theme, "you do not answer for the theme '" + at.theme + "'");
    if (at.state != CardState::InScreening)
        return c.error(409, protocol::error_code::wrong_state, "the card is " + std::string(to_string(at.state)) + "; scores are taken while it is in screening");
    const ProgrammeTheme* theme = m_programme.theme(at.theme);
    std::vector<CriterionScore> scores;
    for (std::size_t i = 0; i < request->scores.size(); ++i) {
        const protocol::ScoreEntry& s = request->scores[i];
        const std::string field = "scores[" + std::to_string(i) + "]";
        bool known = false;
        for (const NamedItem& general : m_programme.criteria) known = known || general.id == s.criterion;
        if (theme)
            for (const NamedItem& own : theme->scoring_criteria) known = known || own.id == s.criterion;
        if (!known) return c.error(422, code::validation, "'" + s.criterion + "' is neither a general criterion nor one of the theme's", field + ".criterion", "unknown_criterion");
        if (s.score != "yes" && s.score != "partly" && s.score != "no")
            return c.error(422, code::validation, "score must be yes, partly or no", field + ".score", "unknown_score");
        if (!text::is_valid_utf8(s.note) || text::count_characters(s.note) > 2000)
            return c.error(422, code::validation, "note must be valid text of at most 2000 characters", field + ".note", "invalid_text");
        for (const CriterionScore& earlier : scores)
            if (earlier.criterion == s.criterion) return c.error(422, code::validation, "the criterion is scored twice", field + ".criterion", "duplicate");
        scores.push_back({card_id, c.session->username, s.criterion, s.score, std::string(text::trim(s.note)), now_ms()});
    }
    auto revision = m_storage.put_scores(meeting->meeting.meeting_id, card_id, c.session->username, scores);
    if (!revision) return c.error(500, code::internal, "the scores could not be stored");
    c.send(200, protocol::ScoresReply{revision.value()});
}

void Api::post_meeting_decision(Context& c) {
    const auto meeting = meeting_for(c);
    if (!meeting) return;
    const std::string& card_id = c.params["uuid"];
    if (!on_agenda(meeting->meeting, card_id)) return c.error(404, code::not_found, "the card is not on this meeting's agenda");
    auto request = read_request<protocol::TransitionRequest>(c);
    if (!request) return;
    if (request->action != to_string(PipelineAction::InviteToPitch) && request->action != to_string(PipelineAction::AskForMore) &&
        request->action != to_string(PipelineAction::Close))
        return c.error(422, code::validation, "a meeting decides invite_to_pitch, ask_for_more or close", "action", "not_a_decision");
    run_transition(c, card_id, *request, meeting->meeting.meeting_id);
}


// [SECTION] The dashboard (issue 14)

void Api::get_dashboard(Context& c) {
    int year = std::stoi(format_utc_ms(now_ms()).substr(0, 4));
    std::string theme, format = "json";
    for (const auto& [name, value] : c.query) {
        if (name == "year") {
            if (value.size() != 4 || value.find_first_not_of("0123456789") != std::string::npos)
                return c.error(400, code::validation, "year must be a year such as 2026", "year", "invalid_year");
            year = std::stoi(value);
        } else if (name == "theme") {
            if (!m_programme.theme(value)) return c.error(400, code::validation, "theme '" + value + "' is not a theme of the programme", "theme", "unknown_theme");
            theme = value;
        } else if (name == "format") {
            if (value != "json" && value != "csv") return c.error(400, code::validation, "format must be json or csv", "format", "unknown_format");
            format = value;
        } else {
            return c.error(400, code::validation, "unknown query parameter '" + name + "'", name, "unknown_parameter");
        }
    }
    const auto actor = pipeline_actor(c);
    if (!actor) return;
    // The themes the asker may see: a director's own, the rest every theme; narrowed by ?theme=.
    std::vector<const ProgrammeTheme*> themes;
    for (const ProgrammeTheme& t : m_programme.themes) {
        if (actor->role == Role::Director && std::find(actor->themes.begin(), actor->themes.end(), t.id) == actor->themes.end()) continue;
        if (!theme.empty() && t.id != theme) continue;
        themes.push_back(&t);
    }
    if (!theme.empty() && themes.empty())
        return c.error(403, code::forbidden, "you do not answer for the theme '" + theme + "'; a director sees the dashboard of their own themes");
    DashboardQuery query;
    const auto from = parse_utc_ms(std::to_string(year) + "-01-01T00:00:00Z");
    const auto to = parse_utc_ms(std::to_string(year + 1) + "-01-01T00:00:00Z");
    if (!from || !to) return c.error(400, code::validation, "year must be a year such as 2026", "year", "invalid_year");
    query.year = year;
    if (actor->role == Role::Director || !theme.empty()) {
        query.themes.emplace();
        for (const ProgrammeTheme* t : themes) query.themes->push_back(t->id);
    }
    const std::int64_t now = now_ms();
    query.waiting_before_ms = waiting_before_ms();
    auto facts = m_storage.dashboard(query);
    if (!facts) {
        log_line("error", "dashboard not read", {{"error", facts.error().describe()}});
        return c.error(500, code::internal, "the store could not be read");
    }
    auto ledger = m_storage.ledger(year);
    if (!ledger) return c.error(500, code::internal, "the store could not be read");
    const protocol::DashboardReply reply = dashboard_reply(facts.value(), themes, ledger.value(), year, m_programme.waiting_days, now);
    if (format == "json") return c.send(200, reply);
    ApiResponse r{200, "text/csv; charset=utf-8", dashboard_csv(reply), {}, {}};
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"idekort-dashboard-" + std::to_string(year) + ".csv\"");
    c.reply(std::move(r));
}

// [SECTION] Sparring and advice (issue 14)

// The card exists and the asker may work on it: the office every card, a director the cards of
// the themes they answer for. Answers the request when not.
bool Api::sparring_card_allowed(Context& c, const std::string& card_id) {
    if (!parse_uuid(card_id)) {
        c.error(400, code::validation, "the path must name a card by its id, a lower-case UUID v4", "id", "invalid_id");
        return false;
    }
    auto card = m_storage.card_pipeline(card_id);
    if (!card) {
        c.error(500, code::internal, "the store could not be read");
        return false;
    }
    if (!card.value()) {
        c.error(404, code::not_found, "no card has this id");
        return false;
    }
    const auto actor = pipeline_actor(c);
    if (!actor) return false;
    const std::string& theme = card.value()->position.theme;
    if (actor->role == Role::Director && std::find(actor->themes.begin(), actor->themes.end(), theme) == actor->themes.end()) {
        c.error(403, protocol::error_code::not_your_theme, "the card's theme '" + theme + "' is not one you answer for");
        return false;
    }
    return true;
}

void Api::send_sparring(Context& c, int status, const std::string& card_id) {
    auto record = m_storage.sparring(card_id);
    if (!record) return c.error(500, code::internal, "the store could not be read");
    if (!record.value()) return c.error(404, code::not_found, "no card has this id");
    protocol::SparringReply reply;
    reply.card_id = card_id;
    if (const auto& p = record.value()->partner)
        reply.partner = protocol::SparringPartner{p->account, p->role, p->name, p->organisation, p->set_by, format_utc_ms(p->set_ms)};
    for (const StoredAdvice& a : record.value()->advice)
        reply.advice.push_back({a.given_on, a.agreed, a.next_step, a.by, format_utc_ms(a.at_ms)});
    c.send(status, reply);
}

void Api::get_sparring(Context& c) {
    const std::string card_id = c.params["uuid"];
    if (!sparring_card_allowed(c, card_id)) return;
    send_sparring(c, 200, card_id);
}

void Api::put_sparring_partner(Context& c) {
    const std::string card_id = c.params["uuid"];
    auto request = read_request<protocol::SparringPartnerRequest>(c);
    if (!request) return;
    if (!sparring_card_allowed(c, card_id)) return;
    const std::string account(text::trim(request->account)), name(text::trim(request->name)), organisation(text::trim(request->organisation));
    if (account.empty() == name.empty())
        return c.error(422, code::validation, "name the sparring partner either by account (a user name) or by name (a person without an account), not both",
                       account.empty() ? "account" : "name", "one_of");
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"name", &name}, {"organisation", &organisation}})
        if (!text::is_valid_utf8(*value) || text::count_characters(*value) > 200)
            return c.error(422, code::validation, std::string(field) + " must be valid text of at most 200 characters", field, "invalid_text");
    StoredSparringPartner partner{account, "", name, organisation, c.session->username, now_ms()};
    if (!account.empty()) {
        auto user = m_storage.user_by_name(account);
        if (!user) return c.error(500, code::internal, "the store could not be read");
        if (!user.value()) return c.error(422, code::validation, "no account has the user name '" + account + "'", "account", "unknown_account");
    }
    auto stored = m_storage.set_sparring_partner(card_id, partner);
    if (!stored) return c.error(500, code::internal, "the sparring partner could not be stored; nothing changed, try again");
    if (!stored.value()) return c.error(404, code::not_found, "no card has this id");
    log_line("info", "sparring partner set", {{"card_id", card_id}, {"by", c.session->username}});
    send_sparring(c, 200, card_id);
}

void Api::post_advice(Context& c) {
    const std::string card_id = c.params["uuid"];
    auto request = read_request<protocol::AdviceEntry>(c);
    if (!request) return;
    if (!sparring_card_allowed(c, card_id)) return;
    if (!is_date(request->given_on))
        return c.error(422, code::validation, "given_on is the date the advice was given, such as 2026-11-30", "given_on", "invalid_date");
    const std::string agreed(text::trim(request->agreed)), next_step(text::trim(request->next_step));
    if (agreed.empty()) return c.error(422, code::validation, "agreed: write what was agreed", "agreed", "required");
    if (!check_optional_texts(c, {{"agreed", &agreed}, {"next_step", &next_step}})) return;
    auto stored = m_storage.add_advice(card_id, StoredAdvice{request->given_on, agreed, next_step, c.session->username, now_ms()});
    if (!stored) return c.error(500, code::internal, "the advice could not be stored; nothing changed, try again");
    if (!stored.value()) return c.error(404, code::not_found, "no card has this id");
    log_line("info", "advice logged", {{"card_id", card_id}, {"by", c.session->username}});
    send_sparring(c, 201, card_id);
}

} // namespace idekort::server
