// Times on the API: the store keeps Unix milliseconds, the wire RFC 3339 UTC ("...Z").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace idekort::server {

std::string format_utc_ms(std::int64_t ms);
// "2026-11-27T08:00:00Z" or with a fraction ("...:00.5Z"); nothing else (no offsets).
std::optional<std::int64_t> parse_utc_ms(std::string_view text);

} // namespace idekort::server
