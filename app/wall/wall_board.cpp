// The wall's state from the workshop's changes (see wall_board.h).
#include "app/wall/wall_board.h"

#include <algorithm>

namespace idekort::wall {

void WallBoard::apply(const protocol::WorkshopChanges& changes) {
    if (changes.workshop) m_workshop = changes.workshop;
    for (const protocol::WorkshopCluster& c : changes.clusters) {
        auto it = std::find_if(m_clusters.begin(), m_clusters.end(), [&](const auto& k) { return k.cluster_id == c.cluster_id; });
        if (it == m_clusters.end()) m_clusters.push_back(c);
        else *it = c;
    }
    for (const protocol::WallCard& c : changes.cards) {
        auto it = std::find_if(m_cards.begin(), m_cards.end(), [&](const auto& k) { return k.card_id == c.card_id; });
        if (it == m_cards.end()) m_cards.push_back(c);
        else *it = c;
    }
    m_revision = std::max(m_revision, changes.revision);
}

void WallBoard::clear() { *this = WallBoard(); }

const protocol::WallCard* WallBoard::card(const std::string& card_id) const {
    for (const auto& c : m_cards)
        if (c.card_id == card_id) return &c;
    return nullptr;
}

const protocol::WorkshopCluster* WallBoard::cluster(const std::string& cluster_id) const {
    for (const auto& c : m_clusters)
        if (c.cluster_id == cluster_id) return &c;
    return nullptr;
}

std::vector<const protocol::WallCard*> WallBoard::cards_in(const std::string& cluster_id, bool with_hidden) const {
    std::vector<const protocol::WallCard*> out;
    for (const auto& c : m_cards) {
        if (c.status == "merged" || (c.status == "hidden" && !with_hidden)) continue;
        // A card whose cluster is unknown (made after the answer was written) waits among the new.
        const std::string in = c.cluster_id && cluster(*c.cluster_id) ? *c.cluster_id : std::string();
        if (in == cluster_id) out.push_back(&c);
    }
    return out;
}

std::vector<const protocol::WallCard*> WallBoard::ranking() const {
    std::vector<const protocol::WallCard*> out;
    for (const auto& c : m_cards)
        if (c.status == "shown") out.push_back(&c);
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->dots > b->dots; });
    return out;
}

} // namespace idekort::wall
