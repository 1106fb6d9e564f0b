// Card validation (see card_validation.h).
#include "common/card_validation.h"

#include "common/card_id.h"
#include "common/text.h"

#include <set>

namespace idekort {

namespace {

bool is_utc_timestamp(const std::string& s) {
    // 2026-11-27T06:30:00Z or with fractional seconds 2026-11-27T06:30:00.123Z
    if (s.size() < 20 || s.back() != 'Z') return false;
    const char* pattern = "dddd-dd-ddTdd:dd:dd";
    for (std::size_t i = 0; i < 19; ++i) {
        const bool digit = s[i] >= '0' && s[i] <= '9';
        if (pattern[i] == 'd' ? !digit : s[i] != pattern[i]) return false;
    }
    if (s.size() == 20) return true;
    if (s[19] != '.' || s.size() < 22) return false;
    for (std::size_t i = 20; i + 1 < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

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
        "unknown_theme", "unknown_department", "duplicate", "unknown_gain_kind", "invalid_email",
        "invalid_phone", "consent_needs_contact_way"};
    return rules;
}

std::vector<FieldProblem> validate_card(const IdeaCard& c, const ProgrammeConfig& programme, CardCheck check) {
    std::vector<FieldProblem> problems;
    Checker k(problems);
    const bool complete = check == CardCheck::Complete;

    if (!is_uuid_v4(c.id)) k.add("id", "invalid_id");
    if (!is_utc_timestamp(c.created_at)) k.add("created_at", "invalid_timestamp");
    if (!is_utc_timestamp(c.updated_at)) k.add("updated_at", "invalid_timestamp");
    if (c.language != "da" && c.language != "en") k.add("language", "unknown_language");
    k.text("origin.device", c.origin.device, 64, false);
    k.text("origin.workshop", c.origin.workshop, 32, false);

    k.text("title", c.title, CardLimits::title, complete);
    if (!c.theme.empty() && !programme.theme(c.theme)) k.add("theme", "unknown_theme");
    k.text("challenge", c.challenge, CardLimits::long_text, complete);
    k.text("target_group", c.target_group, CardLimits::short_text, complete);
    k.text("idea", c.idea, CardLimits::long_text, complete);
    k.text("gain.text", c.gain.text, CardLimits::long_text, complete);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < c.gain.kinds.size(); ++i) {
        const std::string field = "gain.kinds[" + std::to_string(i) + "]";
        if (!programme.gain_kind(c.gain.kinds[i])) k.add(field, "unknown_gain_kind");
        else if (!seen.insert(c.gain.kinds[i]).second) k.add(field, "duplicate");
    }
    seen.clear();
    for (std::size_t i = 0; i < c.departments.size(); ++i) {
        const std::string field = "departments[" + std::to_string(i) + "]";
        if (!programme.department(c.departments[i])) k.add(field, "unknown_department");
        else if (!seen.insert(c.departments[i]).second) k.add(field, "duplicate");
    }
    k.text("partners", c.partners, CardLimits::long_text, false);
    k.text("first_test", c.first_test, CardLimits::long_text, false);
    k.text("needs", c.needs, CardLimits::long_text, false);

    if (c.has_contact) {
        k.text("contact.name", c.contact.name, CardLimits::contact_field, false);
        k.text("contact.workplace", c.contact.workplace, CardLimits::contact_field, false);
        k.text("contact.email", c.contact.email, CardLimits::email, false);
        k.text("contact.phone", c.contact.phone, CardLimits::contact_field, false);
        if (!c.contact.email.empty() && !looks_like_email(c.contact.email)) k.add("contact.email", "invalid_email");
        if (!c.contact.phone.empty() && !looks_like_phone(c.contact.phone)) k.add("contact.phone", "invalid_phone");
        if (complete && c.contact.consent_to_contact && c.contact.email.empty() && c.contact.phone.empty())
            k.add("contact.consent_to_contact", "consent_needs_contact_way");
    }
    return problems;
}

IdeaCard sanitise_card(IdeaCard c) {
    const auto line = [](std::string& s) { s = std::string(text::trim(text::strip_control_characters(s, false))); };
    const auto block = [](std::string& s) { s = std::string(text::trim(text::strip_control_characters(s, true))); };
    line(c.title);
    line(c.target_group);
    block(c.challenge);
    block(c.idea);
    block(c.gain.text);
    block(c.partners);
    block(c.first_test);
    block(c.needs);
    line(c.origin.device);
    line(c.origin.workshop);
    line(c.contact.name);
    line(c.contact.workplace);
    line(c.contact.email);
    line(c.contact.phone);
    return c;
}

} // namespace idekort
