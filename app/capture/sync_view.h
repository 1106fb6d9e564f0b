// What the screens say about sending: a quiet line with the connection and the cards waiting
// ("3 kort venter", "Sender 3 af 40"), a "Send nu" button, and each sent card's state in words.
// All of it reads SyncEngine::status() / card_state(); nothing here waits on the network.
#pragma once

#include "app/core/draft_shelf.h"
#include "app/core/sync_engine.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"

#include <string>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

// The connection and backlog line, with "Send nu" when cards wait. Returns true when pressed.
bool draw_sync_line(const SyncEngine* sync, ScreenContext& ctx);

// "2026-11-27T10:05:00Z" -> "27-11-2026 10:05 UTC": the screens show when, not a timestamp.
std::string readable_time(const std::string& utc);

// The words for a sent card's state, and (second) the reason when there is one.
struct SentWords {
    std::string state;
    std::string reason;
    std::string receipt;   // the card's receipt code now (a new one if its first was taken)
    bool attention = false;
};
// The string key for a sent card's state as the person sees it (without an engine).
std::string_view sent_state_key(OutboxState state);

SentWords sent_words(const SentEntry& entry, const SyncEngine* sync, const ScreenContext& ctx);

} // namespace idekort::capture
