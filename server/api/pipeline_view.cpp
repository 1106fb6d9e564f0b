// The pipeline's replies and refusals (see pipeline_view.h).
#include "server/api/pipeline_view.h"

#include "common/protocol/wire.h"
#include "common/rfc3339.h"

namespace idekort::server {

protocol::PipelineCardReply pipeline_reply(const CardPipeline& card, const std::vector<PipelineAction>& actions,
                                           const std::vector<LoggedTransition>& log, const std::vector<TestCard>& tests) {
    protocol::PipelineCardReply r;
    r.card_id = card.card_id;
    r.receipt = card.receipt;
    r.state = card.position.state;
    r.step = card.position.step;
    r.theme = card.position.theme;
    if (card.position.close_reason) r.close_reason = std::string(to_string(*card.position.close_reason));
    r.merged_into = card.position.merged_into;
    r.feedback = card.feedback;
    r.version = card.position.version;
    r.changed_at = format_utc_ms(card.changed_ms);
    for (PipelineAction a : actions) r.actions.emplace_back(to_string(a));
    for (const LoggedTransition& t : log)
        r.log.push_back({t.version, std::string(to_string(t.action)), t.from, t.to, t.step, t.by, to_string(t.role),
                         format_utc_ms(t.at_ms), t.why});
    for (const TestCard& t : tests)
        r.test_cards.push_back({t.step, t.hypothesis, t.test, t.measure, t.success_criterion, t.period_from, t.period_to, t.budget_dkk,
                                t.owner, t.believed, t.observed, t.learned, t.learning_decision});
    return r;
}

int refusal_status(Refusal refusal) {
    switch (refusal) {
    case Refusal::NotYourRole:
    case Refusal::NotYourTheme: return 403;
    case Refusal::Stale:
    case Refusal::WrongState: return 409;
    case Refusal::Invalid: return 422;
    }
    return 422;
}

std::string_view refusal_code(Refusal refusal) {
    switch (refusal) {
    case Refusal::NotYourRole: return protocol::error_code::not_your_role;
    case Refusal::NotYourTheme: return protocol::error_code::not_your_theme;
    case Refusal::Stale: return protocol::error_code::stale_version;
    case Refusal::WrongState: return protocol::error_code::wrong_state;
    case Refusal::Invalid: return protocol::error_code::validation;
    }
    return protocol::error_code::validation;
}

std::string action_names() {
    std::string names;
    for (PipelineAction a : all_pipeline_actions()) names += (names.empty() ? "" : ", ") + std::string(to_string(a));
    return names;
}

std::string close_reason_names() {
    std::string names;
    for (CloseReason r : {CloseReason::NoStrategicFit, CloseReason::Duplicate, CloseReason::StoppedAfterTest, CloseReason::HandedOn,
                          CloseReason::Withdrawn})
        names += (names.empty() ? "" : ", ") + std::string(to_string(r));
    return names;
}

} // namespace idekort::server
