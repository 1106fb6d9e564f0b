// FirstScreen: the foundation's one screen: a title, one text field ("your idea in one line")
// and one button that notes it. The capture wizard (issue 4) replaces it; what stays is the
// pattern: the widget edits the model's string directly, problems show at the field in words,
// and every label comes from the asset strings.
#pragma once

#include "app/core/quick_idea.h"
#include "app/core/string_table.h"
#include "app/ui/theme.h"

namespace idekort::ui {

class ItemRegistry;

class FirstScreen {
public:
    FirstScreen(QuickIdea& idea, UiStrings& strings, ItemRegistry& registry)
        : m_idea(idea), m_strings(strings), m_registry(registry) {}

    void draw(const Fonts& fonts, float ui_scale);

    int presses() const { return m_presses; }

private:
    void submit();

    QuickIdea& m_idea;
    UiStrings& m_strings;
    ItemRegistry& m_registry;
    int m_presses = 0;
    bool m_show_problem = false;   // only after the user tried, not while they start typing
    bool m_just_noted = false;
};

} // namespace idekort::ui
