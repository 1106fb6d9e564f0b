// API v1 handlers and router (see api.h).
#include "server/api/api.h"

#include "common/card_id.h"
#include "common/card_json.h"
#include "common/card_validation.h"
#include "common/json_guard.h"
#include "common/json_writer.h"
#include "common/text.h"
#include "server/api/card_export.h"
#include "server/api/crypto.h"
#include "server/http/http_server.h"
#include "server/time_format.h"

#include <rapidjson/document.h>

#include <map>
#include <memory>

namespace idekort::server {

namespace {

const std::vector<Role> every_role{};
const std::vector<Role> admin_only{Role::Admin};
const std::vector<Role> card_readers{Role::Admin, Role::Triage};

std::string error_body(std::string_view code, std::string_view message, std::string_view field = {}, std::string_view rule = {}) {
    std::string body = "{\"error\":" + json::quote(code);
    if (!field.empty()) body += ",\"field\":" + json::quote(field);
    if (!rule.empty()) body += ",\"rule\":" + json::quote(rule);
    return body + ",\"message\":" + json::quote(message) + "}";
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

// The top-level fields in which two cards differ (the 409's "fields"). Contact values are
// never echoed, only the name "contact".
std::vector<std::string> card_differences(const IdeaCard& a, const IdeaCard& b) {
    std::vector<std::string> out;
    const auto check = [&](bool same, const char* name) { if (!same) out.emplace_back(name); };
    check(a.schema == b.schema, "schema");
    check(a.created_at == b.created_at, "created_at");
    check(a.updated_at == b.updated_at, "updated_at");
    check(a.language == b.language, "language");
    check(a.origin.channel == b.origin.channel && a.origin.device == b.origin.device && a.origin.workshop == b.origin.workshop, "origin");
    check(a.title == b.title, "title");
    check(a.theme == b.theme, "theme");
    check(a.challenge == b.challenge, "challenge");
    check(a.target_group == b.target_group, "target_group");
    check(a.idea == b.idea, "idea");
    check(a.gain.text == b.gain.text && a.gain.kinds == b.gain.kinds, "gain");
    check(a.departments == b.departments, "departments");
    check(a.partners == b.partners, "partners");
    check(a.first_test == b.first_test, "first_test");
    check(a.needs == b.needs, "needs");
    check(a.has_contact == b.has_contact && a.contact.name == b.contact.name && a.contact.workplace == b.contact.workplace &&
              a.contact.email == b.contact.email && a.contact.phone == b.contact.phone &&
              a.contact.consent_to_contact == b.contact.consent_to_contact,
          "contact");
    return out;
}

std::string json_string_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json::quote(items[i]);
    return out + "]";
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding for query values ('+' is a space there); nullopt on a broken escape.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus_is_space) { out.push_back(' '); continue; }
        if (s[i] != '%') { out.push_back(s[i]); continue; }
        if (i + 2 >= s.size() || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 2]) < 0) return std::nullopt;
        out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
        i += 2;
    }
    return out;
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
    void json(int status, std::string body) { reply(ApiResponse{status, "application/json; charset=utf-8", std::move(body), {}, {}}); }
    void error(int status, std::string_view code, std::string_view message, std::string_view field = {}, std::string_view rule = {}) {
        json(status, error_body(code, message, field, rule));
    }
    void too_many(int retry_after, std::string_view code, std::string_view message) {
        ApiResponse r{429, "application/json; charset=utf-8", error_body(code, message), {}, {}};
        r.headers.emplace_back("Retry-After", std::to_string(retry_after));
        reply(std::move(r));
    }
};

const std::vector<Api::Route>& Api::route_table() {
    static const std::vector<Route> table = {
        {{"GET", "/healthz", Access::Public, {}}, &Api::healthz},
        {{"GET", "/metrics", Access::Public, {}}, &Api::metrics},
        {{"PUT", "/api/v1/cards/{uuid}", Access::Submitter, {}}, &Api::put_card},
        {{"GET", "/api/v1/status/{receipt}", Access::Public, {}}, &Api::card_status},
        {{"POST", "/api/v1/devices/enroll", Access::Public, {}}, &Api::enroll_device},
        {{"POST", "/api/v1/admin/login", Access::Public, {}}, &Api::login},
        {{"POST", "/api/v1/admin/logout", Access::Session, every_role}, &Api::logout},
        {{"GET", "/api/v1/admin/session", Access::Session, every_role}, &Api::session_info},
        {{"POST", "/api/v1/admin/enrollment-codes", Access::Session, admin_only}, &Api::create_enrollment_code},
        {{"GET", "/api/v1/admin/devices", Access::Session, admin_only}, &Api::list_devices},
        {{"POST", "/api/v1/admin/devices/{id}/revoke", Access::Session, admin_only}, &Api::revoke_device},
        {{"POST", "/api/v1/admin/users", Access::Session, admin_only}, &Api::create_user},
        {{"GET", "/api/v1/cards", Access::Session, card_readers}, &Api::list_cards},
        {{"GET", "/api/v1/cards/export", Access::Session, card_readers}, &Api::export_cards},
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
    return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/healthz" || path == "/metrics";
}

Api::Api(ApiConfig config, ProgrammeConfig programme, Storage& storage, IngestQueue& ingest, Metrics& metrics, Clock clock)
    : m_config(std::move(config)), m_programme(std::move(programme)), m_storage(storage), m_ingest(ingest),
      m_metrics(metrics), m_clock(std::move(clock)) {
    m_dummy_password_hash = crypto::hash_password(crypto::random_token(16));
}

std::int64_t Api::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(m_clock().time_since_epoch()).count();
}

void Api::handle(const ApiRequest& request, Respond respond) {
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
            auto name = url_decode(pair.substr(0, eq), true);
            auto value = url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
            if (!name || !value) return c.error(400, "validation", "the query has a broken %-escape", "query", "invalid_encoding");
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
                auto value = url_decode(segments[i], false);
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
        if (allowed.empty()) return c.error(404, "not_found", "no such API route");
        std::string allow;
        for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
        ApiResponse r{405, "application/json; charset=utf-8", error_body("method_not_allowed", "use " + allow), {}, {}};
        r.headers.emplace_back("Allow", allow);
        return c.reply(std::move(r));
    }
    const bool is_probe = c.route->info.pattern == "/healthz" || c.route->info.pattern == "/metrics";
    if (!is_probe && !within_limit(c, "ip:" + request.client_ip, m_config.per_ip)) return;
    if (c.route->info.access == Access::Submitter && !authenticate_submitter(c)) return;
    if (c.route->info.access == Access::Session && !authenticate_session(c, c.route->info.roles)) return;
    (this->*(c.route->handler))(c);
    if (!c.answered) c.error(500, "internal", "the handler gave no answer");
}

bool Api::within_limit(Context& c, const std::string& key, const RateLimit& limit) {
    const int wait = m_limiter.take(key, limit);
    if (wait == 0) return true;
    c.too_many(wait, "rate_limited", "too many requests; retry after " + std::to_string(wait) + " s");
    return false;
}

bool Api::authenticate_submitter(Context& c) {
    const std::string token = bearer_token(c.request.authorization);
    if (token.empty()) {
        c.error(401, "unauthorized", "send Authorization: Bearer <device token or submission key>");
        return false;
    }
    for (const std::string& key : m_config.submission_keys) {
        if (crypto::constant_time_equal(token, key)) {
            c.sender = "key:" + crypto::token_hash(key).substr(0, 12);
            return within_limit(c, "sender:" + c.sender, m_config.per_key);
        }
    }
    auto device = m_storage.device_by_token_hash(crypto::token_hash(token));
    if (!device) {
        log_line("error", "device lookup failed", "\"error\":" + json::quote(device.error().describe()));
        c.error(500, "internal", "the store could not be read");
        return false;
    }
    if (!device.value()) {
        c.error(401, "unauthorized", "unknown device token or submission key");
        return false;
    }
    if (device.value()->revoked_ms) {
        c.error(403, "revoked", "this device was revoked by an administrator; enroll it again");
        return false;
    }
    c.sender = "device:" + device.value()->device_id;
    return within_limit(c, "sender:" + c.sender, m_config.per_device);
}

bool Api::authenticate_session(Context& c, const std::vector<Role>& roles) {
    const std::string token = bearer_token(c.request.authorization);
    if (token.empty()) {
        c.error(401, "unauthorized", "log in and send Authorization: Bearer <session token>");
        return false;
    }
    c.session_token_hash = crypto::token_hash(token);
    auto session = m_storage.session_by_token_hash(c.session_token_hash);
    if (!session) {
        log_line("error", "session lookup failed", "\"error\":" + json::quote(session.error().describe()));
        c.error(500, "internal", "the store could not be read");
        return false;
    }
    if (!session.value()) {
        c.error(401, "unauthorized", "unknown session token; log in again");
        return false;
    }
    if (session.value()->expires_ms <= now_ms()) {
        c.error(401, "session_expired", "the session has expired; log in again");
        return false;
    }
    bool allowed = roles.empty();
    for (Role r : roles) allowed = allowed || r == session.value()->role;
    if (!allowed) {
        std::string names;
        for (Role r : roles) names += (names.empty() ? "" : " or ") + std::string(to_string(r));
        c.error(403, "forbidden", "this needs the role " + names);
        return false;
    }
    c.session = session.value();
    return true;
}

// [SECTION] Probes

void Api::healthz(Context& c) {
    c.json(200, "{\"status\":\"ok\",\"server\":" + json::quote(server_identity) + "}");
}

void Api::metrics(Context& c) {
    c.reply(ApiResponse{200, "text/plain; version=0.0.4; charset=utf-8", m_metrics.render(), {}, {}});
}

// [SECTION] Cards

void Api::put_card(Context& c) {
    const auto started = std::chrono::steady_clock::now();
    const std::string& path_id = c.params["uuid"];
    auto id = parse_uuid(path_id);
    if (!id) return c.error(400, "validation", "the path must end in the card's id, a lower-case UUID v4", "id", "invalid_id");
    JsonLimits limits;
    limits.max_bytes = max_request_body_bytes;
    auto parsed = card_from_json(c.request.body, limits);
    if (!parsed) {
        // The reader runs the JSON guard first; only on failure is it asked again which it was.
        if (auto guard = check_json(c.request.body, limits); !guard)
            return c.error(400, "invalid_json", guard.error().describe(), guard.error().where, "json");
        return c.error(422, "validation", parsed.error().describe(), parsed.error().where, "schema");
    }
    if (parsed.value().id != path_id)
        return c.error(400, "id_mismatch", "the card's id differs from the id in the path", "id", "id_mismatch");
    IdeaCard card = sanitise_card(std::move(parsed.value()));
    const auto problems = validate_card(card, m_programme, CardCheck::Complete);
    if (!problems.empty()) {
        std::string list = "[";
        for (std::size_t i = 0; i < problems.size(); ++i)
            list += std::string(i ? "," : "") + "{\"field\":" + json::quote(problems[i].field) + ",\"rule\":" +
                    json::quote(problems[i].rule) + ",\"message\":" + json::quote(describe_problem(problems[i])) + "}";
        list += "]";
        std::string body = error_body("validation", describe_problem(problems[0]), problems[0].field, problems[0].rule);
        body.insert(body.size() - 1, ",\"problems\":" + list);
        return c.json(422, std::move(body));
    }

    IngestItem item;
    item.card_id = card.id;
    item.receipt = receipt_code(id.value());
    item.theme = card.theme;
    item.body = card_to_json(card);
    item.sender = c.sender;
    item.received_ms = now_ms();
    c.answered = true; // the completion answers, possibly on the writer's thread
    auto respond = c.respond;
    const std::string route = c.route->info.method + " " + c.route->info.pattern;
    m_ingest.submit(std::move(item), [this, respond, route, started, card = std::move(card)](Expected<IngestOutcome> outcome) {
        ApiResponse r;
        r.route = route;
        if (!outcome) {
            log_line("error", "card not stored", "\"error\":" + json::quote(outcome.error().describe()));
            r.status = 500;
            r.body = error_body("internal", "the card could not be stored; send it again");
            return (*respond)(std::move(r));
        }
        const StoredCard& stored = outcome.value().stored;
        const auto envelope = [&](bool duplicate) {
            return "{\"card_id\":" + json::quote(stored.card_id) + ",\"receipt\":" + json::quote(stored.receipt) +
                   ",\"received_at\":" + json::quote(format_utc_ms(stored.received_ms)) +
                   ",\"duplicate\":" + (duplicate ? "true" : "false") + "}";
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
            const auto fields = before ? card_differences(before.value(), card) : std::vector<std::string>{"card"};
            std::string body = error_body("conflict", "a different card with this id was already received");
            body.insert(body.size() - 1, ",\"fields\":" + json_string_array(fields));
            r.status = 409;
            r.body = std::move(body);
            break;
        }
        case IngestResult::ReceiptTaken:
            r.status = 409;
            r.body = error_body("receipt_taken", "another card already has this card's receipt code; make the card a new id", "id", "receipt_taken");
            break;
        }
        m_metrics.observe_ingest_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        (*respond)(std::move(r));
    });
}

void Api::card_status(Context& c) {
    auto receipt = normalise_receipt_code(c.params["receipt"]);
    if (!receipt) return c.error(400, "validation", receipt.error().describe(), "receipt", "invalid_receipt");
    auto found = m_storage.card_by_receipt(receipt.value());
    if (!found) return c.error(500, "internal", "the store could not be read");
    if (!found.value()) return c.error(404, "not_found", "no card has this receipt code (yet)");
    const StoredCard& card = *found.value();
    c.json(200, "{\"receipt\":" + json::quote(card.receipt) + ",\"state\":" + json::quote(card.state) + ",\"theme\":" +
                    json::quote(card.theme) + ",\"received_at\":" + json::quote(format_utc_ms(card.received_ms)) + "}");
}

// [SECTION] Devices

namespace {
// A small JSON object body (enrollment, login, ...): guarded like a card, members read by name.
struct JsonBody {
    rapidjson::Document doc;
    Error error;
    bool ok = false;

    explicit JsonBody(const std::string& body) {
        JsonLimits limits;
        limits.max_bytes = max_request_body_bytes;
        limits.max_depth = 4;
        if (auto guard = check_json(body.empty() ? std::string_view("{}") : std::string_view(body), limits); !guard) {
            error = guard.error();
            return;
        }
        doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.empty() ? "{}" : body.c_str(),
                                                                                           body.empty() ? 2 : body.size());
        if (doc.HasParseError() || !doc.IsObject()) {
            error = Error{"expected a JSON object", "body"};
            return;
        }
        ok = true;
    }
    // The member as a string: nullopt when absent; `wrong_type` set when present but not a string.
    std::optional<std::string> string(const char* name, bool& wrong_type) const {
        const auto it = doc.FindMember(name);
        if (it == doc.MemberEnd() || it->value.IsNull()) return std::nullopt;
        if (!it->value.IsString()) { wrong_type = true; return std::nullopt; }
        return std::string(it->value.GetString(), it->value.GetStringLength());
    }
};

// Reads required string members into `out`, answering 400/422 itself when one is missing.
template <class Reply>
bool read_strings(const JsonBody& body, std::initializer_list<std::pair<const char*, std::string*>> members, Reply&& error) {
    if (!body.ok) { error(400, "invalid_json", body.error.describe(), "", "json"); return false; }
    for (const auto& [name, out] : members) {
        bool wrong_type = false;
        auto value = body.string(name, wrong_type);
        if (wrong_type) { error(422, "validation", std::string(name) + " must be a string", name, "type"); return false; }
        if (!value || text::trim(*value).empty()) { error(422, "validation", std::string(name) + " is required", name, "required"); return false; }
        if (!text::is_valid_utf8(*value) || value->size() > 1024) { error(422, "validation", std::string(name) + " is not valid text of at most 1024 bytes", name, "invalid_text"); return false; }
        *out = *value;
    }
    return true;
}

std::string device_json(const Device& d) {
    return "{\"device_id\":" + json::quote(d.device_id) + ",\"name\":" + json::quote(d.name) + ",\"enrolled_at\":" +
           json::quote(format_utc_ms(d.enrolled_ms)) + ",\"revoked_at\":" +
           (d.revoked_ms ? json::quote(format_utc_ms(*d.revoked_ms)) : "null") + ",\"cards\":" + std::to_string(d.cards) + "}";
}
} // namespace

void Api::enroll_device(Context& c) {
    if (!within_limit(c, "enroll:" + c.request.client_ip, m_config.enrollments_per_ip)) return;
    const JsonBody body(c.request.body);
    std::string code, name;
    const auto fail = [&](int s, std::string_view e, const std::string& m, std::string_view f, std::string_view r) { c.error(s, e, m, f, r); };
    if (!read_strings(body, {{"code", &code}, {"name", &name}}, fail)) return;
    name = std::string(text::trim(text::strip_control_characters(name, false)));
    if (text::count_characters(name) > 100) return c.error(422, "validation", "name is longer than 100 characters", "name", "too_long");
    Device device;
    device.device_id = idekort::to_string(new_uuid());
    device.name = name;
    const std::string token = crypto::random_token();
    auto result = m_storage.enroll_device(crypto::token_hash(crypto::normalise_enrollment_code(code)), now_ms(), device,
                                          crypto::token_hash(token));
    if (!result) {
        log_line("error", "enrollment failed", "\"error\":" + json::quote(result.error().describe()));
        return c.error(500, "internal", "the device could not be stored");
    }
    switch (result.value()) {
    case EnrollResult::Enrolled:
        log_line("info", "device enrolled", "\"device_id\":" + json::quote(device.device_id));
        return c.json(201, "{\"device_id\":" + json::quote(device.device_id) + ",\"token\":" + json::quote(token) + "}");
    case EnrollResult::InvalidCode: return c.error(401, "invalid_code", "no such enrollment code");
    case EnrollResult::ExpiredCode: return c.error(401, "expired_code", "the enrollment code has expired; ask for a new one");
    case EnrollResult::UsedCode: return c.error(401, "used_code", "the enrollment code was already used; ask for a new one");
    }
}

void Api::create_enrollment_code(Context& c) {
    const JsonBody body(c.request.body);
    if (!body.ok) return c.error(400, "invalid_json", body.error.describe(), "", "json");
    std::optional<std::int64_t> expires;
    const auto it = body.doc.FindMember("lifetime_minutes");
    if (it != body.doc.MemberEnd() && !it->value.IsNull()) {
        if (!it->value.IsInt64() || it->value.GetInt64() < 1 || it->value.GetInt64() > 60 * 24 * 90)
            return c.error(422, "validation", "lifetime_minutes must be a whole number from 1 to 129600 (90 days)", "lifetime_minutes", "out_of_range");
        expires = now_ms() + it->value.GetInt64() * 60 * 1000;
    }
    const std::string code = crypto::random_enrollment_code();
    if (auto s = m_storage.add_enrollment_code(crypto::token_hash(crypto::normalise_enrollment_code(code)), now_ms(), expires,
                                               c.session->username);
        !s)
        return c.error(500, "internal", "the code could not be stored");
    c.json(201, "{\"code\":" + json::quote(code) + ",\"expires_at\":" + (expires ? json::quote(format_utc_ms(*expires)) : "null") + "}");
}

void Api::list_devices(Context& c) {
    auto devices = m_storage.list_devices();
    if (!devices) return c.error(500, "internal", "the store could not be read");
    std::string body = "{\"devices\":[";
    for (std::size_t i = 0; i < devices.value().size(); ++i) body += (i ? "," : "") + device_json(devices.value()[i]);
    c.json(200, body + "]}");
}

void Api::revoke_device(Context& c) {
    auto device = m_storage.revoke_device(c.params["id"], now_ms());
    if (!device) return c.error(500, "internal", "the store could not be written");
    if (!device.value()) return c.error(404, "not_found", "no such device");
    log_line("info", "device revoked", "\"device_id\":" + json::quote(device.value()->device_id) + ",\"by\":" + json::quote(c.session->username));
    c.json(200, device_json(*device.value()));
}

// [SECTION] Administrator accounts

void Api::login(Context& c) {
    if (!within_limit(c, "login:" + c.request.client_ip, m_config.logins_per_ip)) return;
    const JsonBody body(c.request.body);
    std::string username, password;
    const auto fail = [&](int s, std::string_view e, const std::string& m, std::string_view f, std::string_view r) { c.error(s, e, m, f, r); };
    if (!read_strings(body, {{"username", &username}, {"password", &password}}, fail)) return;
    auto user = m_storage.user_by_name(username);
    if (!user) return c.error(500, "internal", "the store could not be read");
    const std::int64_t now = now_ms();
    if (user.value() && user.value()->locked_until_ms > now) {
        const int wait = static_cast<int>((user.value()->locked_until_ms - now + 999) / 1000);
        return c.too_many(wait, "locked", "too many failed logins; the account is locked for " + std::to_string(wait) + " s");
    }
    const bool ok = crypto::verify_password(user.value() ? user.value()->password_hash : m_dummy_password_hash, password);
    if (!user.value() || !ok) {
        if (user.value()) {
            int failed = user.value()->failed_logins + 1;
            std::int64_t locked_until = 0;
            if (failed >= m_config.max_failed_logins) {
                locked_until = now + std::chrono::duration_cast<std::chrono::milliseconds>(m_config.lockout).count();
                failed = 0;
                log_line("warn", "account locked", "\"username\":" + json::quote(username));
            }
            m_storage.record_login_failure(user.value()->user_id, failed, locked_until);
        }
        return c.error(401, "invalid_credentials", "wrong user name or password");
    }
    m_storage.record_login_success(user.value()->user_id);
    const std::string token = crypto::random_token();
    const std::int64_t expires = now + std::chrono::duration_cast<std::chrono::milliseconds>(m_config.session_lifetime).count();
    if (auto s = m_storage.add_session(crypto::token_hash(token), user.value()->user_id, now, expires); !s)
        return c.error(500, "internal", "the session could not be stored");
    c.json(200, "{\"token\":" + json::quote(token) + ",\"expires_at\":" + json::quote(format_utc_ms(expires)) +
                    ",\"username\":" + json::quote(user.value()->username) + ",\"role\":" + json::quote(to_string(user.value()->role)) + "}");
}

void Api::logout(Context& c) {
    if (auto s = m_storage.delete_session(c.session_token_hash); !s) return c.error(500, "internal", "the session could not be ended");
    c.json(200, "{\"status\":\"logged_out\"}");
}

void Api::session_info(Context& c) {
    c.json(200, "{\"username\":" + json::quote(c.session->username) + ",\"role\":" + json::quote(to_string(c.session->role)) +
                    ",\"expires_at\":" + json::quote(format_utc_ms(c.session->expires_ms)) + "}");
}

void Api::create_user(Context& c) {
    const JsonBody body(c.request.body);
    std::string username, password, role_name;
    const auto fail = [&](int s, std::string_view e, const std::string& m, std::string_view f, std::string_view r) { c.error(s, e, m, f, r); };
    if (!read_strings(body, {{"username", &username}, {"password", &password}, {"role", &role_name}}, fail)) return;
    const auto role = parse_role(role_name);
    if (!role) return c.error(422, "validation", "role must be admin, triage, director or facilitator", "role", "unknown_role");
    if (auto problem = check_new_account(username, password); !problem)
        return c.error(422, "validation", problem.error().message, problem.error().where, "weak_or_invalid");
    AdminUser user;
    user.username = username;
    user.role = *role;
    user.password_hash = crypto::hash_password(password);
    if (user.password_hash.empty()) return c.error(500, "internal", "the password could not be hashed");
    auto created = m_storage.create_user(user);
    if (!created) return c.error(500, "internal", "the account could not be stored");
    if (!created.value()) return c.error(409, "username_taken", "an account with this user name exists", "username", "taken");
    log_line("info", "account created", "\"username\":" + json::quote(username) + ",\"role\":" + json::quote(role_name) + ",\"by\":" + json::quote(c.session->username));
    c.json(201, "{\"username\":" + json::quote(username) + ",\"role\":" + json::quote(role_name) + "}");
}

Status check_new_account(const std::string& username, const std::string& password) {
    if (username.empty() || username.size() > 64) return Error{"the user name must have 1 to 64 characters", "username"};
    for (char ch : username)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return Error{"the user name may only use a-z, 0-9, '.', '_' and '-'", "username"};
    if (text::count_characters(password) < 12) return Error{"the password must have at least 12 characters", "password"};
    if (password.size() > 1024) return Error{"the password is longer than 1024 bytes", "password"};
    return {};
}

// [SECTION] Lists and exports

namespace {
template <class Fail>
std::optional<CardFilter> read_filter(const std::map<std::string, std::string>& query, bool paged, Fail&& fail) {
    CardFilter f;
    for (const auto& [name, value] : query) {
        if (name == "theme") f.theme = value;
        else if (name == "state") f.state = value;
        else if (name == "since" || name == "until") {
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
    const auto filter = read_filter(c.query, true, [&](const std::string& f, const char* rule, const std::string& m) { c.error(400, "validation", m, f, rule); });
    if (!filter) return;
    CardFilter probe = *filter;
    probe.limit = filter->limit + 1; // one more tells whether there is a next page
    auto cards = m_storage.list_cards(probe);
    if (!cards) return c.error(500, "internal", "the store could not be read");
    const bool more = static_cast<int>(cards.value().size()) > filter->limit;
    if (more) cards.value().pop_back();
    std::string body = "{\"cards\":[";
    for (std::size_t i = 0; i < cards.value().size(); ++i) body += (i ? "," : "") + stored_card_json(cards.value()[i]);
    body += "],\"next_cursor\":";
    body += more ? json::quote(std::to_string(cards.value().back().seq)) : "null";
    c.json(200, body + "}");
}

void Api::export_cards(Context& c) {
    const auto format = c.query.count("format") ? c.query.at("format") : std::string("csv");
    if (format != "csv" && format != "json") return c.error(400, "validation", "format must be csv or json", "format", "unknown_format");
    const auto filter = read_filter(c.query, false, [&](const std::string& f, const char* rule, const std::string& m) { c.error(400, "validation", m, f, rule); });
    if (!filter) return;
    auto cards = m_storage.list_cards(*filter);
    if (!cards) return c.error(500, "internal", "the store could not be read");
    log_line("info", "cards exported", "\"format\":" + json::quote(format) + ",\"cards\":" + std::to_string(cards.value().size()) + ",\"by\":" + json::quote(c.session->username));
    ApiResponse r;
    if (format == "csv") {
        r.content_type = "text/csv; charset=utf-8";
        r.body = cards_csv(cards.value());
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"idekort-cards.csv\"");
    } else {
        r.body = "{\"cards\":[";
        for (std::size_t i = 0; i < cards.value().size(); ++i) r.body += (i ? "," : "") + stored_card_json(cards.value()[i]);
        r.body += "]}";
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"idekort-cards.json\"");
    }
    c.reply(std::move(r));
}

} // namespace idekort::server
