// What only a kiosk shows (issue 4):
//  - the attract screen while nobody is using it ("Har du en idé?"); a tap anywhere starts a
//    new card;
//  - "Are you still there?" with a countdown and one big "Yes" (WCAG 2.2.1), drawn over
//    whatever screen is open when the idle timeout runs out;
//  - the way to the administrator's screen (enrollment, outbox, leaving kiosk mode): five taps
//    within three seconds in the top-left corner (nothing is drawn there, so a passer-by never
//    finds it), then the administrator's PIN on a digit pad.
#pragma once

#include "app/core/pin_guard.h"
#include "app/ui/screen_context.h"

#include <string>
#include <utility>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

// Returns true when the screen was tapped (start a new card). With `follow`, a second button
// "Følg din idé" (issue 15) sets *follow when pressed.
bool draw_attract_screen(ScreenContext& ctx, bool* follow = nullptr);

// Returns true when "Yes, I'm here" was pressed.
bool draw_still_there(int seconds_left, ScreenContext& ctx);

class KioskExit {
public:
    // Watches for the hidden gesture; call every frame with the frame time. Returns true when
    // the PIN pad opened this frame.
    bool watch_gesture(double now, float ui_scale, bool pin_configured);
    bool pin_pad_open() const { return m_open; }
    // Draws the PIN pad; returns true when the right PIN was entered (the caller opens the
    // administrator's screen).
    // `wall_now` (seconds since the epoch) times the waits after wrong PINs (PinGuard).
    bool draw_pin_pad(const std::string& admin_pin, double wall_now, ScreenContext& ctx);
    void close() { m_open = false; m_typed.clear(); m_wrong = false; }
    // The wrong-PIN count and wait, loaded from the device store at start; after a change the
    // caller saves guard() (take_guard_change() says when).
    void set_guard(PinGuard guard) { m_guard = guard; }
    const PinGuard& guard() const { return m_guard; }
    bool take_guard_change() { return std::exchange(m_guard_changed, false); }

private:
    int m_taps = 0;
    double m_first_tap = -10;
    bool m_open = false;
    std::string m_typed;
    bool m_wrong = false;
    PinGuard m_guard;            // after wrong PINs, the pad rests for longer and longer
    bool m_guard_changed = false;
};

} // namespace idekort::capture
