// DraftShelf: the drafts of this device as the start screen shows them, kept in step with the
// CardStore. A new draft shows "saving" until the store acknowledges its commit, and only then
// "saved on this device" (a saved mark that lies is how form tools lose trust).
//
// The capture wizard (issue 4) will edit full cards through the same store; this is the part
// the first screen needs: save a titled draft, list the drafts, know the store's condition.
#pragma once

#include "app/core/card_store.h"

#include <string>
#include <vector>

namespace idekort {

enum class SaveState { Saving, Saved, Failed };

struct ShelfEntry {
    std::string id;
    std::string title;
    std::string updated_at;
    SaveState state = SaveState::Saved;
    std::string error;   // when Failed, in words
};

// The string key of what the screen says about a draft: "saved on this device" only when the
// store is durable; a memory-only store keeps it "for now".
std::string_view label_key(const ShelfEntry& entry, bool store_durable);

class DraftShelf {
public:
    DraftShelf(CardStore& store, Channel channel, std::string device)
        : m_store(store), m_channel(channel), m_device(std::move(device)) {}

    // Opens the store (migrations) and loads the list.
    void open();
    // A new, empty card of this device (UUID v4 made now, never at sending).
    IdeaCard new_card(const std::string& language) const;
    // Saves `card` at `revision` and lists it at the top: "saving" until the commit is known.
    void keep(const IdeaCard& card, std::int64_t revision);

    const std::vector<ShelfEntry>& entries() const { return m_entries; }   // newest first
    bool opened() const { return m_opened; }
    const std::string& store_error() const { return m_store_error; }      // open/list failure

private:
    void reload();

    CardStore& m_store;
    Channel m_channel;
    std::string m_device;
    std::vector<ShelfEntry> m_entries;
    bool m_opened = false;
    std::string m_store_error;
};

} // namespace idekort
