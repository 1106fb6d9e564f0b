// FollowScreen: "Følg din idé" (issue 15). A person types the receipt code from the thanks
// screen (forgivingly: lower case, O for 0, I for 1, spaces, dashes) or comes here from one of
// this device's sent cards on the start screen; the screen asks the server (CardFollow) and
// shows the stage in words, what happens next and, once the card is closed, the directors'
// feedback. No answer is said in words with a way on, and the typed code stays in its field.
// On a kiosk it is reached from the attract screen and lists nobody's cards: only typing works.
#pragma once

#include "app/core/card_follow.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <string>

namespace idekort::capture {

using namespace idekort::ui;

class FollowScreen {
public:
    enum class Action { None, Back };
    // Opens the screen empty, or with `receipt` typed and asked (a sent card tapped).
    void open(CardFollow& follow, const std::string& receipt, const std::string& server_url);
    // `server_url`: where to ask (empty: this device has none, said in words).
    Action draw(CardFollow& follow, const std::string& server_url, ScreenContext& ctx, float bottom_reserved);
    // Forgets the typed code (a kiosk's idle wipe: the next person sees none of it).
    void reset();
    const std::string& typed() const { return m_code; }

private:
    std::string m_code;
    TouchScroll m_scroll;
};

} // namespace idekort::capture
