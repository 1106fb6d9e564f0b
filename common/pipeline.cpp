// The Innovationsmotor's process table and the decision on one request (see pipeline.h).
#include "common/pipeline.h"

#include "common/enum_names.h"

#include <algorithm>
#include <utility>

namespace idekort {

namespace {

constexpr EnumNames<PipelineAction, 9> action_names = {{
    {PipelineAction::Triage, "triage"},
    {PipelineAction::MergeDuplicate, "merge_duplicate"},
    {PipelineAction::PlanScreening, "plan_screening"},
    {PipelineAction::InviteToPitch, "invite_to_pitch"},
    {PipelineAction::AskForMore, "ask_for_more"},
    {PipelineAction::RecordPitch, "record_pitch"},
    {PipelineAction::FundStep, "fund_step"},
    {PipelineAction::RecordLearning, "record_learning"},
    {PipelineAction::Close, "close"},
}};

constexpr EnumNames<CloseReason, 5> reason_names = {{
    {CloseReason::NoStrategicFit, "no_strategic_fit"},
    {CloseReason::Duplicate, "duplicate"},
    {CloseReason::StoppedAfterTest, "stopped_after_test"},
    {CloseReason::HandedOn, "handed_on"},
    {CloseReason::Withdrawn, "withdrawn"},
}};

template <class T>
bool contains(const std::vector<T>& items, const T& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

using S = CardState;
using A = PipelineAction;
using R = Role;
using C = CloseReason;

// The process. Admin may do everything; the central office (triage) sorts and closes early; the
// directors decide for their themes from screening on. Facilitators run workshops, not cards.
const std::vector<PipelineRule> rules = {
    {A::Triage, {S::Received, S::Triaged}, S::Triaged, {R::Triage, R::Admin}, false, {}},
    {A::MergeDuplicate, {S::Received, S::Triaged}, S::Closed, {R::Triage, R::Admin}, false, {}},
    {A::PlanScreening, {S::Triaged}, S::InScreening, {R::Triage, R::Admin}, false, {}},
    {A::InviteToPitch, {S::InScreening}, S::InvitedToPitch, {R::Director, R::Admin}, true, {}},
    {A::AskForMore, {S::InScreening}, S::Triaged, {R::Director, R::Admin}, true, {}},
    {A::RecordPitch, {S::InvitedToPitch}, S::Pitched, {R::Triage, R::Director, R::Admin}, true, {}},
    {A::FundStep, {S::Pitched, S::LearningRecorded}, S::StepFunded, {R::Director, R::Admin}, true, {}},
    {A::RecordLearning, {S::StepFunded}, S::LearningRecorded, {R::Director, R::Admin}, true, {}},
    // The central office closes before screening: no fit, or the author withdrew.
    {A::Close, {S::Received, S::Triaged}, S::Closed, {R::Triage, R::Admin}, false, {C::NoStrategicFit, C::Withdrawn}},
    // The directors close from screening to the pitch ...
    {A::Close, {S::InScreening, S::InvitedToPitch, S::Pitched}, S::Closed, {R::Director, R::Admin}, true,
     {C::NoStrategicFit, C::HandedOn, C::Withdrawn}},
    // ... and after a step's learning (or, withdrawn, at any point of a test).
    {A::Close, {S::StepFunded, S::LearningRecorded}, S::Closed, {R::Director, R::Admin}, true,
     {C::StoppedAfterTest, C::HandedOn, C::Withdrawn}},
};

PipelineDecision refuse(Refusal kind, std::string message) { return {std::nullopt, {kind, std::move(message)}}; }

std::string states_text(const std::vector<CardState>& states) {
    std::string text;
    for (std::size_t i = 0; i < states.size(); ++i) text += (i ? (i + 1 == states.size() ? " or " : ", ") : "") + std::string(to_string(states[i]));
    return text;
}

bool answers_for(const PipelineActor& actor, const std::string& theme) {
    return actor.role != Role::Director || contains(actor.themes, theme);
}

// The request's own content, once the row is known.
std::optional<PipelineRefusal> check_content(const PipelinePosition& now, const PipelineRequest& request,
                                             const PipelineRule& rule, const ProgrammeConfig& programme) {
    const auto invalid = [](std::string m) { return PipelineRefusal{Refusal::Invalid, std::move(m)}; };
    switch (request.action) {
    case A::Triage:
        if (request.theme.empty()) return invalid("choose the card's theme");
        if (!programme.theme(request.theme)) return invalid("'" + request.theme + "' is not one of the programme's themes");
        break;
    case A::MergeDuplicate:
        if (request.merged_into.empty()) return invalid("name the card this one duplicates");
        if (request.feedback.empty()) return invalid("write the author a few words on where their idea went");
        break;
    case A::AskForMore:
        if (request.feedback.empty()) return invalid("write the author what the directors need to know");
        break;
    case A::FundStep: {
        const int steps = static_cast<int>(programme.investment_steps.size());
        if (steps == 0 && now.state == S::LearningRecorded)
            return invalid("this programme gives advice without funding steps; the advice has been given once");
        if (steps > 0 && now.step + 1 > steps)
            return invalid("the programme has " + std::to_string(steps) + " funding steps, and step " + std::to_string(now.step) +
                           " was the last; close the card (handed on or stopped)");
        break;
    }
    case A::Close:
        if (!request.reason) return invalid("give the reason for closing");
        if (!contains(rule.reasons, *request.reason))
            return invalid("a card that is " + std::string(to_string(now.state)) + " cannot be closed as '" +
                           std::string(to_string(*request.reason)) + "'");
        if (request.feedback.empty()) return invalid("write the author a few words on why");
        break;
    default:
        break;
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(PipelineAction action) { return enum_name(action_names, action); }
std::optional<PipelineAction> parse_pipeline_action(std::string_view text) { return enum_value(action_names, text); }
std::string_view to_string(CloseReason reason) { return enum_name(reason_names, reason); }
std::optional<CloseReason> parse_close_reason(std::string_view text) { return enum_value(reason_names, text); }

const std::vector<PipelineAction>& all_pipeline_actions() {
    static const std::vector<PipelineAction> actions = [] {
        std::vector<PipelineAction> all;
        for (const auto& [a, name] : action_names) all.push_back(a);
        return all;
    }();
    return actions;
}

std::string_view to_string(Refusal refusal) {
    switch (refusal) {
    case Refusal::NotYourRole: return "not_your_role";
    case Refusal::NotYourTheme: return "not_your_theme";
    case Refusal::Stale: return "stale_version";
    case Refusal::WrongState: return "wrong_state";
    case Refusal::Invalid: return "invalid";
    }
    return "invalid";
}

const std::vector<PipelineRule>& pipeline_rules() { return rules; }

PipelineDecision decide(const PipelinePosition& now, const PipelineRequest& request, const PipelineActor& actor,
                        const ProgrammeConfig& programme) {
    const auto rows_for_role = [&] {
        std::vector<const PipelineRule*> rows;
        for (const auto& rule : rules)
            if (rule.action == request.action && contains(rule.roles, actor.role)) rows.push_back(&rule);
        return rows;
    }();
    if (rows_for_role.empty())
        return refuse(Refusal::NotYourRole, std::string("a ") + to_string(actor.role) + " account cannot " +
                                                std::string(to_string(request.action)) + " a card");
    if (request.expected_version != now.version)
        return refuse(Refusal::Stale, "the card has changed since you saw it (version " + std::to_string(request.expected_version) +
                                          ", now " + std::to_string(now.version) + ": " + std::string(to_string(now.state)) + ")");
    const PipelineRule* rule = nullptr;
    for (const PipelineRule* row : rows_for_role)
        if (contains(row->from, now.state)) rule = row;
    if (!rule) {
        std::vector<CardState> from;
        for (const PipelineRule* row : rows_for_role) from.insert(from.end(), row->from.begin(), row->from.end());
        return refuse(Refusal::WrongState, "the card is " + std::string(to_string(now.state)) + "; '" +
                                               std::string(to_string(request.action)) + "' needs it " + states_text(from));
    }
    if (rule->theme_bound && !answers_for(actor, now.theme))
        return refuse(Refusal::NotYourTheme, "you do not answer for the theme '" + now.theme + "'");
    if (auto problem = check_content(now, request, *rule, programme)) return {std::nullopt, *problem};

    PipelinePosition after = now;
    after.state = rule->to;
    after.version = now.version + 1;
    switch (request.action) {
    case A::Triage: after.theme = request.theme; break;
    case A::MergeDuplicate:
        after.close_reason = CloseReason::Duplicate;
        after.merged_into = request.merged_into;
        break;
    case A::FundStep: after.step = now.step + 1; break;
    case A::Close: after.close_reason = request.reason; break;
    default: break;
    }
    return {std::move(after), {}};
}

std::vector<PipelineAction> available_actions(const PipelinePosition& now, const PipelineActor& actor,
                                              const ProgrammeConfig& programme) {
    std::vector<PipelineAction> actions;
    for (PipelineAction action : all_pipeline_actions()) {
        // A request as complete as it can be, so that only the state, role, theme and the
        // programme's steps decide.
        PipelineRequest probe;
        probe.action = action;
        probe.expected_version = now.version;
        probe.theme = programme.themes.empty() ? std::string() : programme.themes.front().id;
        probe.merged_into = "-";
        probe.feedback = "-";
        for (const auto& rule : rules)
            if (rule.action == action && contains(rule.from, now.state) && !rule.reasons.empty()) probe.reason = rule.reasons.front();
        if (decide(now, probe, actor, programme)) actions.push_back(action);
    }
    return actions;
}

bool may_see_contact(Role role, CardState state, bool reached_pitch) {
    switch (role) {
    case Role::Admin:
    case Role::Triage: return true;
    case Role::Director:
        switch (state) {
        case CardState::InvitedToPitch:
        case CardState::Pitched:
        case CardState::StepFunded:
        case CardState::LearningRecorded: return true;
        case CardState::Closed: return reached_pitch;
        case CardState::Received:
        case CardState::Triaged:
        case CardState::InScreening: return false;
        }
        return false;
    case Role::Facilitator: return false;
    }
    return false;
}

} // namespace idekort
