// The idea card on the wire and in the store: JSON with readable, named fields (the API's card
// schema, docs/CARD-SCHEMA.md), written and read with cereal.
//
// Reading is for untrusted input: the text is parsed once, with the JSON guard's checks in the
// same pass (size, depth, UTF-8, no NaN), then unknown members are refused (a typo must not
// silently drop a field), then cereal loads the fields from the parsed document. cereal's
// exceptions are caught here and become an Error whose `where` names the field
// ("contact.email"); nothing throws past this boundary.
#pragma once

#include "common/idea_card.h"
#include "common/json_guard.h"
#include "common/status.h"

#include <string>
#include <string_view>

namespace idekort {

std::string card_to_json(const IdeaCard& card);
Expected<IdeaCard> card_from_json(std::string_view json, const JsonLimits& limits = {});

} // namespace idekort
