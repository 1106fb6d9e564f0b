// MyCardsScreen: a director's "Mine kort" (issue 15): the cards of the themes they answer for
// that are past triage and not closed (in screening, invited to pitch, pitched, a step funded,
// learning recorded), from GET /api/v1/cards?mine=1, longest in their state first. Each row says
// the card's title, theme, stage and the days it has waited in that stage; a row (pressed, or
// Enter on it) opens the card's pipeline page (JourneyScreen) through `open_journey`.
#pragma once

#include "app/office/inbox_screen.h"   // OfficeContext
#include "app/ui/widgets.h"               // TouchScroll
#include "common/idea_card.h"
#include "common/protocol/cards.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace idekort::office {

// One card as the list shows it: read once when the answer arrives.
struct MyCardRow {
    protocol::StoredCardEntry entry;
    IdeaCard card;
    std::int64_t days_waiting = 0;   // whole days in its present stage
};

class MyCardsScreen {
public:
    void load(OfficeContext& office, std::int64_t now_ms);
    void draw(OfficeContext& office, float height);
    void forget() { *this = MyCardsScreen{}; }

    bool loading() const { return m_loading; }
    bool loaded() const { return m_loaded; }
    const std::vector<MyCardRow>& rows() const { return m_rows; }
    const std::string& message() const { return m_message; }
    const MyCardRow* find(const std::string& card_id) const;

    std::function<void(const std::string& card_id)> open_journey;

private:
    std::vector<MyCardRow> m_rows;
    bool m_loading = false;
    bool m_loaded = false;
    std::string m_message;
    ui::TouchScroll m_scroll;        // a finger drags the rows
};

} // namespace idekort::office
