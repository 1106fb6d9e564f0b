// CardWizard logic (see card_wizard.h).
#include "app/core/card_wizard.h"

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
    const std::string_view f = base_field(field);
    if (f == "theme") return WizardStep::Theme;
    if (f == "challenge" || f == "target_group") return WizardStep::Challenge;
    if (f == "title" || f == "idea") return WizardStep::Idea;
    if (f == "gain.text" || f == "gain.kinds") return WizardStep::Gain;
    if (f == "departments" || f == "partners") return WizardStep::Involved;
    if (f == "first_test" || f == "needs") return WizardStep::FirstTest;
    if (f.substr(0, 8) == "contact.") return WizardStep::AboutYou;
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
