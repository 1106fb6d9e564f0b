// FirstScreen: the foundation's one screen: a title, one text field ("your idea in one line")
// and one button that notes it. The capture wizard (issue 4) replaces it; what stays is the
// pattern: the widget edits the model's string directly, problems show at the field in words,
// and every label comes from the asset strings.
#pragma once

#include "app/core/draft_autosave.h"
#include "app/core/draft_shelf.h"
#include "app/core/quick_idea.h"
#include "app/core/sql_executor.h"
#include "app/core/string_table.h"
#include "app/ui/theme.h"

namespace idekort::ui {

class ItemRegistry;

class FirstScreen {
public:
    struct Context {
        QuickIdea& idea;
        UiStrings& strings;
        ItemRegistry& registry;
        DraftShelf* shelf;          // null when the runner gave no store
        DraftAutosave* autosave;    // null when the runner gave no store
        const SqlExecutor* store;   // for the "not saved on this device" notice
        bool kiosk;                 // never list drafts on a shared kiosk
    };
    explicit FirstScreen(const Context& c)
        : m_idea(c.idea), m_strings(c.strings), m_registry(c.registry), m_shelf(c.shelf), m_autosave(c.autosave),
          m_store(c.store), m_kiosk(c.kiosk) {}

    // `now`: the runner's frame time (FrameInput::time_seconds), the autosave's clock.
    void draw(const Fonts& fonts, float ui_scale, double now);

    int presses() const { return m_presses; }

private:
    void submit();
    void draw_store_notice(float width);
    void draw_drafts(float width, float ui_scale);

    QuickIdea& m_idea;
    UiStrings& m_strings;
    ItemRegistry& m_registry;
    DraftShelf* m_shelf;
    DraftAutosave* m_autosave;
    const SqlExecutor* m_store;
    bool m_kiosk;
    int m_presses = 0;
    bool m_show_problem = false;   // only after the user tried, not while they start typing
    bool m_just_noted = false;
};

} // namespace idekort::ui
