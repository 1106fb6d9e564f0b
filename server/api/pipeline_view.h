// How the API shows the pipeline (issue 14): a stored card's place as the protocol's reply, with
// the actions the asker may take now and its log, and how a refused decision maps to HTTP.
// Kept apart from api.cpp's handlers so that they stay a few lines each.
#pragma once

#include "common/pipeline.h"
#include "common/protocol/pipeline.h"
#include "server/store/storage.h"

#include <string_view>
#include <vector>

namespace idekort::server {

protocol::PipelineCardReply pipeline_reply(const CardPipeline& card, const std::vector<PipelineAction>& actions,
                                           const std::vector<LoggedTransition>& log = {}, const std::vector<TestCard>& tests = {});

// 403 for the role or theme, 409 for a stale version or the wrong state, 422 for the rest.
int refusal_status(Refusal refusal);
std::string_view refusal_code(Refusal refusal);

// "triage, merge_duplicate, ..." for messages that list what is possible.
std::string action_names();
std::string close_reason_names();

} // namespace idekort::server
