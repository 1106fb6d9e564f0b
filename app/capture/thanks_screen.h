// ThanksScreen: the receipt code, large and grouped for reading aloud, made on the device so it
// shows offline, and whether the card has reached the central office or waits to be sent.
#pragma once

#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <string>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

class ThanksScreen {
public:
    // Returns true when "Done" is pressed. `received`: the central office has the card.
    bool draw(const std::string& receipt, bool received, ScreenContext& ctx);

private:
    TouchScroll m_scroll;
};

} // namespace idekort::capture
