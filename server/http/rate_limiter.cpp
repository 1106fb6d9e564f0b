// Token buckets (see rate_limiter.h).
#include "server/http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace idekort::server {

int RateLimiter::take(const std::string& key, const RateLimit& limit, Clock::time_point now) {
    if (limit.per_second <= 0) return 0;
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_max_keys) prune(now, limit);
        it = m_buckets.emplace(key, Bucket{limit.burst, now}).first;
    }
    Bucket& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(limit.burst, b.tokens + std::max(0.0, elapsed) * limit.per_second);
    b.updated = now;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / limit.per_second)));
}

void RateLimiter::prune(Clock::time_point now, const RateLimit& limit) {
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
        if (it->second.tokens + elapsed * limit.per_second >= limit.burst) it = m_buckets.erase(it);
        else ++it;
    }
    if (m_buckets.size() < m_max_keys) return;
    std::vector<std::pair<Clock::time_point, std::string>> by_age;
    for (const auto& [key, bucket] : m_buckets) by_age.emplace_back(bucket.updated, key);
    std::sort(by_age.begin(), by_age.end());
    for (std::size_t i = 0; i < by_age.size() / 2; ++i) m_buckets.erase(by_age[i].second);
}

} // namespace idekort::server
