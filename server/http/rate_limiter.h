// RateLimiter: token buckets by key ("ip:127.0.0.1", "sender:device:ab12", "login:...").
// A bucket holds `burst` tokens and refills at `per_second`; a request that finds it empty is
// told how many whole seconds to wait (the 429's Retry-After). In memory only: a restart gives
// everyone a full bucket, which is harmless at these rates.
//
// The table cannot be grown without bound by an attacker cycling keys: past `max_keys`, full
// (idle) buckets are dropped first, and if that is not enough the oldest are.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace idekort::server {

struct RateLimit {
    double per_second = 0;   // 0: no limit
    double burst = 1;
};

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    explicit RateLimiter(std::size_t max_keys = 100000) : m_max_keys(max_keys) {}

    // 0 when allowed (a token is taken), otherwise the seconds until one is free (>= 1).
    int take(const std::string& key, const RateLimit& limit, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    void prune(Clock::time_point now, const RateLimit& limit);

    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
    std::size_t m_max_keys;
};

} // namespace idekort::server
