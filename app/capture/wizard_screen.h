// WizardScreen: the idea card as eight steps (app/core/card_wizard.h): theme, challenge,
// idea, gain, who is involved, a first test, about you, review and send. It edits the card it is
// given in place, so going back and forth, switching language or hiding the keyboard never loses
// text; the app saves the card as it changes.
//
// A problem shows at its field in words as soon as it makes sense: too long or unreadable text
// while typing, a missing answer once the person has left the field or pressed "Next". "Next"
// does not leave a step with problems on it; the review step lists what is still missing with
// a way back to it.
#pragma once

#include "app/core/card_wizard.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"
#include "common/idea_card.h"

#include <set>
#include <string>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

class WizardScreen {
public:
    enum class Action { None, Edited, Cancel, Send };

    // Starts at the first step with nothing marked (a new or resumed card).
    void start(WizardStep step = WizardStep::Theme);
    // `save_key`: the string key of the autosave's state ("drafts.saved" ...), shown quietly
    // beside the progress so the person knows the text is kept; empty before the first edit.
    Action draw(IdeaCard& card, ScreenContext& ctx, float bottom_reserved, std::string_view save_key);

    WizardStep step() const { return m_step; }
    void go_to(WizardStep step);
    // Puts the keyboard focus in `field` on the next draw (an empty required field after "Next",
    // or a preview with the keyboard up).
    void focus_field(std::string field) { m_focus = std::move(field); }
    // Problems that are being shown now, as "field:rule" (tests and diagnostics).
    const std::vector<std::string>& shown_problems() const { return m_shown; }

private:
    Action draw_step(IdeaCard& card, ScreenContext& ctx, const std::vector<FieldProblem>& problems);
    void draw_progress(ScreenContext& ctx, std::string_view save_key);
    Action draw_navigation(const IdeaCard& card, ScreenContext& ctx, const std::vector<FieldProblem>& problems);
    bool text(ScreenContext& ctx, const std::vector<FieldProblem>& problems, const char* field, std::string& value,
              TextFieldKind kind = TextFieldKind::Text, int lines = 1, bool with_help = true);
    void field_problem(ScreenContext& ctx, const std::vector<FieldProblem>& problems, std::string_view field);
    // The problem shown at `field` now, if any: the first to fix.
    const FieldProblem* shown_problem(const std::vector<FieldProblem>& problems, std::string_view field) const;
    bool draw_review(IdeaCard& card, ScreenContext& ctx);

    WizardStep m_step = WizardStep::Theme;
    std::set<std::string, std::less<>> m_touched;   // fields left after an edit: show "required"
    bool m_tried_next = false;                       // "Next" pressed on this step with problems
    bool m_scroll_top = false;
    bool m_scroll_to_problem = false;   // "Next" found problems: bring the first into view
    // The theme step has no preselection: a person chooses a theme or "don't know" (an empty
    // theme on the card), so nobody passes the choice without seeing it. A card with a theme
    // (resumed, or back from a later step) has been chosen.
    bool m_theme_chosen = false;
    bool theme_chosen(const IdeaCard& card) const { return m_theme_chosen || !card.theme.empty(); }
    std::string m_focus;
    std::vector<std::string> m_shown;
    TouchScroll m_scroll;
};

} // namespace idekort::capture
