// The client side of the sync protocol (API v1, docs/API.md) as pure functions: which request
// to send, and what an answer means. The engine (sync_engine.h) decides when; this file decides
// what, so every rule about status codes, the identity header and the envelope is tested here
// without a network. The messages themselves, their routes and headers are common/protocol/'s,
// the same types the server writes them with.
#pragma once

#include "app/core/http_transport.h"
#include "common/status.h"

#include <string>
#include <string_view>
#include <vector>

namespace idekort::sync {

// `base` ("http://host:8080" or ".../prefix/") joined with an absolute `path` ("/api/v1/...").
std::string join_url(std::string_view base, std::string_view path);

// A request to the API as every client sends it (the capture app's sync, "Følg din idé", a
// workshop's participant and wall, the office): the protocol header, the session or device
// token as a bearer when there is one, and a body as JSON when there is one. `url` is whole.
HttpRequest api_request(std::string method, std::string url, std::string_view bearer, std::string body,
                        double timeout_seconds);

HttpRequest card_request(std::string_view base_url, std::string_view card_id, std::string card_json,
                         std::string_view bearer_token, double timeout_seconds);
HttpRequest enroll_request(std::string_view base_url, std::string_view code, std::string_view device_name,
                           double timeout_seconds);
HttpRequest health_request(std::string_view base_url, double timeout_seconds);

// Whether cards may be sent to `url` (issue 13, point 13): https:// always; plain http:// only
// to this machine (127.0.0.0/8, localhost, [::1]: a test or a kiosk with its own server) or when
// the deployment says so explicitly (`allow_plain_http`, --allow-http). A card holds a person's
// contact details, and a device token travels with it. The error names the URL and the way out.
Status check_server_url(std::string_view url, bool allow_plain_http);

// True only for an answer of idekort-server itself: the identity header is there. A Wi-Fi
// portal, a proxy's error page or a load balancer's 502 has none.
bool from_our_server(const HttpResponse& response);

enum class OutcomeKind {
    Received,            // 201, or 200 for an identical body sent again: receipt in hand
    Conflict,            // 409: another body under this id; a person must look
    ReceiptTaken,        // 409 receipt_taken: another card has this card's receipt code; the
                         // card needs a new id (and so a new receipt), then it is sent again
    Rejected,            // 400/413/422: the card itself is refused; sending again cannot help
    CredentialRejected,  // 401/403: the device token or submission key is unknown or revoked
    Transient,           // anything else: try again later
};

struct Outcome {
    OutcomeKind kind = OutcomeKind::Transient;
    std::string receipt;         // Received
    std::string received_at;     // Received: the server's time of the first arrival
    bool duplicate = false;      // Received: the server had it already
    // Why it is not Received. For server answers the API's error code ("validation",
    // "conflict", "revoked", "rate_limited", "internal"); for the rest our own:
    // "network" (no answer), "not_our_server" (no identity header: portal, proxy),
    // "bad_envelope" (our server, but not the answer the contract promises), "http_<status>".
    std::string code;
    std::string field;           // Rejected: the field the server named, may be empty
    std::string rule;            // Rejected: the validation rule ("too_long"), may be empty
    std::string message;         // English words from the server, or the transport's
    std::vector<std::string> fields;   // Conflict: what differs
    double retry_after_seconds = -1;   // 429/503 with Retry-After: wait at least this long
};

Outcome classify_card_response(const HttpResponse& response, std::string_view card_id);

struct Enrollment {
    std::string device_id;
    std::string token;
};
// 201 {"device_id","token"} -> the enrollment; otherwise an Error whose `where` is the server's
// code ("invalid_code", "expired_code", "used_code") or ours ("network", "not_our_server").
Expected<Enrollment> parse_enroll_response(const HttpResponse& response);

// Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"):
// the wait before retry number `attempt` (1 = first retry) is uniform in [0, ceiling], where
// ceiling = min(cap, base * 2^(attempt-1)). `unit_random` is in [0, 1).
double backoff_ceiling(int attempt, double base_seconds, double cap_seconds);
double full_jitter_delay(int attempt, double base_seconds, double cap_seconds, double unit_random);

} // namespace idekort::sync
