// Card validation, shared by the app and idekort-server so both accept exactly the same cards.
//
// A draft may be incomplete: CardCheck::Draft checks only what must hold for anything we store
// (ids, timestamps, valid text, lengths, well-formed programme ids, the encoded size). CardCheck::Complete also requires the
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
    // A programme id on a card (theme, department, gain kind): a-z, 0-9 and _, like the
    // programme file's own ids, so one from an older programme still reads as an id.
    static constexpr std::size_t programme_id = 64;
    // The card's JSON (card_to_json) in bytes. Every text field at its limit in 4-byte
    // characters (emoji) is about 102 kB, so any card within the character limits fits; the
    // rest is room for the programme ids. idekort-server accepts request bodies of this size
    // (server/api/api.h), so a card validation accepts is never refused as too large.
    static constexpr std::size_t json_bytes = 128 * 1024;
};

// Ids the programme no longer has (a theme or department renamed or dropped since the card was
// made) are not problems: a card made against an older programme is accepted with the value
// kept, and the central office decides its theme (programme_drift below).
std::vector<FieldProblem> validate_card(const IdeaCard& card, const ProgrammeConfig& programme, CardCheck check);

// The programme ids on the card that `programme` does not have, by field ("theme",
// "departments[1]", "gain.kinds[0]"). Empty for a card made against this programme.
std::vector<std::string> programme_drift(const IdeaCard& card, const ProgrammeConfig& programme);

// The card with control characters removed (newlines kept in long texts) and surrounding
// whitespace trimmed: what both app and server store.
IdeaCard sanitise_card(IdeaCard card);

// Every rule validate_card can report, for tests that check each has words in both languages.
const std::vector<std::string>& validation_rules();

} // namespace idekort
