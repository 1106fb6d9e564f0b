// QuickIdea validation (see quick_idea.h). Lengths count characters, not bytes.
#include "app/core/quick_idea.h"

#include "common/text.h"

namespace idekort {

std::string_view QuickIdea::problem_key() const {
    const std::string_view trimmed = text::trim(m_draft);
    if (!text::is_valid_utf8(m_draft)) return "quick_idea.error.invalid_text";
    if (trimmed.empty()) return "quick_idea.error.empty";
    if (text::count_characters(trimmed) > max_characters) return "quick_idea.error.too_long";
    return {};
}

bool QuickIdea::note() {
    if (!problem_key().empty()) return false;
    m_noted.push_back(text::strip_control_characters(text::trim(m_draft), false));
    m_draft.clear();
    return true;
}

} // namespace idekort
