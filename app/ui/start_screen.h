// The screens around the wizard:
//  - StartScreen (personal device): "New idea", this device's drafts to continue or delete,
//    and the cards sent from it with their state and receipt code. Never shown on a kiosk.
//  - ThanksScreen: the receipt code, large and grouped for reading aloud, made on the device so
//    it shows offline, and whether the card has reached the central office or waits to be sent.
#pragma once

#include "app/core/draft_shelf.h"
#include "app/core/sync_engine.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <string>

namespace idekort::ui {

class StartScreen {
public:
    struct Action {
        enum Kind { None, NewCard, Resume, Delete, SendNow } kind = None;
        std::string draft_id;
    };
    // `store_notice`: a string key to show when drafts are not kept durably (or empty); `sync`:
    // the engine whose view of each sent card is shown (null: the store's states).
    Action draw(const DraftShelf* shelf, const SyncEngine* sync, bool store_durable, std::string_view store_notice, ScreenContext& ctx);

private:
    std::string m_confirm_delete;   // the draft whose deletion waits for "yes"
    TouchScroll m_scroll;
};

class ThanksScreen {
public:
    // Returns true when "Done" is pressed. `received`: the central office has the card.
    bool draw(const std::string& receipt, bool received, ScreenContext& ctx);

private:
    TouchScroll m_scroll;
};

// The string key for a sent card's state as the person sees it.
std::string_view sent_state_key(OutboxState state);

} // namespace idekort::ui
