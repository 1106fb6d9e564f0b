// QuickIdea: the first screen's model, one line that names an idea. It is the seed of the
// idea card (issue 3 brings the full IdeaCard); here it proves the path from a text field
// through validation to a confirmation, on every target. Problems are returned as string keys
// so the UI shows them in the user's language from the asset files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace idekort {

class QuickIdea {
public:
    static constexpr std::size_t max_characters = 120;

    // The text being edited. The UI binds its text field to this string directly, so nothing
    // typed is ever held only inside a widget.
    std::string& draft() { return m_draft; }
    const std::string& draft() const { return m_draft; }

    // The string key of what is wrong with the draft now, or an empty view when it is fine.
    std::string_view problem_key() const;

    // Notes the draft when it is valid: true, the draft is cleared and remembered in
    // noted(). When not valid: false, and the draft is kept exactly as typed.
    bool note();

    const std::vector<std::string>& noted() const { return m_noted; }

private:
    std::string m_draft;
    std::vector<std::string> m_noted;
};

} // namespace idekort
