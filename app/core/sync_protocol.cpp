// The sync protocol's requests and the meaning of its answers (see sync_protocol.h).
#include "app/core/sync_protocol.h"

#include "common/json_guard.h"
#include "common/json_writer.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace idekort::sync {

namespace {

// Envelopes are small; anything larger is not one of ours.
const JsonLimits envelope_limits = [] {
    JsonLimits l;
    l.max_bytes = 64 * 1024;
    l.max_depth = 4;
    return l;
}();

// The response body as a JSON object, or nothing (the guard runs before RapidJSON parses).
bool parse_object(const std::string& body, rapidjson::Document& doc) {
    if (!check_json(body, envelope_limits)) return false;
    doc.Parse(body.data(), body.size());
    return !doc.HasParseError() && doc.IsObject();
}

std::string string_member(const rapidjson::Value& object, const char* name) {
    const auto it = object.FindMember(name);
    return it != object.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                            : std::string();
}

// Retry-After in delta-seconds. The HTTP-date form is not used by our server; a proxy's date
// falls back to our own backoff. Clamped: a typo on the server must not park a kiosk for days.
double retry_after(const HttpResponse& r) {
    const std::string v = r.header("retry-after");
    if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }) || v.size() > 6) return -1;
    return std::min(3600.0, std::strtod(v.c_str(), nullptr));
}

Outcome transient(std::string code, std::string message, double wait = -1) {
    Outcome o;
    o.kind = OutcomeKind::Transient;
    o.code = std::move(code);
    o.message = std::move(message);
    o.retry_after_seconds = wait;
    return o;
}

} // namespace

std::string join_url(std::string_view base, std::string_view path) {
    std::string url(base);
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url + std::string(path);
}

HttpRequest card_request(std::string_view base_url, std::string_view card_id, std::string card_json,
                         std::string_view bearer_token, double timeout_seconds) {
    HttpRequest r;
    r.method = "PUT";
    r.url = join_url(base_url, "/api/v1/cards/" + std::string(card_id));
    r.headers = {{"Content-Type", "application/json; charset=utf-8"},
                 {"Authorization", "Bearer " + std::string(bearer_token)}};
    r.body = std::move(card_json);
    r.timeout_seconds = timeout_seconds;
    return r;
}

HttpRequest enroll_request(std::string_view base_url, std::string_view code, std::string_view device_name,
                           double timeout_seconds) {
    HttpRequest r;
    r.method = "POST";
    r.url = join_url(base_url, "/api/v1/devices/enroll");
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = "{\"code\":" + json::quote(code) + ",\"name\":" + json::quote(device_name) + "}";
    r.timeout_seconds = timeout_seconds;
    return r;
}

HttpRequest health_request(std::string_view base_url, double timeout_seconds) {
    HttpRequest r;
    r.method = "GET";
    r.url = join_url(base_url, "/healthz");
    r.timeout_seconds = timeout_seconds;
    return r;
}

bool from_our_server(const HttpResponse& response) {
    return response.status != 0 && response.header(identity_header).rfind(identity_prefix, 0) == 0;
}

Outcome classify_card_response(const HttpResponse& response, std::string_view card_id) {
    if (response.status == 0) return transient("network", response.network_error);
    if (!from_our_server(response))
        return transient("not_our_server", "HTTP " + std::to_string(response.status) + " without the idekort-server header",
                         response.status == 429 || response.status == 503 ? retry_after(response) : -1);
    rapidjson::Document doc;
    const bool envelope = parse_object(response.body, doc);
    const int s = response.status;
    if (s == 200 || s == 201) {
        Outcome o;
        if (!envelope) return transient("bad_envelope", "HTTP " + std::to_string(s) + " without a JSON envelope");
        o.receipt = string_member(doc, "receipt");
        o.received_at = string_member(doc, "received_at");
        const std::string echoed = string_member(doc, "card_id");
        if (o.receipt.empty() || echoed != card_id)
            return transient("bad_envelope", "HTTP " + std::to_string(s) + " envelope without this card's receipt");
        const auto dup = doc.FindMember("duplicate");
        o.duplicate = dup != doc.MemberEnd() && dup->value.IsBool() && dup->value.GetBool();
        o.kind = OutcomeKind::Received;
        return o;
    }
    Outcome o;
    o.code = envelope ? string_member(doc, "error") : std::string();
    if (o.code.empty()) o.code = "http_" + std::to_string(s);
    o.message = envelope ? string_member(doc, "message") : std::string();
    o.retry_after_seconds = retry_after(response);
    if (s == 409) {
        o.kind = OutcomeKind::Conflict;
        if (envelope)
            if (const auto f = doc.FindMember("fields"); f != doc.MemberEnd() && f->value.IsArray())
                for (const auto& v : f->value.GetArray())
                    if (v.IsString()) o.fields.emplace_back(v.GetString(), v.GetStringLength());
        return o;
    }
    if (s == 400 || s == 413 || s == 422) {
        o.kind = OutcomeKind::Rejected;
        if (envelope) {
            o.field = string_member(doc, "field");
            o.rule = string_member(doc, "rule");
        }
        return o;
    }
    if (s == 401 || s == 403) {
        o.kind = OutcomeKind::CredentialRejected;
        return o;
    }
    // 5xx, 429, 408, and a 404/405 from a server deployed without this route: nothing is wrong
    // with the card, so it waits for the server to be fixed.
    o.kind = OutcomeKind::Transient;
    return o;
}

Expected<Enrollment> parse_enroll_response(const HttpResponse& response) {
    if (response.status == 0) return Error{response.network_error, "network"};
    if (!from_our_server(response))
        return Error{"HTTP " + std::to_string(response.status) + " from something that is not idekort-server", "not_our_server"};
    rapidjson::Document doc;
    const bool envelope = parse_object(response.body, doc);
    if (response.status == 201 && envelope) {
        Enrollment e{string_member(doc, "device_id"), string_member(doc, "token")};
        if (!e.token.empty()) return e;
    }
    std::string code = envelope ? string_member(doc, "error") : std::string();
    std::string message = envelope ? string_member(doc, "message") : std::string();
    if (code.empty()) code = "http_" + std::to_string(response.status);
    if (message.empty()) message = "enrollment failed with HTTP " + std::to_string(response.status);
    return Error{message, code};
}

double backoff_ceiling(int attempt, double base_seconds, double cap_seconds) {
    const int doublings = std::clamp(attempt - 1, 0, 60);
    return std::min(cap_seconds, base_seconds * std::ldexp(1.0, doublings));
}

double full_jitter_delay(int attempt, double base_seconds, double cap_seconds, double unit_random) {
    return backoff_ceiling(attempt, base_seconds, cap_seconds) * std::clamp(unit_random, 0.0, 1.0);
}

} // namespace idekort::sync
