// KioskSettings: what a kiosk's administrator configures (issue 4): the PIN that, after a hidden
// gesture, lets staff leave kiosk mode, and the idle timeout after which a half-written card is
// wiped. Read from a JSON file given with --kiosk-config, e.g.
//
//     { "admin_pin": "4711", "idle_timeout_seconds": 90, "countdown_seconds": 20 }
//
// Every mistake is refused with a message naming the member: a kiosk that starts with a typo'd
// PIN would be a kiosk nobody can leave.
#pragma once

#include "common/status.h"

#include <string>
#include <string_view>

namespace idekort {

struct KioskSettings {
    std::string admin_pin;              // 4-8 digits; empty: the exit gesture is disabled
    int idle_timeout_seconds = 90;      // quiet time before "Are you still there?"
    int countdown_seconds = 20;         // the question's countdown before the wipe
};

Expected<KioskSettings> parse_kiosk_config(std::string_view json, std::string_view source);
Expected<KioskSettings> load_kiosk_config(const std::string& path);

} // namespace idekort
