// DraftShelf: the drafts of this device as the start screen shows them, kept in step with the
// CardStore. A new draft shows "saving" until the store acknowledges its commit, and only then
// "saved on this device" (a saved mark that lies is how form tools lose trust).
//
// The start screen lists the drafts (to continue or delete) and the sent cards with their
// state and receipt code; the capture wizard edits the cards themselves through DraftAutosave.
#pragma once

#include "app/core/card_store.h"

#include <functional>
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
    std::int64_t revision = 0;
    std::string opening;   // first words the person wrote, for a draft without a title
};

// A completed card as the start screen shows it.
struct SentEntry {
    std::string id;
    std::string title;
    std::string receipt;          // made on the device from the id: shown even offline
    OutboxState state = OutboxState::Queued;
    std::string last_error;
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
    // A new, empty card of this device and channel (new_card.h).
    IdeaCard new_card(const std::string& language) const;

    // Loads the stored draft `id` for the wizard; `done` gets it with its revision.
    void load(const std::string& id, std::function<void(Expected<IdeaCard>, std::int64_t revision)> done);
    // Deletes the draft for good, and drops it from the list.
    void discard(const std::string& id);
    // Reads the drafts and the sent cards again (after a card was completed).
    void reload();

    const std::vector<ShelfEntry>& entries() const { return m_entries; }   // newest first
    const std::vector<SentEntry>& sent() const { return m_sent; }         // newest first
    bool opened() const { return m_opened; }
    const std::string& store_error() const { return m_store_error; }      // open/list failure

private:
    void reload_sent();

    CardStore& m_store;
    Channel m_channel;
    std::string m_device;
    std::vector<ShelfEntry> m_entries;
    std::vector<SentEntry> m_sent;
    bool m_opened = false;
    std::string m_store_error;
};

} // namespace idekort
