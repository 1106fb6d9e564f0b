// Tests for platform/frame_pacer.h: the rules that keep an idle kiosk from redrawing.
#include "platform/frame_pacer.h"

#include <doctest/doctest.h>

using idekort::FrameRequest;
using idekort::platform::FramePacer;

namespace {
// Draws frames while the pacer wants them; returns how many it drew.
int drain(FramePacer& pacer, double now, bool typing = false) {
    int drawn = 0;
    while (pacer.should_draw(now) && drawn < 100) {
        pacer.on_frame_drawn(now, FrameRequest{}, typing);
        ++drawn;
    }
    return drawn;
}
} // namespace

TEST_CASE("[FramePacer] with no input, a few frames settle the screen, then it sleeps") {
    FramePacer pacer;
    CHECK(drain(pacer, 0.0) == FramePacer::settle_frames);
    CHECK_FALSE(pacer.should_draw(10.0));
    CHECK(pacer.wait_seconds(10.0) == FrameRequest::never);
}

TEST_CASE("[FramePacer] input wakes it for a few frames only") {
    FramePacer pacer;
    drain(pacer, 0.0);
    pacer.on_input();
    CHECK(pacer.wait_seconds(1.0) == 0);
    CHECK(drain(pacer, 1.0) == FramePacer::settle_frames);
    CHECK_FALSE(pacer.should_draw(1.0));
}

TEST_CASE("[FramePacer] animation keeps drawing until a short tail after it ends") {
    FramePacer pacer;
    drain(pacer, 0.0);
    FrameRequest animating;
    animating.animating = true;
    pacer.on_frame_drawn(1.0, animating, false);
    CHECK(pacer.should_draw(1.1));
    CHECK(pacer.should_draw(1.0 + FramePacer::animation_tail_seconds - 0.01));
    CHECK_FALSE(pacer.should_draw(1.0 + FramePacer::animation_tail_seconds + 0.01));
}

TEST_CASE("[FramePacer] a timer the app asked for wakes it exactly then") {
    FramePacer pacer;
    drain(pacer, 0.0);
    FrameRequest timer;
    timer.wake_in_seconds = 2.0;
    pacer.on_frame_drawn(5.0, timer, false);
    CHECK(pacer.wait_seconds(5.5) == doctest::Approx(1.5));
    CHECK_FALSE(pacer.should_draw(6.9));
    CHECK(pacer.should_draw(7.0));
}

TEST_CASE("[FramePacer] a focused text field redraws at caret-blink rate, not 60 fps") {
    FramePacer pacer;
    drain(pacer, 0.0, true);
    CHECK_FALSE(pacer.should_draw(0.1));
    CHECK(pacer.wait_seconds(0.0) == doctest::Approx(FramePacer::caret_blink_seconds));
}

TEST_CASE("[FramePacer] continuous mode always draws (for --frames and benchmarks)") {
    FramePacer pacer(true);
    for (int i = 0; i < 10; ++i) pacer.on_frame_drawn(i, FrameRequest{}, false);
    CHECK(pacer.should_draw(100.0));
}

// ImGui takes a finger's move, press and release in separate frames, and what the press
// changed is drawn in the frame after the release. When the three arrive in one batch (a busy
// phone, a kiosk touchscreen), the settle frames must count from the last event taken.
TEST_CASE("[FramePacer] a tap batched into one wake-up is drawn after its last event is taken") {
    FramePacer pacer;
    drain(pacer, 0.0);
    pacer.on_input();   // move, press, release and the lifted finger's leave, all at once
    int queued = 4;     // ImGui takes one a frame
    int drawn = 0;
    int drawn_after_last_taken = 0;
    while (pacer.should_draw(1.0) && drawn < 100) {
        --queued;
        if (queued < 0) ++drawn_after_last_taken;
        pacer.on_frame_drawn(1.0, FrameRequest{}, false, queued > 0);
        ++drawn;
    }
    CHECK(queued <= 0);                   // every event reached ImGui
    CHECK(drawn_after_last_taken >= 1);   // and the frame after the release was drawn
    CHECK_FALSE(pacer.should_draw(1.0));  // then it sleeps again
}
