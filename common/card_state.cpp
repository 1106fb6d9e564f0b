// Card states as text (see card_state.h).
#include "common/card_state.h"

#include <array>
#include <utility>

namespace idekort {

namespace {
constexpr std::array<std::pair<CardState, std::string_view>, 8> names = {{
    {CardState::Received, "received"},
    {CardState::Triaged, "triaged"},
    {CardState::InScreening, "in_screening"},
    {CardState::InvitedToPitch, "invited_to_pitch"},
    {CardState::Step1Funded, "step_1_funded"},
    {CardState::Step2Funded, "step_2_funded"},
    {CardState::Step3Funded, "step_3_funded"},
    {CardState::Closed, "closed"},
}};
} // namespace

std::string_view to_string(CardState state) {
    for (const auto& [s, name] : names)
        if (s == state) return name;
    return "received";
}

std::optional<CardState> parse_card_state(std::string_view text) {
    for (const auto& [s, name] : names)
        if (name == text) return s;
    return std::nullopt;
}

} // namespace idekort
