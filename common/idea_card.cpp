// IdeaCard helpers (see idea_card.h).
#include "common/idea_card.h"

#include <tuple>

namespace idekort {

namespace {
auto tie_card(const IdeaCard& c) {
    return std::tie(c.schema, c.id, c.created_at, c.updated_at, c.language, c.origin.channel, c.origin.device,
                    c.origin.workshop, c.title, c.theme, c.challenge, c.target_group, c.idea, c.gain.text,
                    c.gain.kinds, c.departments, c.partners, c.first_test, c.needs, c.has_contact,
                    c.contact.name, c.contact.workplace, c.contact.email, c.contact.phone,
                    c.contact.consent_to_contact);
}
} // namespace

bool IdeaCard::operator==(const IdeaCard& other) const { return tie_card(*this) == tie_card(other); }

std::string_view to_string(Channel channel) {
    switch (channel) {
    case Channel::Kiosk: return "kiosk";
    case Channel::Web: return "web";
    case Channel::Workshop: return "workshop";
    }
    return "web";
}

bool parse_channel(std::string_view text, Channel& out) {
    if (text == "kiosk") out = Channel::Kiosk;
    else if (text == "web") out = Channel::Web;
    else if (text == "workshop") out = Channel::Workshop;
    else return false;
    return true;
}

} // namespace idekort
