// Tests for app/core/pin_guard.h: waits after wrong PINs double, are capped, and are read back
// from the device setting as they were saved (a restart keeps them).
#include "app/core/pin_guard.h"

#include <doctest/doctest.h>

using namespace idekort;

TEST_CASE("[PinGuard] two wrong PINs are free; then each one doubles the wait, at most an hour") {
    PinGuard g;
    const double t = 1'800'000'000;
    g.failed(t);
    g.failed(t);
    CHECK_FALSE(g.locked(t));
    g.failed(t);
    CHECK(g.seconds_left(t) == doctest::Approx(30));
    g.failed(t + 30);
    CHECK(g.seconds_left(t + 30) == doctest::Approx(60));
    g.failed(t + 90);
    CHECK(g.seconds_left(t + 90) == doctest::Approx(120));
    for (int i = 0; i < 20; ++i) g.failed(t + 1000);
    CHECK(g.seconds_left(t + 1000) == doctest::Approx(PinGuard::longest_wait_seconds));
    g.succeeded();
    CHECK_FALSE(g.locked(t + 1000));
    CHECK(g.failures() == 0);
}

TEST_CASE("[PinGuard] the count and the wait survive a restart through the device setting") {
    PinGuard g;
    const double t = 1'800'000'000;
    for (int i = 0; i < 4; ++i) g.failed(t);
    const PinGuard back = PinGuard::from_setting(g.to_setting(), t + 10);
    CHECK(back.failures() == 4);
    CHECK(back.seconds_left(t + 10) == doctest::Approx(50));
    // No setting: a fresh guard. A damaged one: locked, not open.
    CHECK_FALSE(PinGuard::from_setting("", t).locked(t));
    CHECK(PinGuard::from_setting("garbage", t).locked(t));
    // A clock set back by a year does not make the wait a year long.
    CHECK(PinGuard::from_setting(g.to_setting(), t - 365 * 86400.0).seconds_left(t - 365 * 86400.0) <= PinGuard::longest_wait_seconds);
}
