// The current time as the card schema writes it (RFC 3339 UTC with milliseconds, rfc3339.h).
#pragma once

#include "common/rfc3339.h"

#include <chrono>
#include <string>

namespace idekort {

inline std::string utc_now() { return utc_timestamp(std::chrono::system_clock::now()); }

} // namespace idekort
