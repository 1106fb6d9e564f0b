// The fixed words of the protocol: version, headers, routes, content type and error codes
// (docs/API.md). Both sides take them from here; none is spelled out anywhere else.
#pragma once

#include <string>
#include <string_view>

namespace idekort::protocol {

// The protocol's version. Within one version, members are only ever added (readers ignore the
// ones they do not know); removing or changing one makes version 2, under /api/v2/.
constexpr int version = 1;

// [SECTION] Headers
// Every reply of idekort-server carries the identity header ("idekort-server/0.1.0"): a Wi-Fi
// portal's 200 page has none, so a client counts only answers that do. The protocol header
// carries `version`, on every reply and on every request our clients send.
constexpr char identity_header[] = "X-Idekort-Server";
constexpr char identity_prefix[] = "idekort-server/";
constexpr char protocol_header[] = "X-Idekort-Protocol";
constexpr char json_content_type[] = "application/json; charset=utf-8";

// The header's name as HttpResponse::header() looks it up (lower case).
std::string lower_case(std::string_view header_name);

// [SECTION] Routes
// A pattern's one "{name}" segment is filled by path(); the server's router matches them.
namespace route {
constexpr char health[] = "/healthz";
constexpr char metrics[] = "/metrics";
constexpr char card[] = "/api/v1/cards/{uuid}";
constexpr char card_status[] = "/api/v1/status/{receipt}";
constexpr char enroll[] = "/api/v1/devices/enroll";
constexpr char login[] = "/api/v1/admin/login";
constexpr char logout[] = "/api/v1/admin/logout";
constexpr char session[] = "/api/v1/admin/session";
constexpr char enrollment_codes[] = "/api/v1/admin/enrollment-codes";
constexpr char devices[] = "/api/v1/admin/devices";
constexpr char revoke_device[] = "/api/v1/admin/devices/{id}/revoke";
constexpr char users[] = "/api/v1/admin/users";
constexpr char cards[] = "/api/v1/cards";
constexpr char cards_export[] = "/api/v1/cards/export";
} // namespace route

// `pattern` with its "{...}" segment replaced by `value`: path(route::card, id).
std::string path(std::string_view pattern, std::string_view value);

// [SECTION] Error codes (ErrorReply::error)
namespace error_code {
constexpr char validation[] = "validation";          // 400/422: a field breaks a rule; field + rule say which
constexpr char invalid_json[] = "invalid_json";      // 400: not a JSON object within the limits
constexpr char id_mismatch[] = "id_mismatch";        // 400: the card's id is not the path's
constexpr char conflict[] = "conflict";              // 409: another card under this id; fields say what differs
constexpr char receipt_taken[] = "receipt_taken";    // 409: another card has this receipt code
constexpr char unauthorized[] = "unauthorized";      // 401
constexpr char session_expired[] = "session_expired";// 401
constexpr char invalid_credentials[] = "invalid_credentials"; // 401 (login)
constexpr char invalid_code[] = "invalid_code";      // 401 (enrollment)
constexpr char expired_code[] = "expired_code";      // 401 (enrollment)
constexpr char used_code[] = "used_code";            // 401 (enrollment)
constexpr char revoked[] = "revoked";                // 403: the device was revoked
constexpr char forbidden[] = "forbidden";            // 403: the session's role may not
constexpr char not_found[] = "not_found";            // 404
constexpr char method_not_allowed[] = "method_not_allowed"; // 405 (with Allow)
constexpr char username_taken[] = "username_taken";  // 409
constexpr char body_too_large[] = "body_too_large";  // 413
constexpr char rate_limited[] = "rate_limited";      // 429 (with Retry-After)
constexpr char locked[] = "locked";                  // 429: no longer sent (a held-back login answers invalid_credentials)
constexpr char unsupported_media_type[] = "unsupported_media_type"; // 415: a body that is not application/json
constexpr char headers_too_large[] = "headers_too_large"; // 431
constexpr char bad_request[] = "bad_request";        // 400: not HTTP/1.1
constexpr char internal[] = "internal";              // 500: try again later
constexpr char unavailable[] = "unavailable";        // 503 (with Retry-After): busy, or the disk is nearly full
} // namespace error_code

} // namespace idekort::protocol
