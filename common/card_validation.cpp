// Card validation (see card_validation.h).
#include "common/card_validation.h"

#include "common/card_fields.h"
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/rfc3339.h"
#include "common/text.h"

#include <set>

namespace idekort {

namespace {

bool looks_like_email(const std::string& s) {
    const auto at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    const std::string domain = s.substr(at + 1);
    const auto dot = domain.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size()) return false;
    for (const char c : s)
        if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

// Shaped like a programme file's id (programme_config.cpp): the card's value need not be in
// today's programme, but it must be an id and not free text.
bool looks_like_programme_id(const std::string& s) {
    if (s.empty() || s.size() > CardLimits::programme_id) return false;
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

bool looks_like_phone(const std::string& s) {
    int digits = 0;
    for (const char c : s) {
        if (c >= '0' && c <= '9') ++digits;
        else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')') return false;
    }
    return digits >= 8 && digits <= 15;
}

class Checker {
public:
    explicit Checker(std::vector<FieldProblem>& out) : m_out(out) {}
    void add(std::string field, const char* rule, std::size_t limit = 0) { m_out.push_back({std::move(field), rule, limit}); }

    // Valid text within `limit` characters; `required` only when completing.
    void text(const std::string& field, const std::string& value, std::size_t limit, bool required) {
        if (!text::is_valid_utf8(value)) return add(field, "invalid_text");
        if (required && text::trim(value).empty()) return add(field, "required");
        if (text::count_characters(value) > limit) add(field, "too_long", limit);
    }

private:
    std::vector<FieldProblem>& m_out;
};

} // namespace

const std::vector<std::string>& validation_rules() {
    static const std::vector<std::string> rules = {
        "required", "too_long", "invalid_text", "invalid_id", "invalid_timestamp", "unknown_language",
        "invalid_choice", "duplicate", "invalid_email", "invalid_phone", "consent_needs_contact_way", "too_large"};
    return rules;
}

std::vector<FieldProblem> validate_card(const IdeaCard& c, const ProgrammeConfig& /*programme: choices are checked for their
                                         shape only, so a card made against an older programme passes; programme_drift() names
                                         what today's programme lacks*/, CardCheck check) {
    std::vector<FieldProblem> problems;
    Checker k(problems);
    const bool complete = check == CardCheck::Complete;

    // One pass over the field table, in the card's order, so problems come in the order the
    // wizard shows the fields.
    for (const CardField& f : card_fields()) {
        if (f.part == FieldPart::Contact && !c.has_contact) continue;
        const std::string field(f.path);
        switch (f.kind) {
        case FieldKind::Schema:
        case FieldKind::Channel:
        case FieldKind::Consent: break;   // the reader has checked them; consent below
        case FieldKind::Id:
            if (!is_uuid_v4(c.id)) k.add(field, "invalid_id");
            break;
        case FieldKind::Timestamp:
            if (!is_utc_timestamp(field_display(f, c))) k.add(field, "invalid_timestamp");
            break;
        case FieldKind::Language:
            if (c.language != "da" && c.language != "en") k.add(field, "unknown_language");
            break;
        case FieldKind::Line:
        case FieldKind::Block:
            k.text(field, field_text(f, c), f.max_chars, complete && f.required_when_complete);
            break;
        case FieldKind::ThemeId:
            if (!c.theme.empty() && !looks_like_programme_id(c.theme)) k.add(field, "invalid_choice");
            break;
        case FieldKind::IdList: {
            const auto& ids = f.path == "departments" ? c.departments : c.gain.kinds;
            std::set<std::string> seen;
            for (std::size_t i = 0; i < ids.size(); ++i) {
                const std::string at = field + "[" + std::to_string(i) + "]";
                if (!looks_like_programme_id(ids[i])) k.add(at, "invalid_choice");
                else if (!seen.insert(ids[i]).second) k.add(at, "duplicate");
            }
            break;
        }
        }
    }

    if (c.has_contact) {
        if (!c.contact.email.empty() && !looks_like_email(c.contact.email)) k.add("contact.email", "invalid_email");
        if (!c.contact.phone.empty() && !looks_like_phone(c.contact.phone)) k.add("contact.phone", "invalid_phone");
        if (complete && c.contact.consent_to_contact && c.contact.email.empty() && c.contact.phone.empty())
            k.add("contact.consent_to_contact", "consent_needs_contact_way");
    }
    // What is sent is the JSON, and the server's body limit is in bytes: a card within every
    // character limit fits (CardLimits::json_bytes), so only long lists of ids reach this.
    if (problems.empty() && card_to_json(c).size() > CardLimits::json_bytes)
        k.add("card", "too_large", CardLimits::json_bytes);
    return problems;
}

std::vector<std::string> programme_drift(const IdeaCard& c, const ProgrammeConfig& programme) {
    std::vector<std::string> out;
    if (!c.theme.empty() && !programme.theme(c.theme)) out.push_back("theme");
    for (std::size_t i = 0; i < c.departments.size(); ++i)
        if (!programme.department(c.departments[i])) out.push_back("departments[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < c.gain.kinds.size(); ++i)
        if (!programme.gain_kind(c.gain.kinds[i])) out.push_back("gain.kinds[" + std::to_string(i) + "]");
    return out;
}

IdeaCard sanitise_card(IdeaCard c) {
    // Control characters go (newlines stay in multi-line fields), and surrounding whitespace.
    for (const CardField& f : card_fields())
        if (f.is_text()) {
            std::string& value = field_text(f, c);
            value = std::string(text::trim(text::strip_control_characters(value, f.multi_line())));
        }
    return c;
}

} // namespace idekort
