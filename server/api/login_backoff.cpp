// Login back-off per address and account (see login_backoff.h).
#include "server/api/login_backoff.h"

#include <algorithm>

namespace idekort::server {

bool LoginBackoff::begin(const std::string& address, const std::string& account, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_pairs.find(key(address, account));
    if (it == m_pairs.end()) {
        if (m_pairs.size() >= m_max_pairs) prune(now);
        it = m_pairs.emplace(key(address, account), Pair{}).first;
    }
    Pair& p = it->second;
    if (now < p.held_until) return false;
    if (p.failures + p.in_flight >= m_max_failures) return false;   // the attempts in flight may use up the rest
    ++p.in_flight;
    return true;
}

void LoginBackoff::end(const std::string& address, const std::string& account, Outcome outcome, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_pairs.find(key(address, account));
    if (it == m_pairs.end()) return;
    Pair& p = it->second;
    p.in_flight = std::max(0, p.in_flight - 1);
    if (outcome == Outcome::Succeeded) {
        if (p.in_flight == 0) m_pairs.erase(it);
        else p = Pair{0, p.in_flight, 0, {}};
        return;
    }
    if (outcome == Outcome::Abandoned) return;
    if (++p.failures >= m_max_failures) {
        const auto wait = std::min<std::chrono::seconds>(m_lockout * (1LL << std::min(p.lockouts, 16)), std::chrono::hours(24));
        p.held_until = now + wait;
        p.failures = 0;
        ++p.lockouts;
    }
}

void LoginBackoff::prune(Clock::time_point now) {
    // Pairs that hold nobody back and have nothing in flight go first; if an attacker fills the
    // table with held pairs, the ones whose wait ends soonest go.
    for (auto it = m_pairs.begin(); it != m_pairs.end();) {
        if (it->second.in_flight == 0 && it->second.held_until <= now) it = m_pairs.erase(it);
        else ++it;
    }
    while (m_pairs.size() >= m_max_pairs) {
        auto soonest = std::min_element(m_pairs.begin(), m_pairs.end(), [](const auto& a, const auto& b) {
            return a.second.held_until < b.second.held_until;
        });
        m_pairs.erase(soonest);
    }
}

} // namespace idekort::server
