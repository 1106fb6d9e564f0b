// Narrator (see narrator.h).
#include "app/core/narrator.h"

namespace idekort {

namespace {

// "Titel, tekstfelt, Kortere køer. Udfyld feltet. Skriv en kort titel." : name first, as screen
// readers do, so a person who knows the screen can move on after the first word.
std::string describe(const SemanticItem& item, const NarratorWords& words) {
    std::string out = item.label;
    const auto add = [&](const std::string& part) {
        if (part.empty()) return;
        if (!out.empty()) out += ", ";
        out += part;
    };
    switch (item.role) {
    case SemanticRole::TextInput:
        add(words.text_field);
        add(item.value);
        break;
    case SemanticRole::Checkbox:
        add(words.checkbox);
        add(item.checked ? words.checked : words.not_checked);
        break;
    case SemanticRole::Radio:
        add(words.radio);
        add(item.checked ? words.checked : words.not_checked);
        break;
    default: add(words.button); break;
    }
    if (item.invalid) add(item.error.empty() ? words.invalid : item.error);
    add(item.description);
    return out;
}

} // namespace

std::string Narrator::next(const std::vector<SemanticItem>& items, const NarratorWords& words) {
    std::string said;
    const SemanticItem* focused = nullptr;
    std::string status;
    for (const SemanticItem& item : items) {
        if (item.focused && is_control(item.role)) focused = &item;
        if (item.role == SemanticRole::Status) status += (status.empty() ? "" : ". ") + item.label;
    }
    if (focused) {
        std::string now = describe(*focused, words);
        // A text field being typed in is not read back at every letter: only when it gets the
        // focus, or when its problem or state changes (the value is the last thing compared).
        const bool typing = focused->id == m_focus && focused->role == SemanticRole::TextInput && focused->active;
        if (focused->id != m_focus || (!typing && now != m_focus_words)) said = now;
        m_focus = focused->id;
        m_focus_words = std::move(now);
    } else {
        m_focus = 0;
        m_focus_words.clear();
    }
    if (status != m_status) {
        if (!status.empty()) said += (said.empty() ? "" : ". ") + status;
        m_status = std::move(status);
    }
    return said;
}

void Narrator::reset() {
    m_focus = 0;
    m_focus_words.clear();
    m_status.clear();
}

} // namespace idekort
