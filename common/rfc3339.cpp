// RFC 3339 UTC times (see rfc3339.h).
#include "common/rfc3339.h"

#include <cstdio>
#include <ctime>

namespace idekort {

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

std::string format_utc_ms(std::int64_t ms) {
    return utc_timestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

std::optional<std::int64_t> parse_utc_ms(std::string_view s) {
    if (s.size() < 20 || s.back() != 'Z') return std::nullopt;
    const char* pattern = "dddd-dd-ddTdd:dd:dd";
    int fields[6] = {};
    int field = 0;
    for (std::size_t i = 0; i < 19; ++i) {
        if (pattern[i] != 'd') {
            if (s[i] != pattern[i]) return std::nullopt;
            ++field;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        fields[field] = fields[field] * 10 + (s[i] - '0');
    }
    int millis = 0;
    if (s.size() > 20) {
        if (s[19] != '.' || s.size() < 22 || s.size() > 30) return std::nullopt;
        int scale = 100;
        for (std::size_t i = 20; i + 1 < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            millis += (s[i] - '0') * scale;
            scale /= 10;
        }
    }
    std::tm tm{};
    tm.tm_year = fields[0] - 1900;
    tm.tm_mon = fields[1] - 1;
    tm.tm_mday = fields[2];
    tm.tm_hour = fields[3];
    tm.tm_min = fields[4];
    tm.tm_sec = fields[5];
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    const std::time_t t = timegm(&tm);
    return static_cast<std::int64_t>(t) * 1000 + millis;
}

} // namespace idekort
