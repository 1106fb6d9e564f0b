// CardWizard logic (see card_wizard.h).
#include "app/core/card_wizard.h"

#include "common/card_fields.h"

namespace idekort {

std::string_view step_key(WizardStep step) {
    switch (step) {
    case WizardStep::Theme: return "theme";
    case WizardStep::Challenge: return "challenge";
    case WizardStep::Idea: return "idea";
    case WizardStep::Gain: return "gain";
    case WizardStep::Involved: return "involved";
    case WizardStep::FirstTest: return "first_test";
    case WizardStep::AboutYou: return "about_you";
    case WizardStep::Review: return "review";
    }
    return "review";
}

int step_index(WizardStep step) { return static_cast<int>(step); }

std::string_view base_field(std::string_view field) {
    const auto bracket = field.find('[');
    return bracket == std::string_view::npos ? field : field.substr(0, bracket);
}

WizardStep step_of_field(std::string_view field) {
    // The field table (common/card_fields.h) names each field's step by its key.
    const CardField* row = find_card_field(base_field(field));
    if (row && !row->wizard_step.empty())
        for (WizardStep step : wizard_steps)
            if (step_key(step) == row->wizard_step) return step;
    return WizardStep::Review;
}

std::vector<FieldProblem> step_problems(const IdeaCard& card, const ProgrammeConfig& programme, WizardStep step) {
    std::vector<FieldProblem> mine;
    for (FieldProblem& p : validate_card(card, programme, CardCheck::Complete))
        if (step_of_field(p.field) == step) mine.push_back(std::move(p));
    return mine;
}

std::vector<WizardStep> steps_with_problems(const IdeaCard& card, const ProgrammeConfig& programme) {
    std::array<bool, wizard_step_count> seen{};
    for (const FieldProblem& p : validate_card(card, programme, CardCheck::Complete))
        seen[static_cast<std::size_t>(step_index(step_of_field(p.field)))] = true;
    std::vector<WizardStep> out;
    for (WizardStep s : wizard_steps)
        if (seen[static_cast<std::size_t>(step_index(s))]) out.push_back(s);
    return out;
}

} // namespace idekort
