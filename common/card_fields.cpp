// The card's field table (see card_fields.h).
#include "common/card_fields.h"

#include "common/card_validation.h"

#include <cassert>

namespace idekort {

namespace {
std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

using K = FieldKind;
using P = FieldPart;
constexpr std::size_t long_text = CardLimits::long_text;
} // namespace

const std::vector<CardField>& card_fields() {
    // path, member, key, kind, part, max chars, required, wizard step, CSV column, CSV order
    static const std::vector<CardField> fields = {
        {"schema", "schema", "schema", K::Schema, P::Card, 0, false, "", "", 0},
        {"id", "id", "id", K::Id, P::Card, 0, false, "", "", 0},
        {"created_at", "created_at", "created_at", K::Timestamp, P::Card, 0, false, "", "created_at", 18},
        {"updated_at", "updated_at", "updated_at", K::Timestamp, P::Card, 0, false, "", "updated_at", 19},
        {"language", "language", "language", K::Language, P::Card, 0, false, "", "language", 1},
        {"origin.channel", "origin", "channel", K::Channel, P::Card, 0, false, "", "channel", 2},
        {"origin.device", "origin", "device", K::Line, P::Card, 64, false, "", "", 0},
        {"origin.workshop", "origin", "workshop", K::Line, P::Card, 32, false, "", "", 0},
        {"title", "title", "title", K::Line, P::Idea, CardLimits::title, true, "idea", "title", 3},
        {"theme", "theme", "theme", K::ThemeId, P::Idea, 0, false, "theme", "", 0},
        {"challenge", "challenge", "challenge", K::Block, P::Idea, long_text, true, "challenge", "challenge", 4},
        {"target_group", "target_group", "target_group", K::Line, P::Idea, CardLimits::short_text, true, "challenge", "target_group", 5},
        {"idea", "idea", "idea", K::Block, P::Idea, long_text, true, "idea", "idea", 6},
        {"gain.text", "gain", "text", K::Block, P::Idea, long_text, true, "gain", "gain", 7},
        {"gain.kinds", "gain", "kinds", K::IdList, P::Idea, 0, false, "gain", "gain_kinds", 8},
        {"departments", "departments", "departments", K::IdList, P::Idea, 0, false, "involved", "departments", 9},
        {"partners", "partners", "partners", K::Block, P::Idea, long_text, false, "involved", "partners", 10},
        {"first_test", "first_test", "first_test", K::Block, P::Idea, long_text, false, "first_test", "first_test", 11},
        {"needs", "needs", "needs", K::Block, P::Idea, long_text, false, "first_test", "needs", 12},
        {"contact.name", "contact", "name", K::Line, P::Contact, CardLimits::contact_field, false, "about_you", "contact_name", 13},
        {"contact.workplace", "contact", "workplace", K::Line, P::Contact, CardLimits::contact_field, false, "about_you", "contact_workplace", 14},
        {"contact.email", "contact", "email", K::Line, P::Contact, CardLimits::email, false, "about_you", "contact_email", 15},
        {"contact.phone", "contact", "phone", K::Line, P::Contact, CardLimits::contact_field, false, "about_you", "contact_phone", 16},
        {"contact.consent_to_contact", "contact", "consent_to_contact", K::Consent, P::Contact, 0, false, "about_you", "consent_to_contact", 17},
    };
    return fields;
}

const CardField* find_card_field(std::string_view path) {
    path = path.substr(0, path.find('['));
    for (const CardField& f : card_fields())
        if (f.path == path) return &f;
    return nullptr;
}

std::string& field_text(const CardField& field, IdeaCard& c) {
    const std::string_view p = field.path;
    if (p == "origin.device") return c.origin.device;
    if (p == "origin.workshop") return c.origin.workshop;
    if (p == "title") return c.title;
    if (p == "challenge") return c.challenge;
    if (p == "target_group") return c.target_group;
    if (p == "idea") return c.idea;
    if (p == "gain.text") return c.gain.text;
    if (p == "partners") return c.partners;
    if (p == "first_test") return c.first_test;
    if (p == "needs") return c.needs;
    if (p == "contact.name") return c.contact.name;
    if (p == "contact.workplace") return c.contact.workplace;
    if (p == "contact.email") return c.contact.email;
    if (p == "contact.phone") return c.contact.phone;
    assert(!"a text row of card_fields() without its member in field_text()");
    static std::string none;
    none.clear();
    return none;
}

const std::string& field_text(const CardField& field, const IdeaCard& card) {
    // The same lookup; the mutable overload never changes the card.
    return field_text(field, const_cast<IdeaCard&>(card));
}

std::string field_display(const CardField& field, const IdeaCard& c) {
    switch (field.kind) {
    case K::Schema: return std::to_string(c.schema);
    case K::Id: return c.id;
    case K::Timestamp: return field.path == "created_at" ? c.created_at : c.updated_at;
    case K::Language: return c.language;
    case K::Channel: return std::string(to_string(c.origin.channel));
    case K::Line:
    case K::Block: return field_text(field, c);
    case K::ThemeId: return c.theme;
    case K::IdList: return join(field.path == "departments" ? c.departments : c.gain.kinds, ";");
    case K::Consent: return c.has_contact ? (c.contact.consent_to_contact ? "yes" : "no") : "";
    }
    return {};
}

std::vector<std::string> differing_members(const IdeaCard& a, const IdeaCard& b) {
    std::vector<std::string> out;
    const auto add = [&](std::string_view member) {
        if (out.empty() || out.back() != member) out.emplace_back(member);
    };
    for (const CardField& f : card_fields()) {
        bool same;
        if (f.kind == K::IdList) same = f.path == "departments" ? a.departments == b.departments : a.gain.kinds == b.gain.kinds;
        else if (f.kind == K::Consent) same = a.has_contact == b.has_contact && a.contact.consent_to_contact == b.contact.consent_to_contact;
        else same = field_display(f, a) == field_display(f, b);
        if (!same) add(f.member);
    }
    return out;
}

} // namespace idekort
