// RFC 3339 UTC times, the one form the card schema and the API use: "2026-11-27T06:30:00Z",
// optionally with a fraction ("...:00.123Z"); no offsets. Writing always gives milliseconds.
// The server's store keeps Unix milliseconds; the wire and the card keep this text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace idekort {

std::string utc_timestamp(std::chrono::system_clock::time_point when);   // "...T06:30:00.000Z"
std::string format_utc_ms(std::int64_t unix_ms);

// Unix milliseconds of a valid time, or nothing: a wrong shape, an offset instead of Z, a
// month 13, a fraction of more than nine digits.
std::optional<std::int64_t> parse_utc_ms(std::string_view text);
inline bool is_utc_timestamp(std::string_view text) { return parse_utc_ms(text).has_value(); }

} // namespace idekort
