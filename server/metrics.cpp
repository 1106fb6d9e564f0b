// Prometheus text rendering (see metrics.h).
#include "server/metrics.h"

#include <cstdio>

namespace idekort::server {

namespace {
// Label values escape backslash, quote and newline (the text format's rules).
std::string label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') { out += "\\n"; continue; }
        out.push_back(c);
    }
    return out;
}
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}
} // namespace

void Metrics::count_request(const std::string& route, int status) {
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_requests[{route, status}];
}

void Metrics::count_login(const std::string& outcome) {
    std::lock_guard<std::mutex> lock(m_mutex);
    ++m_logins[outcome];
}

void Metrics::observe_ingest_seconds(double seconds) {
    std::lock_guard<std::mutex> lock(m_mutex);
    for (std::size_t i = 0; i < ingest_buckets.size(); ++i)
        if (seconds <= ingest_buckets[i]) ++m_ingest_counts[i];
    ++m_ingest_count;
    m_ingest_sum += seconds;
}

std::string Metrics::render() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::string out;
    out += "# HELP idekort_http_requests_total HTTP requests answered, by route pattern and status.\n";
    out += "# TYPE idekort_http_requests_total counter\n";
    for (const auto& [key, n] : m_requests)
        out += "idekort_http_requests_total{route=\"" + label(key.first) + "\",status=\"" + std::to_string(key.second) + "\"} " +
               std::to_string(n) + "\n";
    out += "# HELP idekort_logins_total Administrator logins: ok, wrong (a password checked and failed), refused (held back unchecked).\n";
    out += "# TYPE idekort_logins_total counter\n";
    for (const auto& [outcome, n] : m_logins) out += "idekort_logins_total{outcome=\"" + label(outcome) + "\"} " + std::to_string(n) + "\n";
    out += "# HELP idekort_ingest_seconds Time from a card's request to its durable commit.\n";
    out += "# TYPE idekort_ingest_seconds histogram\n";
    for (std::size_t i = 0; i < ingest_buckets.size(); ++i)
        out += "idekort_ingest_seconds_bucket{le=\"" + number(ingest_buckets[i]) + "\"} " + std::to_string(m_ingest_counts[i]) + "\n";
    out += "idekort_ingest_seconds_bucket{le=\"+Inf\"} " + std::to_string(m_ingest_count) + "\n";
    out += "idekort_ingest_seconds_sum " + number(m_ingest_sum) + "\n";
    out += "idekort_ingest_seconds_count " + std::to_string(m_ingest_count) + "\n";
    out += "# HELP idekort_cards_stored Cards in the store.\n# TYPE idekort_cards_stored gauge\n";
    out += "idekort_cards_stored " + std::to_string(m_cards_stored.load()) + "\n";
    out += "# HELP idekort_open_connections HTTP connections open now.\n# TYPE idekort_open_connections gauge\n";
    out += "idekort_open_connections " + std::to_string(m_open_connections.load()) + "\n";
    return out;
}

} // namespace idekort::server
