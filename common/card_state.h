// CardState: where a card is on the server, from its arrival to its close (the programme's
// pipeline, docs/API.md "Card states"). v1 servers set only Received; the office app will move
// cards on. The text forms are what the API sends and the store keeps.
#pragma once

#include <optional>
#include <string_view>

namespace idekort {

enum class CardState { Received, Triaged, InScreening, InvitedToPitch, Step1Funded, Step2Funded, Step3Funded, Closed };

std::string_view to_string(CardState state);
std::optional<CardState> parse_card_state(std::string_view text);

} // namespace idekort
