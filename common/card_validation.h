// Card validation, shared by the app and idekort-server so both accept exactly the same cards.
//
// A draft may be incomplete: CardCheck::Draft checks only what must hold for anything we store
// (ids, timestamps, valid text, lengths, known ids). CardCheck::Complete also requires the
// fields the programme's criteria call for. Each problem names its field and a rule; the words
// live in the asset strings as "validation.<rule>" (Danish and English), with "{limit}" filled
// in, so the UI can show them at the field and the server can answer in the card's language.
#pragma once

#include "common/idea_card.h"
#include "common/programme_config.h"

#include <cstddef>
#include <string>
#include <vector>

namespace idekort {

enum class CardCheck { Draft, Complete };

struct FieldProblem {
    std::string field;       // "title", "contact.email", "departments[1]"
    std::string rule;        // "required", "too_long", "invalid_text", "unknown_theme", ...
    std::size_t limit = 0;   // for too_long: the maximum number of characters
};

// Maximum lengths in characters (code points), not bytes.
struct CardLimits {
    static constexpr std::size_t title = 120;
    static constexpr std::size_t short_text = 500;    // target group
    static constexpr std::size_t long_text = 4000;    // challenge, idea, gain, first test, needs, partners
    static constexpr std::size_t contact_field = 200;
    static constexpr std::size_t email = 254;
};

std::vector<FieldProblem> validate_card(const IdeaCard& card, const ProgrammeConfig& programme, CardCheck check);

// The card with control characters removed (newlines kept in long texts) and surrounding
// whitespace trimmed: what both app and server store.
IdeaCard sanitise_card(IdeaCard card);

// Every rule validate_card can report, for tests that check each has words in both languages.
const std::vector<std::string>& validation_rules();

} // namespace idekort
