// CardWizard: the steps of the capture wizard (issue 4) as plain logic, so that the order, what
// each step edits and which problems it shows are tested without a screen. The steps follow the
// idea card (docs/CARD-SCHEMA.md): theme, challenge and target group, the idea, gain, who is involved,
// a first test, about you, review.
//
// Validation is common/card_validation.h's, the same rules the server applies; a step shows only
// the problems of its own fields, and "Next" refuses to leave a step that still has one, so a
// card reaches review with nothing left to fix except what the user skipped on purpose.
#pragma once

#include "common/card_validation.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

enum class WizardStep { Theme, Challenge, Idea, Gain, Involved, FirstTest, AboutYou, Review };

constexpr int wizard_step_count = 8;
constexpr std::array<WizardStep, wizard_step_count> wizard_steps = {
    WizardStep::Theme, WizardStep::Challenge, WizardStep::Idea, WizardStep::Gain,
    WizardStep::Involved, WizardStep::FirstTest, WizardStep::AboutYou, WizardStep::Review};

// "theme", "challenge", ...: the step's part of the asset string keys ("wizard.<key>.title").
std::string_view step_key(WizardStep step);
int step_index(WizardStep step);   // 0-based

// The step that edits `field` (a FieldProblem::field such as "departments[1]" or
// "contact.email"), from the card's field table. Fields no step edits (ids, timestamps) belong
// to Review.
WizardStep step_of_field(std::string_view field);

// The field name without an index: "departments[1]" -> "departments".
std::string_view base_field(std::string_view field);

// What the user can act on for `step`: the card's Complete-check problems on that step's fields.
std::vector<FieldProblem> step_problems(const IdeaCard& card, const ProgrammeConfig& programme, WizardStep step);

// The steps still holding a problem, in order (the review step lists them with a way back).
std::vector<WizardStep> steps_with_problems(const IdeaCard& card, const ProgrammeConfig& programme);

// The words for a problem: "validation.<rule>" from the strings, with {limit} filled in. The
// lookup is passed in so this stays free of the string table's language state.
template <class Lookup>
std::string describe_problem(const FieldProblem& problem, const Lookup& lookup) {
    std::string text = lookup("validation." + problem.rule);
    const auto at = text.find("{limit}");
    if (at != std::string::npos) text.replace(at, 7, std::to_string(problem.limit));
    return text;
}

} // namespace idekort
