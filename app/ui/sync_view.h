// What the screens say about sending (issue 6): a quiet line with the connection and the cards
// waiting ("3 kort venter", "Sender 3 af 40"), a "Send nu" button, each sent card's state in
// words, and the kiosk administrator's screen behind the PIN (enrollment, outbox, last error).
// All of it reads SyncEngine::status() / card_state(); nothing here waits on the network.
#pragma once

#include "app/core/draft_shelf.h"
#include "app/core/sync_engine.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <memory>
#include <string>

namespace idekort::ui {

// The connection and backlog line, with "Send nu" when cards wait. Returns true when pressed.
bool draw_sync_line(const SyncEngine* sync, ScreenContext& ctx);

// The words for a sent card's state, and (second) the reason when there is one.
struct SentWords {
    std::string state;
    std::string reason;
    bool attention = false;
};
SentWords sent_words(const SentEntry& entry, const SyncEngine* sync, const ScreenContext& ctx);

// The kiosk's administrator screen, reached by the hidden gesture and the PIN.
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

} // namespace idekort::ui
