// UTC timestamps as the card schema writes them: RFC 3339 with milliseconds and "Z".
#pragma once

#include <chrono>
#include <string>

namespace idekort {

std::string utc_timestamp(std::chrono::system_clock::time_point when);
inline std::string utc_now() { return utc_timestamp(std::chrono::system_clock::now()); }

} // namespace idekort
