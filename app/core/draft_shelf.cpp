// DraftShelf (see draft_shelf.h).
#include "app/core/draft_shelf.h"

#include "app/core/new_card.h"
#include "common/card_id.h"

namespace idekort {

std::string_view label_key(const ShelfEntry& entry, bool store_durable) {
    switch (entry.state) {
    case SaveState::Saving: return "drafts.saving";
    case SaveState::Failed: return "drafts.failed";
    case SaveState::Saved: return store_durable ? "drafts.saved" : "drafts.saved_memory";
    }
    return "drafts.saving";
}

void DraftShelf::open() {
    m_store.open([this](Status s) {
        if (!s) {
            m_store_error = s.error().describe();
            return;
        }
        m_opened = true;
        reload();
    });
}

void DraftShelf::reload() {
    m_store.list_drafts([this](Expected<std::vector<DraftSummary>> drafts) {
        if (!drafts) {
            m_store_error = drafts.error().describe();
            return;
        }
        std::vector<ShelfEntry> entries;
        for (const DraftSummary& d : drafts.value())
            entries.push_back({d.id, d.title, d.updated_at, SaveState::Saved, {}, d.revision, d.opening});
        m_entries = std::move(entries);
    });
    reload_sent();
}

void DraftShelf::reload_sent() {
    m_store.list_outbox([this](Expected<std::vector<OutboxEntry>> outbox) {
        if (!outbox) {
            m_store_error = outbox.error().describe();
            return;
        }
        std::vector<SentEntry> sent;
        for (const OutboxEntry& e : outbox.value()) {
            const auto uuid = parse_uuid(e.id);
            sent.push_back({e.id, e.card.title, uuid ? receipt_code(uuid.value()) : std::string(), e.state, e.last_error});
        }
        // The store lists oldest first; people look for the card they just sent.
        m_sent.assign(sent.rbegin(), sent.rend());
    });
}

void DraftShelf::load(const std::string& id, std::function<void(Expected<IdeaCard>, std::int64_t)> done) {
    // The revision is read when the answer arrives: the store works its queue in order, so by
    // then any listing queued before this load has updated the entries.
    m_store.load_draft(id, [this, id, done = std::move(done)](Expected<IdeaCard> card) {
        std::int64_t revision = 0;
        for (const ShelfEntry& e : m_entries)
            if (e.id == id) revision = e.revision;
        done(std::move(card), revision);
    });
}

void DraftShelf::discard(const std::string& id) {
    for (auto it = m_entries.begin(); it != m_entries.end();)
        it = it->id == id ? m_entries.erase(it) : it + 1;
    m_store.delete_draft(id, [this](Status s) {
        if (!s) m_store_error = s.error().describe();
    });
}

IdeaCard DraftShelf::new_card(const std::string& language) const {
    CardOrigin origin;
    origin.channel = m_channel;
    origin.device = m_device;
    return idekort::new_card(language, origin);
}

} // namespace idekort
