// The dashboard (issue 14): the store's raw figures (DashboardFacts) made into the reply the
// office app draws, and its CSV form. Kept apart from the handler so that a test or the
// benchmark can build the same reply from the same facts.
#pragma once

#include "common/programme_config.h"
#include "common/protocol/dashboard.h"
#include "server/store/storage.h"

#include <cstdint>
#include <string>
#include <vector>

namespace idekort::server {

// `themes`: the programme's themes the asker may see, in the programme's order.
protocol::DashboardReply dashboard_reply(const DashboardFacts& facts, const std::vector<const ProgrammeTheme*>& themes,
                                         const std::vector<LedgerLine>& ledger, int year, int waiting_days, std::int64_t now_ms);

// One section per list of the reply, each opened by a line naming it and a header line, with an
// empty line between sections; the card export's CSV rules (BOM, quoting, formula guard).
std::string dashboard_csv(const protocol::DashboardReply& reply);

} // namespace idekort::server
