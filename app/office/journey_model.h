// JourneyModel: the rules of a card's pipeline page after the screening meeting (issue 15),
// without ImGui so tests and the screen share them: which editor the card's state calls for
// (the pitch, the directors' go/no-go, the test card, the learning, the decision after it), the
// step's amount from the programme (none on an advice track), the draft being written and how
// it is kept in the office store, and the checks a person is told about before anything is sent.
// The server still decides: the budget against the step and the theme's yearly budget, the
// state, the version (docs/API.md, "The pipeline").
#pragma once

#include "common/programme_config.h"
#include "common/protocol/pipeline.h"

#include <optional>
#include <string>
#include <vector>

namespace idekort::office {

// What the page offers for the card's state now.
enum class JourneyStage {
    BeforePitch,     // triage and screening still decide (the inbox, the meeting)
    Pitch,           // invited_to_pitch: record that the pitch took place
    GoNoGo,          // pitched: fund step 1 (its test card) or close with feedback
    Learning,        // step_funded: what we believed, observed and learned, and the decision
    AfterLearning,   // learning_recorded: the next step's test card, stop, or hand on
    Closed,
};
JourneyStage stage_of(CardState state);

// What is being written on the page, kept in the office store under journey_draft_key() from the
// first letter until the server acknowledged it. `request.action` says which editor it belongs to
// (record_pitch, fund_step, record_learning, close); the budget and the pitch's date are kept as
// typed, so that text that is not yet a number or a date is not lost either.
struct JourneyDraft {
    protocol::TransitionRequest request;
    std::string budget_text;   // fund_step: kroner as typed ("25.000")
    std::string pitch_date;    // record_pitch: YYYY-MM-DD the pitch took place

    void write(json::Writer& w) const;
    static JourneyDraft read(json::ObjectReader& r);
};
std::string journey_draft_key(const std::string& card_id);   // "journey:<card id>"
constexpr char journey_draft_prefix[] = "journey:";

// The money of the step a fund_step would start (`funded_steps` + 1): its amount, or nothing on
// an advice track (a programme without steps), where the test card has no money fields.
struct StepMoney {
    int step = 1;
    bool advice = false;
    long long amount_dkk = 0;
};
StepMoney next_step_money(const ProgrammeConfig& programme, int funded_steps);

// "25.000", "25000", "25 000 kr." -> 25000; nothing when it is not a whole number of kroner.
std::optional<long long> parse_kroner(const std::string& text);
std::string format_kroner(long long amount);   // 25000 -> "25.000"
bool is_iso_date(const std::string& text);     // YYYY-MM-DD, a real calendar date

// The fields of a draft a person must still fill in or correct, as string keys of the editor
// ("office.journey.missing.hypothesis", ...), in the order the editor shows them. The budget is
// checked only as a number here; its limits are the server's (its refusal is shown in words).
std::vector<std::string> draft_problems(const JourneyDraft& draft, const StepMoney& money);

// The request the draft sends: trimmed text, the budget as kroner (0 on an advice track), the
// pitch's date in the log's `why`.
protocol::TransitionRequest request_of(const JourneyDraft& draft, const StepMoney& money);

// The close reason the decision after a step's learning leads to ("stopped_after_test",
// "handed_on"), and for a no-go after the pitch.
std::string close_reason_after(CardState state, const std::string& learning_decision);

} // namespace idekort::office
