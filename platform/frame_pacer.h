// FramePacer: decides when a runner draws. A kiosk must not burn a core redrawing an unchanged
// form 60 times a second (docs/ARCHITECTURE.md, "Frame pacing"), so after the screen settles the runner sleeps until
// input, a timer the app asked for, or the text caret's next blink. Plain logic, shared by the
// native and web runners and tested on its own.
#pragma once

#include "app/core/application.h"

namespace idekort::platform {

class FramePacer {
public:
    // ImGui needs a few frames to settle after input (hover, press, release; auto-sized
    // windows take two frames to measure themselves).
    static constexpr int settle_frames = 3;
    // After the app stops animating, keep drawing briefly so the last step reaches the screen.
    static constexpr double animation_tail_seconds = 0.25;
    // While a text field is being edited the caret blinks; redraw at this interval.
    static constexpr double caret_blink_seconds = 0.5;

    // continuous: draw every frame (for --frames N runs and benchmarks).
    explicit FramePacer(bool continuous = false) : m_continuous(continuous) {}

    void on_input() { m_settle_left = settle_frames; }
    // input_pending: input events are still queued for the next frame. ImGui takes a press and
    // its release in different frames (a tap whose touch-down and touch-up came in one batch
    // spans several frames), and what a press changes is drawn in the frame after it; so the
    // settle frames count from the frame that took the last queued event, not from the batch.
    void on_frame_drawn(double now, const FrameRequest& request, bool text_input_active, bool input_pending = false);

    bool should_draw(double now) const;
    // How long the runner may block waiting for input before a frame is due: 0 when one is due
    // now, FrameRequest::never when nothing is due at all.
    double wait_seconds(double now) const;

private:
    bool m_continuous;
    int m_settle_left = settle_frames;   // the first frames draw without any input
    double m_animate_until = -1;
    double m_timer_at = FrameRequest::never;
};

} // namespace idekort::platform
