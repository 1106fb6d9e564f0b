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

// The connection and backlog line ("Ingen forbindelse ...  ·  3 kort venter"). Offline is said
// once (issue 12, point 8): where the page shows its own offline notice (`page_says_offline`,
// the platform gave AppEnvironment::server_reachable) the line gives only the count.
std::string sync_line_text(const SyncStatus& status, bool page_says_offline, const UiStrings& strings);
// The strings key of the reason a sent card shows under its state, or empty. Never "offline":
// that is the same for every waiting card and said once by the sync line or the page.
std::string_view card_reason_key(const CardSyncState& state);

// The sync line, with "Send nu" when cards wait. Returns true when pressed.
bool draw_sync_line(const SyncEngine* sync, ScreenContext& ctx, bool page_says_offline = false);

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
