// The Innovationsmotor's process table: every action from every state by every role, against an
// expectation written out here by hand (not read from the table under test), and the checks
// that protect a decision: staleness, the director's themes, the programme's steps, reasons and
// feedback for the author.
#include "common/pipeline.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

using namespace idekort;

namespace {

const std::vector<CardState> all_states = {CardState::Received,   CardState::Triaged,    CardState::InScreening,
                                           CardState::InvitedToPitch, CardState::Pitched, CardState::StepFunded,
                                           CardState::LearningRecorded, CardState::Closed};
const std::vector<Role> all_roles = {Role::Admin, Role::Triage, Role::Director, Role::Facilitator};

// "action from-state role -> to-state", one line per allowed move, as the programme describes it.
const char* const allowed_moves = R"(
triage received admin -> triaged
triage received triage -> triaged
triage triaged admin -> triaged
triage triaged triage -> triaged
merge_duplicate received admin -> closed
merge_duplicate received triage -> closed
merge_duplicate triaged admin -> closed
merge_duplicate triaged triage -> closed
plan_screening triaged admin -> in_screening
plan_screening triaged triage -> in_screening
invite_to_pitch in_screening admin -> invited_to_pitch
invite_to_pitch in_screening director -> invited_to_pitch
ask_for_more in_screening admin -> triaged
ask_for_more in_screening director -> triaged
record_pitch invited_to_pitch admin -> pitched
record_pitch invited_to_pitch triage -> pitched
record_pitch invited_to_pitch director -> pitched
fund_step pitched admin -> step_funded
fund_step pitched director -> step_funded
fund_step learning_recorded admin -> step_funded
fund_step learning_recorded director -> step_funded
record_learning step_funded admin -> learning_recorded
record_learning step_funded director -> learning_recorded
close received admin -> closed
close received triage -> closed
close triaged admin -> closed
close triaged triage -> closed
close in_screening admin -> closed
close in_screening director -> closed
close invited_to_pitch admin -> closed
close invited_to_pitch director -> closed
close pitched admin -> closed
close pitched director -> closed
close step_funded admin -> closed
close step_funded director -> closed
close learning_recorded admin -> closed
close learning_recorded director -> closed
)";

// The actions each role may take from some state: anything else is "not your role".
const std::set<std::pair<std::string, std::string>> role_actions = {
    {"admin", "triage"},          {"admin", "merge_duplicate"}, {"admin", "plan_screening"},
    {"admin", "invite_to_pitch"}, {"admin", "ask_for_more"},    {"admin", "record_pitch"},
    {"admin", "fund_step"},       {"admin", "record_learning"}, {"admin", "close"},
    {"triage", "triage"},         {"triage", "merge_duplicate"}, {"triage", "plan_screening"},
    {"triage", "record_pitch"},   {"triage", "close"},
    {"director", "invite_to_pitch"}, {"director", "ask_for_more"}, {"director", "record_pitch"},
    {"director", "fund_step"},    {"director", "record_learning"}, {"director", "close"},
};

std::map<std::tuple<std::string, std::string, std::string>, std::string> expected_moves() {
    std::map<std::tuple<std::string, std::string, std::string>, std::string> moves;
    std::istringstream lines(allowed_moves);
    std::string action, from, role, arrow, to;
    while (lines >> action >> from >> role >> arrow >> to) moves[{action, from, role}] = to;
    return moves;
}

// A reason the programme allows when closing from `state` (stopped after a test only once a
// step has run; no strategic fit before).
CloseReason fitting_reason(CardState state) {
    return state == CardState::StepFunded || state == CardState::LearningRecorded ? CloseReason::StoppedAfterTest
                                                                                   : CloseReason::NoStrategicFit;
}

PipelineRequest complete_request(PipelineAction action, CardState state, std::int64_t version) {
    PipelineRequest r;
    r.action = action;
    r.expected_version = version;
    r.theme = "climate";
    r.merged_into = "0c6f3b5e-8a51-4a4e-9c36-0b8c2a8f6c11";
    r.reason = fitting_reason(state);
    r.feedback = "Tak for idéen. Vi har valgt ...";
    return r;
}

PipelinePosition at(CardState state, int step = 0) {
    PipelinePosition p;
    p.state = state;
    p.step = step;
    p.theme = state == CardState::Received ? "" : "climate";
    p.version = 7;
    return p;
}

const PipelineActor climate_director{Role::Director, {"climate"}};

} // namespace

TEST_CASE("[pipeline] every action from every state by every role does what the programme says, and nothing else") {
    const auto moves = expected_moves();
    REQUIRE(moves.size() == 37); // the list above parsed whole
    const ProgrammeConfig& programme = test::shipped_programme();
    REQUIRE(programme.investment_steps.size() >= 2);
    int allowed = 0, refused = 0;
    for (CardState state : all_states) {
        for (PipelineAction action : all_pipeline_actions()) {
            for (Role role : all_roles) {
                const PipelineActor actor = role == Role::Director ? climate_director : PipelineActor{role, {}};
                // Step 1 funded, so that the next step exists in the shipped programme.
                const PipelinePosition now = at(state, state == CardState::StepFunded || state == CardState::LearningRecorded ? 1 : 0);
                const auto decision = decide(now, complete_request(action, state, now.version), actor, programme);
                const auto key = std::make_tuple(std::string(to_string(action)), std::string(to_string(state)), std::string(to_string(role)));
                CAPTURE(std::get<0>(key));
                CAPTURE(std::get<1>(key));
                CAPTURE(std::get<2>(key));
                const auto expected = moves.find(key);
                if (expected != moves.end()) {
                    REQUIRE_MESSAGE(decision, decision.refusal.message);
                    CHECK(to_string(decision.after->state) == expected->second);
                    CHECK(decision.after->version == now.version + 1);
                    ++allowed;
                } else {
                    REQUIRE_FALSE(decision);
                    const bool role_may = role_actions.count({std::get<2>(key), std::get<0>(key)}) > 0;
                    CHECK(decision.refusal.kind == (role_may ? Refusal::WrongState : Refusal::NotYourRole));
                    CHECK_FALSE(decision.refusal.message.empty());
                    ++refused;
                }
            }
        }
    }
    CHECK(allowed == 37);
    CHECK(allowed + refused == 8 * 9 * 4);
}

TEST_CASE("[pipeline] a director decides only for the themes they answer for; the central office and admin for all") {
    const ProgrammeConfig& programme = test::shipped_programme();
    const PipelineActor other_director{Role::Director, {"integration"}};
    const auto d = decide(at(CardState::InScreening), complete_request(PipelineAction::InviteToPitch, CardState::InScreening, 7),
                          other_director, programme);
    REQUIRE_FALSE(d);
    CHECK(d.refusal.kind == Refusal::NotYourTheme);
    CHECK(d.refusal.message.find("climate") != std::string::npos);
    CHECK(decide(at(CardState::InvitedToPitch), complete_request(PipelineAction::RecordPitch, CardState::InvitedToPitch, 7),
                 PipelineActor{Role::Triage, {}}, programme));
}

TEST_CASE("[pipeline] two directors deciding at once: the second is told the card changed, with its state now") {
    const ProgrammeConfig& programme = test::shipped_programme();
    const PipelinePosition seen = at(CardState::InScreening);
    const auto first = decide(seen, complete_request(PipelineAction::InviteToPitch, CardState::InScreening, seen.version),
                              climate_director, programme);
    REQUIRE(first);
    const auto second = decide(*first.after, complete_request(PipelineAction::Close, CardState::InScreening, seen.version),
                               climate_director, programme);
    REQUIRE_FALSE(second);
    CHECK(second.refusal.kind == Refusal::Stale);
    CHECK(second.refusal.message.find("invited_to_pitch") != std::string::npos);
}

TEST_CASE("[pipeline] a card climbs the programme's steps one at a time and no further than the programme has") {
    const ProgrammeConfig& programme = test::shipped_programme();
    const int steps = static_cast<int>(programme.investment_steps.size());
    PipelinePosition card = at(CardState::Pitched);
    for (int k = 1; k <= steps; ++k) {
        auto funded = decide(card, complete_request(PipelineAction::FundStep, card.state, card.version), climate_director, programme);
        REQUIRE_MESSAGE(funded, funded.refusal.message);
        CHECK(funded.after->step == k);
        auto learned = decide(*funded.after, complete_request(PipelineAction::RecordLearning, CardState::StepFunded, funded.after->version),
                              climate_director, programme);
        REQUIRE(learned);
        card = *learned.after;
    }
    const auto beyond = decide(card, complete_request(PipelineAction::FundStep, card.state, card.version), climate_director, programme);
    REQUIRE_FALSE(beyond);
    CHECK(beyond.refusal.kind == Refusal::Invalid);
    CHECK(beyond.refusal.message.find(std::to_string(steps) + " funding steps") != std::string::npos);
    // The end of the last step is a close: handed on to a larger fund.
    PipelineRequest close = complete_request(PipelineAction::Close, card.state, card.version);
    close.reason = CloseReason::HandedOn;
    const auto closed = decide(card, close, climate_director, programme);
    REQUIRE(closed);
    CHECK(closed.after->close_reason == CloseReason::HandedOn);
    CHECK(closed.after->step == steps); // the steps it reached are kept
}

TEST_CASE("[pipeline] with no funding steps the process runs as an advice track: one round of advice, then a close") {
    ProgrammeConfig advice = test::shipped_programme();
    advice.investment_steps.clear();
    PipelinePosition card = at(CardState::Pitched);
    const auto given = decide(card, complete_request(PipelineAction::FundStep, card.state, card.version), climate_director, advice);
    REQUIRE(given);
    const auto learned = decide(*given.after, complete_request(PipelineAction::RecordLearning, CardState::StepFunded, given.after->version),
                                climate_director, advice);
    REQUIRE(learned);
    const auto again = decide(*learned.after, complete_request(PipelineAction::FundStep, CardState::LearningRecorded, learned.after->version),
                              climate_director, advice);
    REQUIRE_FALSE(again);
    CHECK(again.refusal.message.find("advice") != std::string::npos);
    CHECK(available_actions(*learned.after, climate_director, advice) == std::vector<PipelineAction>{PipelineAction::Close});
}

TEST_CASE("[pipeline] the author is always told why, the theme is one of the programme's, and reasons fit the moment") {
    const ProgrammeConfig& programme = test::shipped_programme();
    const PipelineActor office{Role::Triage, {}};

    PipelineRequest triage = complete_request(PipelineAction::Triage, CardState::Received, 7);
    triage.theme = "space_travel";
    auto d = decide(at(CardState::Received), triage, office, programme);
    REQUIRE_FALSE(d);
    CHECK(d.refusal.kind == Refusal::Invalid);
    CHECK(d.refusal.message.find("space_travel") != std::string::npos);
    triage.theme = "integration";
    d = decide(at(CardState::Received), triage, office, programme);
    REQUIRE(d);
    CHECK(d.after->theme == "integration");

    PipelineRequest close = complete_request(PipelineAction::Close, CardState::Triaged, 7);
    close.feedback.clear();
    d = decide(at(CardState::Triaged), close, office, programme);
    REQUIRE_FALSE(d);
    CHECK(d.refusal.message.find("why") != std::string::npos);

    close = complete_request(PipelineAction::Close, CardState::Triaged, 7);
    close.reason = CloseReason::StoppedAfterTest; // nothing was tested yet
    d = decide(at(CardState::Triaged), close, office, programme);
    REQUIRE_FALSE(d);
    CHECK(d.refusal.message.find("stopped_after_test") != std::string::npos);
    close.reason = CloseReason::Duplicate; // duplicates go through merge_duplicate, which names the other card
    CHECK_FALSE(decide(at(CardState::Triaged), close, office, programme));

    PipelineRequest merge = complete_request(PipelineAction::MergeDuplicate, CardState::Triaged, 7);
    merge.merged_into.clear();
    CHECK_FALSE(decide(at(CardState::Triaged), merge, office, programme));
    merge = complete_request(PipelineAction::MergeDuplicate, CardState::Triaged, 7);
    d = decide(at(CardState::Triaged), merge, office, programme);
    REQUIRE(d);
    CHECK(d.after->close_reason == CloseReason::Duplicate);
    CHECK(d.after->merged_into == merge.merged_into);

    PipelineRequest ask = complete_request(PipelineAction::AskForMore, CardState::InScreening, 7);
    ask.feedback.clear();
    CHECK_FALSE(decide(at(CardState::InScreening), ask, climate_director, programme));
}

TEST_CASE("[pipeline] the office app's buttons are exactly the actions that would succeed") {
    const ProgrammeConfig& programme = test::shipped_programme();
    CHECK(available_actions(at(CardState::Received), PipelineActor{Role::Triage, {}}, programme) ==
          std::vector<PipelineAction>{PipelineAction::Triage, PipelineAction::MergeDuplicate, PipelineAction::Close});
    CHECK(available_actions(at(CardState::InScreening), climate_director, programme) ==
          std::vector<PipelineAction>{PipelineAction::InviteToPitch, PipelineAction::AskForMore, PipelineAction::Close});
    CHECK(available_actions(at(CardState::InScreening), PipelineActor{Role::Director, {"integration"}}, programme).empty());
    CHECK(available_actions(at(CardState::Closed), PipelineActor{Role::Admin, {}}, programme).empty());
    CHECK(available_actions(at(CardState::Triaged), PipelineActor{Role::Facilitator, {}}, programme).empty());
}

TEST_CASE("[pipeline] actions and reasons read back from their text, and nothing else does") {
    for (PipelineAction a : all_pipeline_actions()) CHECK(parse_pipeline_action(to_string(a)) == a);
    for (CloseReason r : {CloseReason::NoStrategicFit, CloseReason::Duplicate, CloseReason::StoppedAfterTest, CloseReason::HandedOn,
                          CloseReason::Withdrawn})
        CHECK(parse_close_reason(to_string(r)) == r);
    CHECK_FALSE(parse_pipeline_action("fund"));
    CHECK_FALSE(parse_close_reason("bad"));
}

TEST_CASE("[pipeline] the programme file words every close reason under the id the pipeline uses") {
    auto programme = ProgrammeConfig::parse(test::read_project_file("assets/programme/programme.json"), "programme.json");
    REQUIRE(programme.ok());
    std::set<std::string> worded;
    for (const NamedItem& reason : programme.value().close_reasons) {
        CAPTURE(reason.id);
        CHECK(parse_close_reason(reason.id).has_value());
        worded.insert(reason.id);
    }
    for (CloseReason r : {CloseReason::NoStrategicFit, CloseReason::Duplicate, CloseReason::StoppedAfterTest, CloseReason::HandedOn,
                          CloseReason::Withdrawn})
        CHECK(worded.count(std::string(to_string(r))) == 1);
}
