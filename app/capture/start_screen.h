// StartScreen (personal device): "New idea", "Follow your idea", "Join a workshop" (issue 16), this device's drafts to continue or
// delete, and the cards sent from it with their state and receipt code, each one a way to follow
// it. Never shown on a kiosk.
#pragma once

#include "app/core/draft_shelf.h"
#include "app/core/sync_engine.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <string>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

class StartScreen {
public:
    struct Action {
        enum Kind { None, NewCard, Resume, Delete, SendNow, Follow, Workshop } kind = None;
        std::string draft_id;
        std::string receipt;   // Follow: the finished card's code (empty: the person types one)
    };
    // `store_notice`: a string key to show when drafts are not kept durably (or empty); `sync`:
    // the engine whose view of each sent card is shown (null: the store's states).
    Action draw(const DraftShelf* shelf, const SyncEngine* sync, bool store_durable, std::string_view store_notice, ScreenContext& ctx);

    // The platform shows its own offline notice (the web page's strip): the sync line then
    // gives only the count of waiting cards.
    bool page_says_offline = false;

private:
    std::string m_confirm_delete;   // the draft whose deletion waits for "yes"
    TouchScroll m_scroll;
};

} // namespace idekort::capture
