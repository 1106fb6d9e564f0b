// PinGuard (see pin_guard.h).
#include "app/core/pin_guard.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace idekort {

void PinGuard::failed(double wall_now) {
    ++m_failures;
    if (m_failures <= free_attempts) return;
    const int doublings = std::min(m_failures - free_attempts - 1, 30);
    const double wait = std::min(longest_wait_seconds, first_wait_seconds * std::ldexp(1.0, doublings));
    m_locked_until = wall_now + wait;
}

std::string PinGuard::to_setting() const {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%d %.0f", m_failures, m_locked_until);
    return buffer;
}

PinGuard PinGuard::from_setting(std::string_view value, double wall_now) {
    PinGuard g;
    if (value.empty()) return g;
    int failures = 0;
    double until = 0;
    const std::string text(value);
    if (std::sscanf(text.c_str(), "%d %lf", &failures, &until) != 2 || failures < 0 || !std::isfinite(until)) {
        g.m_failures = free_attempts;
        g.failed(wall_now);
        return g;
    }
    g.m_failures = failures;
    // A clock set back must not lengthen the wait beyond the longest one.
    g.m_locked_until = std::min(until, wall_now + longest_wait_seconds);
    return g;
}

} // namespace idekort
