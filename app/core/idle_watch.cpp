// IdleWatch (see idle_watch.h).
#include "app/core/idle_watch.h"

#include <cmath>

namespace idekort {

IdleWatch::Phase IdleWatch::phase(double now) const {
    const double quiet = now - m_last_input;
    if (quiet < m_timeout) return Phase::Active;
    if (quiet < m_timeout + m_countdown) return Phase::Asking;
    return Phase::Expired;
}

int IdleWatch::seconds_left(double now) const {
    const double left = m_timeout + m_countdown - (now - m_last_input);
    return left <= 0 ? 0 : static_cast<int>(std::ceil(left));
}

double IdleWatch::wake_in(double now) const {
    const double quiet = now - m_last_input;
    if (quiet < m_timeout) return m_timeout - quiet;
    const double left = m_timeout + m_countdown - quiet;
    if (left <= 0) return m_expired_handled ? -1 : 0;
    // The next whole-second tick of the countdown (a tiny margin so the ceil has moved on).
    const double to_tick = left - std::floor(left);
    return (to_tick > 0 ? to_tick : 1.0) + 0.001;
}

bool IdleWatch::take_expiry(double now) {
    if (phase(now) != Phase::Expired || m_expired_handled) return false;
    m_expired_handled = true;
    return true;
}

} // namespace idekort
