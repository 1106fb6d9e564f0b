// Card states as text (see card_state.h).
#include "common/card_state.h"

#include "common/enum_names.h"

namespace idekort {

namespace {
constexpr EnumNames<CardState, 8> names = {{
    {CardState::Received, "received"},
    {CardState::Triaged, "triaged"},
    {CardState::InScreening, "in_screening"},
    {CardState::InvitedToPitch, "invited_to_pitch"},
    {CardState::Pitched, "pitched"},
    {CardState::StepFunded, "step_funded"},
    {CardState::LearningRecorded, "learning_recorded"},
    {CardState::Closed, "closed"},
}};
} // namespace

std::string_view to_string(CardState state) { return enum_name(names, state); }

std::optional<CardState> parse_card_state(std::string_view text) { return enum_value(names, text); }

} // namespace idekort
