// The Innovationsmotor's process as data: which actions move a card from which state to which,
// who may take each, and what each needs. The server applies it to every request and the office
// app reads the same table to offer only the buttons that will work; neither has its own copy.
//
// The process (docs/API.md, "The pipeline"): the central office sorts a received card under a
// theme (or closes it as a duplicate or for no strategic fit) and puts it on a screening
// meeting's agenda; the theme's directors score it and invite its author to pitch, ask the author
// for more, or close it; after the pitch they fund step 1 with a test card; each step's learning
// is recorded, and then the next step is funded or the card is closed. The number of steps comes
// from the programme file; with none (an advice-only programme) the "step" is advice, not money.
//
// Deciding is pure: decide() takes the card's position, the request and who asks, and returns
// the new position or a refusal that says why in words. Storing the position, the append-only
// log, budgets and meetings are the server's.
#pragma once

#include "common/card_state.h"
#include "common/programme_config.h"
#include "common/protocol/accounts.h" // Role
#include "common/status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

// What someone does to a card. The text forms travel in the API and the log.
enum class PipelineAction {
    Triage,         // set (or change) the card's theme
    MergeDuplicate, // close the card as a duplicate of another card
    PlanScreening,  // put the card on a screening meeting's agenda
    InviteToPitch,  // the directors saw strategic fit
    AskForMore,     // the directors need more from the author; the card goes back to triage
    RecordPitch,    // the pitch was held
    FundStep,       // the next funding step, with its test card
    RecordLearning, // the step's learning: believed, observed, learned
    Close,          // with a reason and feedback for the author
};
std::string_view to_string(PipelineAction action);
std::optional<PipelineAction> parse_pipeline_action(std::string_view text);
const std::vector<PipelineAction>& all_pipeline_actions();

// Why a card was closed (the seed's "lukket tidligt", and the close after a test).
enum class CloseReason {
    NoStrategicFit,   // screened, and no fit with the strategy
    Duplicate,        // merged into another card (only through MergeDuplicate)
    StoppedAfterTest, // a test showed it should stop
    HandedOn,         // handed on to a larger fund or an operation
    Withdrawn,        // its author withdrew it
};
std::string_view to_string(CloseReason reason);
std::optional<CloseReason> parse_close_reason(std::string_view text);

// Where a card is. `version` grows by one with every transition, so a request made against an
// older view of the card is told so (two directors deciding at once: one wins).
struct PipelinePosition {
    CardState state = CardState::Received;
    int step = 0;                // funding steps reached; kept when the card is closed
    std::string theme;           // set by triage; empty until then
    std::optional<CloseReason> close_reason;
    std::string merged_into;     // a duplicate's surviving card
    std::int64_t version = 0;
};

// Who asks: the account's role, and for a director the themes they answer for.
struct PipelineActor {
    Role role = Role::Triage;
    std::vector<std::string> themes;
};

struct PipelineRequest {
    PipelineAction action = PipelineAction::Triage;
    std::int64_t expected_version = 0; // the version the asker saw
    std::string theme;                 // Triage
    std::string merged_into;           // MergeDuplicate: the surviving card's id
    std::optional<CloseReason> reason; // Close
    std::string feedback;              // Close, MergeDuplicate, AskForMore: words for the author
};

// One row of the process table. An action may have several rows (Close has one for the central
// office and one for the directors); a request is allowed when one row matches it.
struct PipelineRule {
    PipelineAction action;
    std::vector<CardState> from;
    CardState to;                      // for Close and MergeDuplicate: Closed
    std::vector<Role> roles;
    bool theme_bound = false;          // a director must answer for the card's theme
    std::vector<CloseReason> reasons;  // Close: the reasons this row allows
};
const std::vector<PipelineRule>& pipeline_rules();

// Why a request was refused; the server maps it to a status (403, 409, 422).
enum class Refusal {
    NotYourRole,  // this role never takes this action (403)
    NotYourTheme, // a director, for a theme they do not answer for (403)
    Stale,        // the card changed since the asker saw it (409, with the current state)
    WrongState,   // not from the card's state (409)
    Invalid,      // the request lacks something or names something unknown (422)
};
std::string_view to_string(Refusal refusal);

struct PipelineRefusal {
    Refusal kind = Refusal::Invalid;
    std::string message; // in words, for the person who asked
};

// The card's position after `request`, or why not. Checks, in order: the role, staleness, the
// state, the director's theme, then the request's own content against the programme (a known
// theme, a step the programme has, a reason this row allows, feedback when the author is told).
struct PipelineDecision {
    std::optional<PipelinePosition> after;
    PipelineRefusal refusal;
    explicit operator bool() const { return after.has_value(); }
};
PipelineDecision decide(const PipelinePosition& now, const PipelineRequest& request, const PipelineActor& actor,
                        const ProgrammeConfig& programme);

// What `actor` may do to a card in `now` (the office app's buttons).
std::vector<PipelineAction> available_actions(const PipelinePosition& now, const PipelineActor& actor,
                                              const ProgrammeConfig& programme);

// Who may see the contact details of the person who wrote a card (issue 14, GDPR Art. 5 and 25):
// the central office (triage) and administrators always; a director only once the card has
// been invited to pitch (the author is then met in person), also after a close that followed.
// `reached_pitch`: the card is, or was, invited to pitch. Facilitators never.
bool may_see_contact(Role role, CardState state, bool reached_pitch);

} // namespace idekort
