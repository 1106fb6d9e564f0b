// AdminScreen: the kiosk's administrator screen, reached by the hidden gesture and the PIN:
// the outbox and the last error, enrollment with a one-time code, and leaving kiosk mode.
#pragma once

#include "app/core/sync_engine.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <memory>
#include <string>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

class AdminScreen {
public:
    enum class Action { None, Back, LeaveKiosk };
    Action draw(SyncEngine* sync, ScreenContext& ctx, float bottom_reserved);
    void reset();   // forget typed values (leaving the screen, the idle wipe)

    const std::string& message() const { return m_message; }

private:
    std::string m_server_url;
    std::string m_code;
    std::string m_device_name = "kiosk";
    bool m_enrolling = false;
    std::string m_message;          // the last enrollment's outcome, in words
    bool m_message_is_error = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);   // late answers after reset
    TouchScroll m_scroll;
};

} // namespace idekort::capture
