// The workshop's printable summary (GET /api/v1/workshops/{code}/export?format=summary, issue
// 16): one HTML page laid out for A4 that the facilitator prints or mails after the room has
// gone. The clusters in the wall's order, each under its colour with its theme and its dots, its
// cards ranked by dots with their idea; then the cards in no cluster, and how many were hidden.
// Every word around the cards comes from the strings files (status.summary.*, StatusWords) in
// the language asked for; every word from a participant is escaped, because the page opens in a
// browser.
#pragma once

#include "common/programme_config.h"
#include "common/protocol/workshop.h"
#include "server/api/status_words.h"

#include <string>
#include <string_view>
#include <vector>

namespace idekort::server {

// `cards` ranked (most dots first); only shown cards are listed.
std::string workshop_summary_html(const protocol::WorkshopInfo& info, const std::vector<protocol::WorkshopCluster>& clusters,
                                  const std::vector<protocol::WallCard>& cards, const ProgrammeConfig& programme,
                                  const StatusWords& words, std::string_view language);

} // namespace idekort::server
