// Exports of stored cards for the central office: CSV for spreadsheets and JSON for tools.
//
// The CSV opens correctly in Excel and LibreOffice: UTF-8 with a byte-order mark (without it
// Excel reads "Ørum" as "Ã˜rum"), CRLF rows, every cell quoted. A cell starting with = + - @,
// tab or carriage return is prefixed with an apostrophe, so a card titled "=HYPERLINK(...)"
// is shown as text, never run as a formula (OWASP "CSV injection").
#pragma once

#include "server/store/storage.h"

#include <string>
#include <string_view>
#include <vector>

namespace idekort::server {

// One CSV cell, quoted and escaped as above.
std::string csv_cell(std::string_view value);
std::string cards_csv(const std::vector<StoredCard>& cards);

// {"card_id":...,"receipt":...,"received_at":...,"state":...,"theme":...,"sender":...,"card":{...}}
std::string stored_card_json(const StoredCard& card);

} // namespace idekort::server
