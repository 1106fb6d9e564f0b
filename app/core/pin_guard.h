// PinGuard: how often a kiosk's administrator PIN may be tried (issue 13, point 13). A PIN of
// four digits falls to a patient passer-by in an afternoon if wrong attempts cost nothing, and
// a fixed pause is forgotten by pulling the plug. So each wrong PIN from the third on doubles the
// wait (30 s, 1 min, 2 min, ... at most an hour), and the count and the end of the wait are kept
// in the device store, in wall-clock time, so a restart neither resets nor extends them. The
// right PIN clears them.
#pragma once

#include <string>
#include <string_view>

namespace idekort {

class PinGuard {
public:
    static constexpr int free_attempts = 2;            // wrong PINs before the first wait
    static constexpr double first_wait_seconds = 30;
    static constexpr double longest_wait_seconds = 60 * 60;

    // `wall_now`: seconds since the Unix epoch.
    bool locked(double wall_now) const { return wall_now < m_locked_until; }
    double seconds_left(double wall_now) const { return locked(wall_now) ? m_locked_until - wall_now : 0; }
    int failures() const { return m_failures; }

    // A wrong PIN: counts it and, from the third, starts a wait twice the last one.
    void failed(double wall_now);
    // The right PIN.
    void succeeded() { *this = PinGuard{}; }

    // For the device store's settings ("failures locked_until"); an unreadable value is a fresh
    // guard with one wait, so a damaged setting does not open the way.
    std::string to_setting() const;
    static PinGuard from_setting(std::string_view value, double wall_now);

private:
    int m_failures = 0;
    double m_locked_until = 0;
};

} // namespace idekort
