// The guard in front of every parse of untrusted JSON (docs/API.md, "Limits"): before cereal sees a
// byte, the input must be within a size limit, nest no deeper than a limit, be valid UTF-8, and
// hold no NaN or Infinity. The check is RapidJSON's iterative (non-recursive) reader, so no
// input, however deep, can overflow the stack here; and because the depth is bounded, cereal's
// recursive parse behind it cannot either.
#pragma once

#include "common/status.h"

#include <cstddef>
#include <string_view>

namespace idekort {

struct JsonLimits {
    std::size_t max_bytes = 256 * 1024;
    int max_depth = 16;
    // No document we read has fractions, exponents or numbers this long. RapidJSON 1.1.0's
    // floating-point path reads past a table for some very long numbers and shifts by 64 for
    // "0e99" (both found by the fuzzer), so such numbers are refused before it sees them.
    std::size_t max_number_chars = 24;
    bool whole_numbers_only = true;
};

// Ok, or an error such as "nested deeper than 16 levels" / "invalid UTF-8" whose `where` is
// "byte N" of the input.
Status check_json(std::string_view json, const JsonLimits& limits = {});

} // namespace idekort
