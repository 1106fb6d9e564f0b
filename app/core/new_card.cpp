// Making a card (see new_card.h).
#include "app/core/new_card.h"

#include "common/card_id.h"
#include "common/clock.h"

namespace idekort {

IdeaCard new_card(const std::string& language, const CardOrigin& origin) {
    IdeaCard card;
    card.id = to_string(new_uuid());
    card.created_at = card.updated_at = utc_now();
    card.language = language;
    card.origin = origin;
    return card;
}

} // namespace idekort
