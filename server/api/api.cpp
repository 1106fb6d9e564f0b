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
#include "server/api/workshop_api.h"
#include "server/http/http_server.h"
#include "common/rfc3339.h"

#include <sys/statvfs.h>

#include <cctype>
#include <map>
#include <memory>

namespace idekort::server {

namespace {

const std::vector<Role> every_role{};
const std::vector<Role> admin_only{Role::Admin};
const std::vector<Role> card_readers{Role::Admin, Role::Triage};

namespace code = protocol::error_code;

protocol::ErrorReply error_reply(std::string_view error, std::string_view message, std::string_view field = {}, std::string_view rule = {}) {
    protocol::ErrorReply e;
    e.error = std::string(error);
    e.message = std::string(message);
    e.field = std::string(field);
    e.rule = std::string(rule);
    return e;
}

std::string error_body(std::string_view error, std::string_view message, std::string_view field = {}, std::string_view rule = {}) {
    return protocol::to_json(error_reply(error, message, field, rule));
}

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
        {{"GET", route::cards, Access::Session, card_readers}, &Api::list_cards},
        {{"GET", route::cards_export, Access::Session, card_readers}, &Api::export_cards},
    };
    return table;
}

const std::vector<RouteInfo>& Api::routes() {
    static const std::vector<RouteInfo> infos = [] {
        std::vector<RouteInfo> out;
        for (const Route& r : route_table()) out.push_back(r.info);
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
    if (m_workshops && WorkshopApi::owns(request.target)) return m_workshops->handle(request, std::move(respond));
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

// New cards stop at the free-disk floor, while the store still works: a clear 503 that clients
// retry later, instead of SQLite failing mid-batch for everyone.
bool Api::store_has_room(Context& c) {
    const auto free = free_disk_bytes();
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
    item.body = card_to_json(card);
    item.sender = c.sender;
    item.received_ms = now_ms();
    c.answered = true; // the completion answers, possibly on the writer's thread
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
    c.send(200, protocol::CardStatusReply{card.receipt, card.state, {}, std::nullopt});
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
    auto later = [this, request, respond = c.respond, route = c.route, params = c.params, session = c.session, work = std::move(work)] {
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
template <class Fail>
std::optional<CardFilter> read_filter(const std::map<std::string, std::string>& query, bool paged, Fail&& fail) {
    CardFilter f;
    for (const auto& [name, value] : query) {
        if (name == "theme") f.theme = value;
        else if (name == "state") {
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
    return f;
}
} // namespace

void Api::list_cards(Context& c) {
    const auto filter = read_filter(c.query, true, [&](const std::string& f, const char* rule, const std::string& m) { c.error(400, code::validation, m, f, rule); });
    if (!filter) return;
    CardFilter probe = *filter;
    probe.limit = filter->limit + 1; // one more tells whether there is a next page
    auto cards = m_storage.list_cards(probe);
    if (!cards) return c.error(500, code::internal, "the store could not be read");
    const bool more = static_cast<int>(cards.value().size()) > filter->limit;
    if (more) cards.value().pop_back();
    protocol::CardListReply reply;
    for (const StoredCard& card : cards.value()) reply.cards.push_back(stored_card_entry(card));
    if (more) reply.next_cursor = std::to_string(cards.value().back().seq);
    c.send(200, reply);
}

void Api::export_cards(Context& c) {
    const auto format = c.query.count("format") ? c.query.at("format") : std::string("csv");
    if (format != "csv" && format != "json") return c.error(400, code::validation, "format must be csv or json", "format", "unknown_format");
    const auto filter = read_filter(c.query, false, [&](const std::string& f, const char* rule, const std::string& m) { c.error(400, code::validation, m, f, rule); });
    if (!filter) return;
    // Streamed a page at a time: never every card in memory, and the reader lock is held for one
    // page, not the whole export, so kiosks' cards and lookups go on meanwhile.
    struct Export {
        CardFilter filter;
        bool csv = true;
        bool started = false, finished = false;
        std::size_t cards = 0;
        std::string by;
    };
    auto state = std::make_shared<Export>();
    state->filter = *filter;
    state->filter.limit = 200;
    state->csv = format == "csv";
    state->by = c.session->username;
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
            piece += cards_csv_rows(page.value());
        } else {
            for (const StoredCard& card : page.value()) piece += (state->cards++ ? "," : "") + protocol::to_json(stored_card_entry(card));
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

} // namespace idekort::server
