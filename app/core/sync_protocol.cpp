// The sync protocol's requests and the meaning of its answers (see sync_protocol.h).
#include "app/core/sync_protocol.h"

#include "common/json_guard.h"
#include "common/protocol/protocol.h"

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

// A reply of the protocol, read with the type the server wrote it with.
template <class Message>
Expected<Message> read_reply(const HttpResponse& r) {
    return protocol::from_json<Message>(r.body, envelope_limits);
}

// Headers every request of ours carries: the protocol version we speak.
std::vector<std::pair<std::string, std::string>> protocol_headers() {
    return {{protocol::protocol_header, std::to_string(protocol::version)}};
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

HttpRequest api_request(std::string method, std::string url, std::string_view bearer, std::string body,
                        double timeout_seconds) {
    HttpRequest r;
    r.method = std::move(method);
    r.url = std::move(url);
    r.headers = protocol_headers();
    if (!bearer.empty()) r.headers.emplace_back("Authorization", "Bearer " + std::string(bearer));
    if (!body.empty()) r.headers.emplace_back("Content-Type", protocol::json_content_type);
    r.body = std::move(body);
    r.timeout_seconds = timeout_seconds;
    return r;
}

HttpRequest card_request(std::string_view base_url, std::string_view card_id, std::string card_json,
                         std::string_view bearer_token, double timeout_seconds) {
    return api_request("PUT", join_url(base_url, protocol::path(protocol::route::card, card_id)), bearer_token,
                       std::move(card_json), timeout_seconds);
}

HttpRequest enroll_request(std::string_view base_url, std::string_view code, std::string_view device_name,
                           double timeout_seconds) {
    return api_request("POST", join_url(base_url, protocol::route::enroll), {},
                       protocol::to_json(protocol::EnrollRequest{std::string(code), std::string(device_name)}), timeout_seconds);
}

HttpRequest health_request(std::string_view base_url, double timeout_seconds) {
    return api_request("GET", join_url(base_url, protocol::route::health), {}, {}, timeout_seconds);
}

Status check_server_url(std::string_view url, bool allow_plain_http) {
    if (url.rfind("https://", 0) == 0 && url.size() > 8) return {};
    if (url.rfind("http://", 0) != 0)
        return Error{"expects a URL starting with https://, got '" + std::string(url) + "'", "server_url"};
    if (allow_plain_http) return {};
    std::string_view host = url.substr(7);
    host = host.substr(0, host.find_first_of("/?#"));
    if (const auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
    if (!host.empty() && host.front() == '[') host = host.substr(0, host.find(']') + 1);   // [::1]:8080
    else host = host.substr(0, host.find(':'));
    // 127.0.0.0/8 as an address literal only: "127.0.0.1.example.org" is a name like any other.
    const bool ipv4_loopback = host.rfind("127.", 0) == 0 && std::count(host.begin(), host.end(), '.') == 3 &&
                               std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
    const bool loopback = host == "localhost" || host == "[::1]" || ipv4_loopback;
    if (loopback) return {};
    return Error{"'" + std::string(url) + "' is plain http:// to another machine: cards and the device token would " +
                     "travel unencrypted. Use https://, or allow plain HTTP explicitly (--allow-http)",
                 "server_url"};
}

bool from_our_server(const HttpResponse& response) {
    static const std::string header = protocol::lower_case(protocol::identity_header);
    return response.status != 0 && response.header(header).rfind(protocol::identity_prefix, 0) == 0;
}

Outcome classify_card_response(const HttpResponse& response, std::string_view card_id) {
    if (response.status == 0) return transient("network", response.network_error);
    if (!from_our_server(response))
        return transient("not_our_server", "HTTP " + std::to_string(response.status) + " without the idekort-server header",
                         response.status == 429 || response.status == 503 ? retry_after(response) : -1);
    const int s = response.status;
    if (s == 200 || s == 201) {
        auto reply = read_reply<protocol::PutCardReply>(response);
        if (!reply) return transient("bad_envelope", "HTTP " + std::to_string(s) + " without a JSON envelope: " + reply.error().describe());
        if (reply.value().receipt.empty() || reply.value().card_id != card_id)
            return transient("bad_envelope", "HTTP " + std::to_string(s) + " envelope without this card's receipt");
        Outcome o;
        o.kind = OutcomeKind::Received;
        o.receipt = reply.value().receipt;
        o.received_at = reply.value().received_at;
        o.duplicate = reply.value().duplicate;
        return o;
    }
    // Any other status: the protocol's error reply, when the body is one.
    auto error = read_reply<protocol::ErrorReply>(response);
    Outcome o;
    if (error) {
        o.code = error.value().error;
        o.message = error.value().message;
    }
    if (o.code.empty()) o.code = "http_" + std::to_string(s);
    o.retry_after_seconds = retry_after(response);
    if (s == 409 && o.code == protocol::error_code::receipt_taken) {
        o.kind = OutcomeKind::ReceiptTaken;
        return o;
    }
    if (s == 409) {
        o.kind = OutcomeKind::Conflict;
        if (error) o.fields = error.value().differences;
        return o;
    }
    if (s == 400 || s == 413 || s == 422) {
        o.kind = OutcomeKind::Rejected;
        if (error) {
            o.field = error.value().field;
            o.rule = error.value().rule;
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
    if (response.status == 201) {
        auto reply = read_reply<protocol::EnrollReply>(response);
        if (reply && !reply.value().token.empty()) return Enrollment{reply.value().device_id, reply.value().token};
    }
    auto error = read_reply<protocol::ErrorReply>(response);
    std::string code = error ? error.value().error : std::string();
    std::string message = error ? error.value().message : std::string();
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
