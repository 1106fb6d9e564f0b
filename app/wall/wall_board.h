// WallBoard: what the workshop's wall shows, kept from the server's "changes since R" answers
// (common/protocol/workshop.h). Changes are state, not events: each card and cluster is applied by
// id in its current state, so an answer seen twice or one after a gap leaves the same board.
// No ImGui here: the screen (wall_screen.cpp) draws it, the tests read it.
#pragma once

#include "common/protocol/workshop.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::wall {

class WallBoard {
public:
    void apply(const protocol::WorkshopChanges& changes);
    void clear();

    std::int64_t revision() const { return m_revision; }
    const std::optional<protocol::WorkshopInfo>& workshop() const { return m_workshop; }
    // Clusters in the order they were made; cards in the order they arrived.
    const std::vector<protocol::WorkshopCluster>& clusters() const { return m_clusters; }
    const std::vector<protocol::WallCard>& cards() const { return m_cards; }

    const protocol::WallCard* card(const std::string& card_id) const;
    const protocol::WorkshopCluster* cluster(const std::string& cluster_id) const;
    // The cards on the wall in a cluster ("" = not in one yet): shown and waiting ones, not the
    // merged (they live on in the card they joined); hidden ones only with `with_hidden`.
    std::vector<const protocol::WallCard*> cards_in(const std::string& cluster_id, bool with_hidden) const;
    // Shown cards by dots, most first; equal dots in the order they arrived.
    std::vector<const protocol::WallCard*> ranking() const;

private:
    std::int64_t m_revision = 0;
    std::optional<protocol::WorkshopInfo> m_workshop;
    std::vector<protocol::WorkshopCluster> m_clusters;
    std::vector<protocol::WallCard> m_cards;
};

} // namespace idekort::wall
