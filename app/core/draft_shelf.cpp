// DraftShelf (see draft_shelf.h).
#include "app/core/draft_shelf.h"

#include "common/card_id.h"
#include "common/clock.h"

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
        // Keep entries still being saved; the list shows them until their commit is known.
        std::vector<ShelfEntry> entries;
        for (const ShelfEntry& e : m_entries)
            if (e.state != SaveState::Saved) entries.push_back(e);
        for (const DraftSummary& d : drafts.value()) {
            bool pending = false;
            for (const ShelfEntry& e : entries) pending = pending || e.id == d.id;
            if (!pending) entries.push_back({d.id, d.title, d.updated_at, SaveState::Saved, {}});
        }
        m_entries = std::move(entries);
    });
}

IdeaCard DraftShelf::new_card(const std::string& language) const {
    IdeaCard card;
    card.id = to_string(new_uuid());
    card.created_at = card.updated_at = utc_now();
    card.language = language;
    card.origin.channel = m_channel;
    card.origin.device = m_device;
    return card;
}

void DraftShelf::keep(const IdeaCard& card, std::int64_t revision) {
    // The autosave may already have listed this card after a reload; the kept one replaces it.
    for (auto it = m_entries.begin(); it != m_entries.end();)
        it = it->id == card.id ? m_entries.erase(it) : it + 1;
    m_entries.insert(m_entries.begin(), {card.id, card.title, card.updated_at, SaveState::Saving, {}});
    const std::string id = card.id;
    m_store.save_draft(card, revision, [this, id](Status s) {
        for (ShelfEntry& e : m_entries) {
            if (e.id != id) continue;
            e.state = s ? SaveState::Saved : SaveState::Failed;
            if (!s) e.error = s.error().describe();
        }
    });
}

} // namespace idekort
