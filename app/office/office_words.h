// The office screens' shared words and card text: a programme id in the reader's language
// (theme, department, close reason), a field's label given to the field, and a card's sections
// as the inbox, the meeting and the journey show them. One place, so the screens agree on how
// a card reads.
#pragma once

#include "app/ui/screen_context.h"
#include "common/idea_card.h"

#include <string>

namespace idekort::office {

// The theme's name in the reader's language; "no theme yet" for an empty id, the id itself for
// one the programme no longer has (an old card keeps its word).
std::string theme_name(const ui::ScreenContext& ctx, const std::string& id);
std::string department_name(const ui::ScreenContext& ctx, const std::string& id);
std::string close_reason_name(const ui::ScreenContext& ctx, const std::string& id);

// A field's visible label: its name for the registry (given to the field), not text of its own.
void field_label(ui::ScreenContext& ctx, const std::string& label, float width);

// The card's text, section by section (challenge, target group, idea, ...), each under its
// subheading and left out when empty.
void draw_card_sections(ui::ScreenContext& ctx, const IdeaCard& card, float width);

} // namespace idekort::office
