// IdleWatch: the kiosk's idle timeout (issue 4; WCAG 2.2.1 "Timing Adjustable"). After
// `timeout` seconds with no input the kiosk asks "Are you still there?" for `countdown`
// seconds with one big "Yes"; if nobody answers, the card is wiped so that the next person
// cannot see or send the previous person's text.
//
// Plain logic on the frame clock, so tests drive it with any times they like; the app also asks
// it when to be woken, so an idle kiosk draws one frame when the question appears and one a
// second during the countdown, and none otherwise.
#pragma once

namespace idekort {

class IdleWatch {
public:
    enum class Phase { Active, Asking, Expired };

    IdleWatch(double timeout_seconds, double countdown_seconds)
        : m_timeout(timeout_seconds), m_countdown(countdown_seconds) {}

    // A touch, a click, a key: the person is there.
    void input(double now) { m_last_input = now; m_expired_handled = false; }
    // Starts the clock anew (a new card began, or the wipe was done).
    void reset(double now) { input(now); }

    Phase phase(double now) const;
    // Whole seconds left of the countdown while Asking (20, 19, ... 1).
    int seconds_left(double now) const;
    // Seconds until the screen next changes by itself (the question appearing, the countdown
    // ticking, the wipe); a negative number when nothing will.
    double wake_in(double now) const;

    // True once per expiry: the caller wipes, then calls reset().
    bool take_expiry(double now);

    double timeout() const { return m_timeout; }
    double countdown() const { return m_countdown; }

private:
    double m_timeout;
    double m_countdown;
    double m_last_input = 0;
    bool m_expired_handled = false;
};

} // namespace idekort
