// Exports of stored cards for the central office: CSV for spreadsheets and JSON for tools.
//
// The CSV opens correctly in Excel and LibreOffice: UTF-8 with a byte-order mark (without it
// Excel reads "Ørum" as "Ã˜rum"), CRLF rows, every cell quoted. A cell starting with = + - @,
// tab or carriage return is prefixed with an apostrophe, so a card titled "=HYPERLINK(...)"
// is shown as text, never run as a formula (OWASP "CSV injection").
#pragma once

#include "common/protocol/cards.h"
#include "server/store/storage.h"

#include <string>
#include <string_view>
#include <vector>

namespace idekort::server {

// One CSV cell, quoted and escaped as above.
std::string csv_cell(std::string_view value);
std::string cards_csv(const std::vector<StoredCard>& cards);
// The same in pieces, for a streamed export: the byte-order mark and header row, then rows.
std::string cards_csv_header();
std::string cards_csv_rows(const std::vector<StoredCard>& cards);

// A stored card as the protocol lists it (GET /api/v1/cards, the JSON export).
protocol::StoredCardEntry stored_card_entry(const StoredCard& card);

} // namespace idekort::server
