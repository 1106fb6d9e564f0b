// CardState: where a card is on the server, from its arrival to its close (the programme's
// pipeline, common/pipeline.h and docs/API.md "Card states"). A funded card's step (1 ... N, from
// the programme file) is kept beside the state, not in it, because the number of steps is the
// programme's choice. v1 servers set only Received. The text forms are what the API sends and the
// store keeps.
#pragma once

#include <optional>
#include <string_view>

namespace idekort {

enum class CardState {
    Received,         // arrived; waits for the central office
    Triaged,          // the central office has given it a theme
    InScreening,      // on a screening meeting's agenda
    InvitedToPitch,   // the directors saw strategic fit; its author is invited to pitch
    Pitched,          // the pitch was held
    StepFunded,       // a funding step (or, with no steps, advice) is under way, with a test card
    LearningRecorded, // the step's test card has its learning; the next step or the close follows
    Closed,           // with a reason and feedback for the person who wrote it
};

std::string_view to_string(CardState state);
std::optional<CardState> parse_card_state(std::string_view text);

} // namespace idekort
