// Tests for common/rfc3339.h: the one reader and writer of times on the wire and in the card.
#include "common/rfc3339.h"

#include <doctest/doctest.h>

using namespace idekort;

TEST_CASE("[rfc3339] times go to text with milliseconds and back") {
    CHECK(format_utc_ms(0) == "1970-01-01T00:00:00.000Z");
    const std::int64_t t = 1795766400123;   // 2026-11-27T08:00:00.123Z
    CHECK(format_utc_ms(t) == "2026-11-27T08:00:00.123Z");
    CHECK(parse_utc_ms(format_utc_ms(t)) == t);
    CHECK(parse_utc_ms("2026-11-27T08:00:00Z") == t - 123);
    CHECK(parse_utc_ms("2026-11-27T08:00:00.5Z") == t - 123 + 500);
}

TEST_CASE("[rfc3339] only UTC with Z and real dates are times") {
    CHECK(is_utc_timestamp("2026-11-27T06:30:00Z"));
    CHECK(is_utc_timestamp("2026-11-27T06:30:00.123456789Z"));
    for (const char* bad : {"", "2026-11-27", "2026-11-27T06:30:00", "2026-11-27T06:30:00+01:00", "2026-11-27 06:30:00Z",
                            "2026-13-27T06:30:00Z", "2026-11-00T06:30:00Z", "2026-11-27T24:30:00Z", "2026-11-27T06:30:00.Z",
                            "2026-11-27T06:30:00.1234567890Z", "2026-1a-27T06:30:00Z"}) {
        CAPTURE(bad);
        CHECK(!is_utc_timestamp(bad));
    }
}
