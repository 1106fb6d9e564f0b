// Metrics for GET /metrics in the Prometheus text format (version 0.0.4): requests by route and
// status, a histogram of durable-ingest latency (parse to commit), and the number of cards
// stored. Counting is a mutex-guarded map: a few hundred nanoseconds per request.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace idekort::server {

class Metrics {
public:
    // `route` is the route pattern ("PUT /api/v1/cards/{uuid}"), never a raw path, so the
    // number of series stays fixed whatever clients send.
    void count_request(const std::string& route, int status);
    void observe_ingest_seconds(double seconds);
    // A login's outcome: "ok", "wrong" (a password was checked and failed) or "refused" (held
    // back before any check, login_backoff.h).
    void count_login(const std::string& outcome);
    void set_cards_stored(std::int64_t n) { m_cards_stored = n; }
    void add_cards_stored(std::int64_t n) { m_cards_stored += n; }
    void connection_opened() { ++m_open_connections; }
    void connection_closed() { --m_open_connections; }
    std::int64_t open_connections() const { return m_open_connections; }

    std::string render() const;

    static constexpr std::array<double, 12> ingest_buckets{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

private:
    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, std::uint64_t> m_logins;
    std::array<std::uint64_t, ingest_buckets.size()> m_ingest_counts{};
    std::uint64_t m_ingest_count = 0;
    double m_ingest_sum = 0;
    std::atomic<std::int64_t> m_cards_stored{0};
    std::atomic<std::int64_t> m_open_connections{0};
};

} // namespace idekort::server
